package org.ddpmexplorer.train;

import java.util.List;

/**
 * A dataset of equally sized 8-bit images kept as one byte array, centred on a square canvas of
 * {@code imageSize} (padding with black, i.e. -1, where the images are smaller: Fashion-MNIST's
 * 28x28 becomes 32x32, as ARCH.md and most DDPM code do).
 */
public class ByteImageDataset implements Dataset {
    private final String name;
    private final byte[] pixels; // [count, side, side, channels]
    private final int[] labels;
    private final int count, side, channels, imageSize;
    private final List<String> classNames;

    public ByteImageDataset(String name, byte[] pixels, int[] labels, int count, int side, int channels,
                            int imageSize, List<String> classNames) {
        if (count < 1) {
            throw new IllegalArgumentException(name + ": no images");
        }
        if ((long) count * side * side * channels != pixels.length) {
            throw new IllegalArgumentException(name + ": pixel data does not match " + count + " images of " + side + "x" + side);
        }
        if (imageSize < side) {
            throw new IllegalArgumentException("model size " + imageSize + " is smaller than the images (" + side + ")");
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.count = count;
        this.side = side;
        this.channels = channels;
        this.imageSize = imageSize;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public int contentSize() {
        return side;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int i) {
        return labels == null ? -1 : labels[i];
    }

    /** The raw 8-bit pixels of image i, [side, side, channels]. */
    public byte[] raw(int i) {
        byte[] out = new byte[side * side * channels];
        System.arraycopy(pixels, i * out.length, out, 0, out.length);
        return out;
    }

    @Override
    public void fill(int index, boolean flip, float[] out, int offset) {
        int pad = (imageSize - side) / 2;
        int per = imageSize * imageSize * channels;
        java.util.Arrays.fill(out, offset, offset + per, -1f);
        int src = index * side * side * channels;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int sx = flip ? side - 1 - x : x;
                for (int c = 0; c < channels; c++) {
                    int v = pixels[src + (y * side + sx) * channels + c] & 0xff;
                    out[offset + ((y + pad) * imageSize + x + pad) * channels + c] = v / 127.5f - 1f; // [0,255] -> [-1,1]
                }
            }
        }
    }
}
