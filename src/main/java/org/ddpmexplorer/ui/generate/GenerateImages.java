package org.ddpmexplorer.ui.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ddpmexplorer.io.AnimationSources;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.ImageTensors;
import org.ddpmexplorer.ui.common.AnimationExport;
import org.ddpmexplorer.ui.common.SharedImage;

/**
 * The Generate tab's image conversions: the Forward tab's image as the model's input for "Denoise from
 * here" (SDEdit), and a kept trajectory as frames for the GIF export. No JavaFX.
 */
final class GenerateImages {
    private GenerateImages() {
    }

    /** The forward view's t mapped onto a model's T (same fraction of the way to noise). */
    static int modelT(SharedImage.NoisedImage img, int modelTimesteps) {
        return (int) Math.round(img.fraction() * modelTimesteps);
    }

    /**
     * An image as the model's input: the centre square, resized (area averaging) to the content size,
     * padded with black (-1) to the model size as the training data was, in the model's channels.
     */
    static float[] modelInput(ImageTensor img, int size, int channels, int content) {
        int side = Math.min(img.width(), img.height());
        int ox = (img.width() - side) / 2, oy = (img.height() - side) / 2, c = img.channels();
        float[] crop = new float[side * side * c];
        for (int y = 0; y < side; y++) {
            System.arraycopy(img.data(), ((y + oy) * img.width() + ox) * c, crop, y * side * c, side * c);
        }
        int inner = content > 0 && content <= size ? content : size;
        ImageTensor small = ImageTensors.resizeArea(new ImageTensor(side, side, c, crop), inner, inner);
        float[] out = new float[size * size * channels];
        Arrays.fill(out, -1f);
        int pad = (size - inner) / 2;
        float[] d = small.data();
        for (int y = 0; y < inner; y++) {
            for (int x = 0; x < inner; x++) {
                int s = (y * inner + x) * c, o = ((y + pad) * size + x + pad) * channels;
                if (channels == c) {
                    System.arraycopy(d, s, out, o, c);
                } else if (channels == 1) { // RGB to luma, ITU-R BT.601
                    out[o] = 0.299f * d[s] + 0.587f * d[s + 1] + 0.114f * d[s + 2];
                } else {
                    out[o] = out[o + 1] = out[o + 2] = d[s];
                }
            }
        }
        return out;
    }

    /**
     * A kept trajectory as an animation for the GIF export: one frame per kept step (x_t with its
     * x̂_0), cropped to the model's content size; null for no trajectory.
     */
    static AnimationExport animation(Trajectory tr) {
        if (tr == null || tr.size() == 0) {
            return null;
        }
        List<AnimationSources.Recorded> frames = new ArrayList<>();
        for (Trajectory.Frame f : tr.frames()) {
            List<ImageTensor> xt = new ArrayList<>(), x0 = new ArrayList<>();
            for (int i = 0; i < tr.n(); i++) {
                xt.add(crop(f.xt(), tr, i));
                x0.add(crop(f.x0() != null ? f.x0() : f.xt(), tr, i));
            }
            // the sample is x_0: t = 0 in its caption, as in the CLI's GIF (its StepInfo keeps the last step's t)
            frames.add(new AnimationSources.Recorded(f.info().isFinal() ? 0 : f.info().t(), xt, x0));
        }
        int side = tr.content();
        return new AnimationExport("Denoising " + tr.n() + (tr.n() == 1 ? " sample" : " samples"), "denoising.gif",
                frames.size(), tr.n(), true, side, side, AnimationExport.scaleFor(side), () -> AnimationSources.of(frames));
    }

    /** Sample i of a flattened [n, h, w, c] frame, centre-cropped to the content size. */
    private static ImageTensor crop(float[] values, Trajectory tr, int i) {
        int h = tr.height(), w = tr.width(), c = tr.channels(), side = Math.min(tr.content(), Math.min(h, w));
        int oy = (h - side) / 2, ox = (w - side) / 2;
        float[] out = new float[side * side * c];
        for (int y = 0; y < side; y++) {
            System.arraycopy(values, ((i * h + y + oy) * w + ox) * c, out, y * side * c, side * c);
        }
        return new ImageTensor(side, side, c, out);
    }
}
