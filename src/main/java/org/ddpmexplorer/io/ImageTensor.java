package org.ddpmexplorer.io;

/**
 * One image as an NHWC float tensor with N = 1: {@code data[(y * width + x) * channels + c]},
 * values in [-1, 1] (the DDPM convention: a pixel value v in [0, 255] maps to v / 127.5 - 1).
 * The array is shared, not copied: treat an instance as immutable once published.
 *
 * @param height   H, rows
 * @param width    W, columns
 * @param channels C (3 for RGB)
 * @param data     H·W·C values
 */
public record ImageTensor(int height, int width, int channels, float[] data) {
    public ImageTensor {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad tensor shape [1, " + height + ", " + width + ", " + channels + "]");
        }
        if (data == null || (long) height * width * channels != data.length) {
            throw new IllegalArgumentException("data length " + (data == null ? "null" : data.length)
                    + " does not match shape [1, " + height + ", " + width + ", " + channels + "]");
        }
    }

    /** A zero (mid-grey) tensor of the given shape. */
    public static ImageTensor zeros(int height, int width, int channels) {
        return new ImageTensor(height, width, channels, new float[height * width * channels]);
    }

    /** The NHWC shape {1, H, W, C}, as the engine's INDArrays use it. */
    public long[] shape() {
        return new long[] {1, height, width, channels};
    }

    /** H·W·C. */
    public int size() {
        return data.length;
    }

    /** The longer of width and height. */
    public int longSide() {
        return Math.max(width, height);
    }

    /** The same shape with other values (which must have the same length). */
    public ImageTensor withData(float[] values) {
        return new ImageTensor(height, width, channels, values);
    }

    @Override
    public String toString() {
        return "ImageTensor[1, " + height + ", " + width + ", " + channels + "]";
    }
}
