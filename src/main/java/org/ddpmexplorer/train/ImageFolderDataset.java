package org.ddpmexplorer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.ddpmexplorer.io.ImageLoadException;
import org.ddpmexplorer.io.ImageLoader;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.ImageTensors;

/**
 * A folder of the user's own images for training: every readable image (PNG, JPEG, BMP, GIF,
 * WebP) in the folder and its sub-folders, centre-cropped to a square and resized to the model's
 * size, grayscale when every image is gray (or when asked), else RGB. Random horizontal flips
 * come from {@link Dataset#batch}.
 */
public final class ImageFolderDataset {
    /** At most this many images are read (a 64x64 RGB set of this size takes 240 MB). */
    public static final int MAX_IMAGES = 20_000;

    private ImageFolderDataset() {
    }

    /** What was read: the dataset and the files that were skipped, with the reason. */
    public record Result(ByteImageDataset dataset, List<String> skipped) {
    }

    /** Loads a folder; see {@link #read}. */
    public static ByteImageDataset load(Path dir, int size, Boolean rgb) throws IOException {
        return read(dir, size, rgb, () -> false).dataset();
    }

    /**
     * Reads the images of a folder.
     *
     * @param size      the model's image side
     * @param rgb       true: RGB, false: grayscale, null: RGB unless every image is gray
     * @param cancelled checked between images
     * @throws IOException when the folder is missing, holds no images, or none is usable (the message says why)
     */
    public static Result read(Path dir, int size, Boolean rgb, BooleanSupplier cancelled) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, 3)) {
            files = s.filter(Files::isRegularFile).filter(ImageFolderDataset::isImage).sorted().limit(MAX_IMAGES).toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no images (" + String.join(", ", ImageLoader.EXTENSIONS) + ") in " + dir);
        }
        List<ImageTensor> images = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean allGray = true;
        for (Path f : files) {
            if (cancelled.getAsBoolean()) {
                throw new java.io.InterruptedIOException("cancelled");
            }
            try {
                ImageTensor t = ImageLoader.load(f).source();
                if (Math.min(t.width(), t.height()) < size) {
                    skipped.add(f.getFileName() + ": " + t.width() + "x" + t.height() + " is smaller than the model size "
                            + size + "x" + size);
                    continue;
                }
                allGray &= t.channels() == 1 || isGray(t);
                images.add(squareResize(t, size));
            } catch (ImageLoadException e) {
                skipped.add(e.getMessage());
            }
        }
        if (images.isEmpty()) {
            throw new IOException("none of the " + files.size() + " images in " + dir + " can be used: " + skipped.get(0)
                    + (skipped.size() > 1 ? " (and " + (skipped.size() - 1) + " more)" : ""));
        }
        int channels = rgb == null ? (allGray ? 1 : 3) : rgb ? 3 : 1;
        int per = size * size * channels;
        byte[] px = new byte[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            ImageTensor t = images.get(i);
            float[] d = t.data();
            for (int p = 0; p < size * size; p++) {
                for (int c = 0; c < channels; c++) {
                    float v;
                    if (channels == t.channels()) {
                        v = d[p * channels + c];
                    } else if (channels == 1) { // RGB to luma, ITU-R BT.601 weights
                        v = 0.299f * d[p * 3] + 0.587f * d[p * 3 + 1] + 0.114f * d[p * 3 + 2];
                    } else {
                        v = d[p];
                    }
                    px[i * per + p * channels + c] = (byte) ImageTensors.toByte(v);
                }
            }
        }
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        return new Result(new ByteImageDataset(name, px, null, images.size(), size, channels, size, List.of()), skipped);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && ImageLoader.EXTENSIONS.contains(n.substring(dot + 1));
    }

    private static boolean isGray(ImageTensor t) {
        float[] d = t.data();
        for (int p = 0; p < d.length; p += 3) {
            if (Math.abs(d[p] - d[p + 1]) > 0.01f || Math.abs(d[p] - d[p + 2]) > 0.01f) {
                return false;
            }
        }
        return true;
    }

    /** The centred square of the image, resized to size x size by area averaging. */
    static ImageTensor squareResize(ImageTensor t, int size) {
        int side = Math.min(t.width(), t.height());
        int ox = (t.width() - side) / 2, oy = (t.height() - side) / 2, c = t.channels();
        float[] crop = new float[side * side * c];
        for (int y = 0; y < side; y++) {
            System.arraycopy(t.data(), ((y + oy) * t.width() + ox) * c, crop, y * side * c, side * c);
        }
        return ImageTensors.resizeArea(new ImageTensor(side, side, c, crop), size, size);
    }
}
