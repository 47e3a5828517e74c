package org.ddpmexplorer.ui.common;

import java.util.Objects;
import java.util.function.Supplier;
import org.ddpmexplorer.io.AnimationSource;

/**
 * What a view hands {@link GifExportDialog}: a description of its animation and a factory for a
 * fresh {@link AnimationSource} (one per export; the source may be a live sampler, run on the
 * export's background thread). Independent of any view: the forward tab builds one from
 * {@code AnimationSources.forward(...)}, a generate view from {@code AnimationSources.sampling(...)}
 * or from frames it recorded ({@code AnimationSources.of(...)}).
 *
 * @param title             what is exported, for the dialog's header ("Noising astronaut.png")
 * @param suggestedFileName the default file name, e.g. "astronaut-noising.gif"
 * @param frames            the number of frames the source will yield (source.size())
 * @param batch             images per frame (source.batch())
 * @param hasPredictedStart whether frames carry x̂_0 (offers the x_t | x̂_0 layout)
 * @param imageWidth        width of one image, px
 * @param imageHeight       height of one image, px
 * @param defaultScale      the zoom the dialog proposes (4 for 28-px samples, 1 for photos)
 * @param source            makes the source; called once per export, on the background thread
 */
public record AnimationExport(String title, String suggestedFileName, int frames, int batch, boolean hasPredictedStart,
                              int imageWidth, int imageHeight, int defaultScale, Supplier<AnimationSource> source) {
    public AnimationExport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(suggestedFileName, "suggestedFileName");
        Objects.requireNonNull(source, "source");
        if (frames < 1 || batch < 1 || imageWidth < 1 || imageHeight < 1 || defaultScale < 1) {
            throw new IllegalArgumentException("bad animation: " + frames + " frames of " + batch + " images "
                    + imageWidth + "x" + imageHeight + ", scale " + defaultScale);
        }
    }

    /** The zoom to propose for an image of this size: crisp pixels for model-sized images, none for photos. */
    public static int scaleFor(int longSide) {
        return longSide <= 32 ? 4 : longSide <= 64 ? 3 : longSide <= 128 ? 2 : 1;
    }
}
