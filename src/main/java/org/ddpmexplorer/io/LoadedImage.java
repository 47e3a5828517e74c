package org.ddpmexplorer.io;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded image and where it came from.
 *
 * @param name           what to call it in the UI (the file name)
 * @param path           the file it was read from, or null for a bundled resource
 * @param originalWidth  the width stored in the file
 * @param originalHeight the height stored in the file
 * @param source         the pixels, at most {@link ImageLoader#SOURCE_LONG_SIDE} on the long side
 *                       (large images are subsampled on read and then area-averaged down)
 */
public record LoadedImage(String name, Path path, int originalWidth, int originalHeight, ImageTensor source) {
    public LoadedImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (originalWidth <= 0 || originalHeight <= 0) {
            throw new IllegalArgumentException("bad image size " + originalWidth + "x" + originalHeight);
        }
    }

    public Optional<Path> file() {
        return Optional.ofNullable(path);
    }

    /**
     * The image at a working size: downscaled (area average) so that its long side is at most
     * {@code longSide}; never upscaled, so a small image keeps its own resolution.
     */
    public ImageTensor atWorkingSize(int longSide) {
        return ImageTensors.fitLongSide(source, longSide);
    }
}
