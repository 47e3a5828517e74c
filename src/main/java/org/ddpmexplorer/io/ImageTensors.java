package org.ddpmexplorer.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/** Conversions between {@link BufferedImage}, packed ARGB pixels and {@link ImageTensor}s. */
public final class ImageTensors {
    private ImageTensors() {
    }

    /**
     * An RGB tensor in [-1, 1] from any decoded image: 8- or 16-bit, grey or colour, indexed,
     * CMYK or another ICC colour space. Grey becomes R = G = B; transparent pixels are composited
     * over white (what image viewers show).
     */
    public static ImageTensor fromBufferedImage(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        float[] out = new float[w * h * 3];
        ColorSpace cs = img.getColorModel().getColorSpace();
        boolean rawSamples = img.getColorModel() instanceof ComponentColorModel
                && (cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY)
                && img.getRaster().getNumBands() <= 4;
        if (rawSamples) {
            // Sample values as stored (what the file means; a grey PNG's linear "CS_GRAY" tag would
            // otherwise brighten it through a gamma conversion).
            readSamples(img.getRaster(), img.getColorModel().hasAlpha(), out);
        } else {
            BufferedImage rgb = img;
            if (!(cs.isCS_sRGB() || img.getColorModel() instanceof java.awt.image.IndexColorModel
                    || img.getColorModel() instanceof java.awt.image.DirectColorModel)) {
                // CMYK, YCCK or an embedded ICC profile: convert to sRGB first.
                rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
                new ColorConvertOp(null).filter(img, rgb);
            }
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                rgb.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    float a = (p >>> 24) / 255f;
                    int o = (y * w + x) * 3;
                    out[o] = toUnit(over(((p >> 16) & 0xff) / 255f, a));
                    out[o + 1] = toUnit(over(((p >> 8) & 0xff) / 255f, a));
                    out[o + 2] = toUnit(over((p & 0xff) / 255f, a));
                }
            }
        }
        return new ImageTensor(h, w, 3, out);
    }

    private static void readSamples(Raster r, boolean alpha, float[] out) {
        int w = r.getWidth(), h = r.getHeight(), bands = r.getNumBands();
        int type = r.getDataBuffer().getDataType();
        boolean floating = type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE;
        float[] max = new float[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = floating ? 1f : (float) ((1L << r.getSampleModel().getSampleSize(b)) - 1);
        }
        int colour = alpha ? bands - 1 : bands; // 1 = grey, 3 = RGB
        float[] row = new float[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int i = x * bands, o = (y * w + x) * 3;
                float a = alpha ? clamp01(row[i + bands - 1] / max[bands - 1]) : 1f;
                for (int c = 0; c < 3; c++) {
                    int b = colour == 1 ? 0 : c;
                    out[o + c] = toUnit(over(clamp01(row[i + b] / max[b]), a));
                }
            }
        }
    }

    /** Composites a value in [0, 1] with opacity a over white. */
    private static float over(float v, float a) {
        return a * v + (1 - a);
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : Math.min(v, 1);
    }

    /** [0, 1] → [-1, 1]. */
    private static float toUnit(float v) {
        return v * 2 - 1;
    }

    /**
     * One 8-bit channel value from a tensor value: round((clip(v, -1, 1) + 1) · 127.5),
     * the inverse of v = p / 127.5 - 1.
     */
    public static int toByte(float v) {
        float c = v < -1 ? -1 : Math.min(v, 1);
        return Math.round((c + 1) * 127.5f);
    }

    /** Packed opaque ARGB pixels (row-major) from an RGB or grey tensor; values outside [-1, 1] are clipped. */
    public static int[] toArgb(ImageTensor t, int[] reuse) {
        int n = t.width() * t.height();
        int[] argb = reuse != null && reuse.length == n ? reuse : new int[n];
        float[] d = t.data();
        int c = t.channels();
        for (int i = 0; i < n; i++) {
            int o = i * c;
            int r = toByte(d[o]);
            int g = c >= 3 ? toByte(d[o + 1]) : r;
            int b = c >= 3 ? toByte(d[o + 2]) : r;
            argb[i] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
        return argb;
    }

    /** An 8-bit RGB image of the tensor (values outside [-1, 1] clipped). */
    public static BufferedImage toBufferedImage(ImageTensor t) {
        BufferedImage img = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, t.width(), t.height(), toArgb(t, null), 0, t.width());
        return img;
    }

    /**
     * Downscales so that the long side is at most {@code longSide}, by area averaging (each output
     * pixel is the coverage-weighted mean of the input pixels under it); returns the input itself
     * if it is small enough. Written by hand: AWT's SCALE_AREA_AVERAGING is slow and 8-bit only.
     */
    public static ImageTensor fitLongSide(ImageTensor t, int longSide) {
        if (longSide <= 0) {
            throw new IllegalArgumentException("long side must be positive, got " + longSide);
        }
        if (t.longSide() <= longSide) {
            return t;
        }
        double scale = (double) longSide / t.longSide();
        int w = Math.max(1, (int) Math.round(t.width() * scale));
        int h = Math.max(1, (int) Math.round(t.height() * scale));
        return resizeArea(t, w, h);
    }

    /** Area-average resampling to exactly w x h (for downscaling; it also works, blockily, up). */
    public static ImageTensor resizeArea(ImageTensor t, int w, int h) {
        int c = t.channels();
        // Horizontal pass: [H, W, C] -> [H, w, C]
        float[] tmp = new float[t.height() * w * c];
        Weights wx = Weights.of(t.width(), w);
        float[] src = t.data();
        for (int y = 0; y < t.height(); y++) {
            for (int x = 0; x < w; x++) {
                for (int k = wx.start[x]; k < wx.start[x + 1]; k++) {
                    int si = (y * t.width() + wx.index[k]) * c, di = (y * w + x) * c;
                    for (int ch = 0; ch < c; ch++) {
                        tmp[di + ch] += wx.weight[k] * src[si + ch];
                    }
                }
            }
        }
        // Vertical pass: [H, w, C] -> [h, w, C]
        float[] out = new float[h * w * c];
        Weights wy = Weights.of(t.height(), h);
        for (int y = 0; y < h; y++) {
            for (int k = wy.start[y]; k < wy.start[y + 1]; k++) {
                int srow = wy.index[k] * w * c, drow = y * w * c;
                float wt = wy.weight[k];
                for (int i = 0; i < w * c; i++) {
                    out[drow + i] += wt * tmp[srow + i];
                }
            }
        }
        return new ImageTensor(h, w, c, out);
    }

    /** Sparse 1-D area-averaging weights: output o takes input index[k] with weight[k], k in start[o]..start[o+1]. */
    private record Weights(int[] start, int[] index, float[] weight) {
        static Weights of(int in, int out) {
            double scale = (double) in / out;
            int[] start = new int[out + 1];
            java.util.List<int[]> idx = new java.util.ArrayList<>();
            java.util.List<Float> wts = new java.util.ArrayList<>();
            for (int o = 0; o < out; o++) {
                start[o] = idx.size();
                double a = o * scale, b = (o + 1) * scale;
                for (int i = (int) Math.floor(a); i < Math.min(in, (int) Math.ceil(b)); i++) {
                    double cover = Math.min(b, i + 1) - Math.max(a, i);
                    if (cover > 0) {
                        idx.add(new int[] {i});
                        wts.add((float) (cover / scale));
                    }
                }
            }
            start[out] = idx.size();
            int[] index = new int[idx.size()];
            float[] weight = new float[idx.size()];
            for (int k = 0; k < index.length; k++) {
                index[k] = idx.get(k)[0];
                weight[k] = wts.get(k);
            }
            return new Weights(start, index, weight);
        }
    }
}
