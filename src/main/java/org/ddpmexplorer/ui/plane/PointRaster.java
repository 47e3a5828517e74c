package org.ddpmexplorer.ui.plane;

/**
 * An opaque ARGB raster of the plane's square plot area, drawn in plain Java so that the live view
 * (FX thread, into a reused buffer) and the GIF export (a worker thread) share one renderer. Maps the
 * plot's data square [-{@link #RANGE}, {@link #RANGE}]² onto size × size pixels, y up. Arrays are
 * reused between frames: drawing 5,000 points is one pass of small alpha-blended discs.
 */
final class PointRaster {
    /** Half the side of the plotted square in data units: standardised data lies within about ±3, N(0, I) too. */
    static final double RANGE = 4;
    static final int BACKGROUND = 0xFFFFFFFF;

    private final int size;
    private final int[] argb;
    private int[] cellColour = new int[0];
    private int[] column = new int[0];

    PointRaster(int size) {
        if (size < 8 || size > 4096) {
            throw new IllegalArgumentException("raster size must be in 8..4096, got " + size);
        }
        this.size = size;
        this.argb = new int[size * size];
    }

    int size() {
        return size;
    }

    /** The pixels, row-major from the top (y = +RANGE), opaque ARGB. */
    int[] pixels() {
        return argb;
    }

    /** Pixel column of data x (fractional). */
    double px(double x) {
        return (x + RANGE) / (2 * RANGE) * size;
    }

    /** Pixel row of data y (fractional, top is +RANGE). */
    double py(double y) {
        return (RANGE - y) / (2 * RANGE) * size;
    }

    /** Data x of a pixel column position. */
    static double dataX(double px, double size) {
        return px / size * 2 * RANGE - RANGE;
    }

    /** Data y of a pixel row position. */
    static double dataY(double py, double size) {
        return RANGE - py / size * 2 * RANGE;
    }

    void clear() {
        java.util.Arrays.fill(argb, BACKGROUND);
    }

    /**
     * Paints a density grid (row 0 at the top, values ≥ 0) as a heat map: each pixel takes its cell's
     * value, normalised by the grid's maximum, through a square-root ramp (so the tails stay visible)
     * with faint bands every eighth of the range that read as contour lines.
     */
    void density(float[] grid, int res) {
        if (grid == null || grid.length != res * res) {
            return;
        }
        float max = 0;
        for (float v : grid) {
            max = Math.max(max, v);
        }
        if (!(max > 0)) {
            return;
        }
        // a colour per cell (0: leave the background and its grid lines, where the density is negligible),
        // then one lookup per pixel
        if (cellColour.length < res * res) {
            cellColour = new int[res * res];
        }
        for (int i = 0; i < res * res; i++) {
            double v = Math.sqrt(grid[i] / max);
            cellColour[i] = v > 0.03 ? ramp(v) : 0;
        }
        if (column.length != size) {
            column = new int[size];
        }
        for (int x = 0; x < size; x++) {
            column[x] = Math.min(res - 1, x * res / size);
        }
        for (int y = 0; y < size; y++) {
            int row = Math.min(res - 1, y * res / size) * res, at = y * size;
            for (int x = 0; x < size; x++) {
                int colour = cellColour[row + column[x]];
                if (colour != 0) {
                    argb[at + x] = colour;
                }
            }
        }
    }

    /** The heat map's colour for v in [0, 1]: white through pale blue to deep indigo, banded. */
    static int ramp(double v) {
        double band = Math.floor(v * 8) / 8;
        double u = 0.8 * v + 0.2 * band; // mostly smooth, a little stepped
        // white (255,255,255) -> sky (180,205,250) -> indigo (55,70,170)
        double r, g, b;
        if (u < 0.5) {
            double k = u / 0.5;
            r = 255 + (180 - 255) * k;
            g = 255 + (205 - 255) * k;
            b = 255 + (250 - 255) * k;
        } else {
            double k = (u - 0.5) / 0.5;
            r = 180 + (55 - 180) * k;
            g = 205 + (70 - 205) * k;
            b = 250 + (170 - 250) * k;
        }
        return 0xFF000000 | ((int) r << 16) | ((int) g << 8) | (int) b;
    }

    /**
     * Draws n points of interleaved xy (n = xy.length / 2 if negative) as discs of the given radius
     * (pixels) in colour rgb with opacity alpha.
     */
    void dots(float[] xy, int n, int rgb, double radius, double alpha) {
        if (xy == null) {
            return;
        }
        int count = n < 0 ? xy.length / 2 : Math.min(n, xy.length / 2);
        int r = (int) Math.ceil(radius);
        double r2 = radius * radius;
        int a = (int) Math.round(alpha * 256);
        int sr = (rgb >> 16) & 0xFF, sg = (rgb >> 8) & 0xFF, sb = rgb & 0xFF;
        for (int i = 0; i < count; i++) {
            double cx = px(xy[2 * i]), cy = py(xy[2 * i + 1]);
            if (!(cx > -r && cy > -r && cx < size + r && cy < size + r)) {
                continue; // off the plot, or NaN
            }
            int x0 = (int) Math.floor(cx - r), x1 = (int) Math.ceil(cx + r);
            int y0 = (int) Math.floor(cy - r), y1 = (int) Math.ceil(cy + r);
            for (int y = Math.max(0, y0); y <= Math.min(size - 1, y1); y++) {
                double dy = y + 0.5 - cy;
                for (int x = Math.max(0, x0); x <= Math.min(size - 1, x1); x++) {
                    double dx = x + 0.5 - cx;
                    if (dx * dx + dy * dy <= r2) {
                        blend(y * size + x, sr, sg, sb, a);
                    }
                }
            }
        }
    }

    /** A straight line of one pixel between two data points (DDA), colour rgb at opacity alpha. */
    void line(double xa, double ya, double xb, double yb, int rgb, double alpha) {
        double ax = px(xa), ay = py(ya), bx = px(xb), by = py(yb);
        double len = Math.max(Math.abs(bx - ax), Math.abs(by - ay));
        if (!(len < 4 * size)) {
            return; // NaN or absurdly long
        }
        int steps = Math.max(1, (int) Math.ceil(len));
        int a = (int) Math.round(alpha * 256);
        int sr = (rgb >> 16) & 0xFF, sg = (rgb >> 8) & 0xFF, sb = rgb & 0xFF;
        for (int s = 0; s <= steps; s++) {
            int x = (int) (ax + (bx - ax) * s / steps), y = (int) (ay + (by - ay) * s / steps);
            if (x >= 0 && y >= 0 && x < size && y < size) {
                blend(y * size + x, sr, sg, sb, a);
            }
        }
    }

    private void blend(int idx, int sr, int sg, int sb, int a) {
        int d = argb[idx];
        int dr = (d >> 16) & 0xFF, dg = (d >> 8) & 0xFF, db = d & 0xFF;
        int r = dr + (((sr - dr) * a) >> 8), g = dg + (((sg - dg) * a) >> 8), b = db + (((sb - db) * a) >> 8);
        argb[idx] = 0xFF000000 | (r << 16) | (g << 8) | b;
    }

    /** The raster as an RGB image tensor's data: HWC, values in [-1, 1] (the GIF writer's input). */
    float[] toRgbTensor() {
        float[] out = new float[size * size * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            out[3 * i] = ((p >> 16) & 0xFF) / 127.5f - 1;
            out[3 * i + 1] = ((p >> 8) & 0xFF) / 127.5f - 1;
            out[3 * i + 2] = (p & 0xFF) / 127.5f - 1;
        }
        return out;
    }
}
