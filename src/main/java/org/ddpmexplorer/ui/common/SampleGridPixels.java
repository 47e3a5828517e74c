package org.ddpmexplorer.ui.common;

import org.ddpmexplorer.io.ImageTensors;
import org.ddpmexplorer.ui.common.FxImages.Pixels;

/**
 * A batch of NHWC samples in [-1, 1] as one grid of packed pixels, each sample cropped to its
 * centre {@code content} square (Fashion-MNIST's 28x28 inside the model's 32x32). Runs on any
 * thread; the FX thread only copies the result into an image. (io.SampleGrids does the same for
 * ND4J arrays and BufferedImages; this one works on plain floats, which is what the GUI gets.)
 */
public final class SampleGridPixels {
    /** Gap between samples in px, and its colour (the image stage's dark background). */
    static final int GAP = 1, GAP_ARGB = 0xff1c2128;

    private SampleGridPixels() {
    }

    /** Columns of a near-square grid of n samples (1, 2, 3, 4 for 1, 4, 9, 16). */
    public static int columns(int n) {
        return (int) Math.ceil(Math.sqrt(n));
    }

    /**
     * @param data    n·h·w·c floats
     * @param scale   multiplies every value before display (e.g. 0.5 to show ε̂ ~ N(0, 1) without clipping most of it)
     */
    public static Pixels grid(float[] data, int n, int h, int w, int c, int content, float scale) {
        int side = Math.min(content, Math.min(h, w));
        int oy = (h - side) / 2, ox = (w - side) / 2;
        int cols = columns(n), rows = (n + cols - 1) / cols;
        int gw = cols * side + (cols - 1) * GAP, gh = rows * side + (rows - 1) * GAP;
        int[] argb = new int[gw * gh];
        java.util.Arrays.fill(argb, GAP_ARGB);
        int per = h * w * c;
        for (int i = 0; i < n; i++) {
            int gx = (i % cols) * (side + GAP), gy = (i / cols) * (side + GAP);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int o = i * per + ((y + oy) * w + x + ox) * c;
                    int r = ImageTensors.toByte(data[o] * scale);
                    int g = c >= 3 ? ImageTensors.toByte(data[o + 1] * scale) : r;
                    int b = c >= 3 ? ImageTensors.toByte(data[o + 2] * scale) : r;
                    argb[(gy + y) * gw + gx + x] = 0xff000000 | (r << 16) | (g << 8) | b;
                }
            }
        }
        return new Pixels(gw, gh, argb);
    }
}
