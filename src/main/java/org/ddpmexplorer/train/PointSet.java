package org.ddpmexplorer.train;

import java.util.Random;

/**
 * A set of 2-D points, interleaved x0, y0, x1, y1, ... Immutable: the array is copied on the way
 * in and out.
 *
 * <p>The standard coordinates of the 2-D playground ({@link #standardised()}) have zero mean and
 * one common scale for both axes, E[(x² + y²)/2] = 1, so each axis has unit variance on average
 * while shapes keep their aspect ratio (a circle stays a circle, text is not stretched).
 */
public record PointSet(float[] xy) {
    public PointSet {
        if (xy == null || xy.length % 2 != 0) {
            throw new IllegalArgumentException("points need an even number of coordinates");
        }
        xy = xy.clone();
    }

    /** The coordinates, interleaved (a copy). */
    @Override
    public float[] xy() {
        return xy.clone();
    }

    public int size() {
        return xy.length / 2;
    }

    public float x(int i) {
        return xy[2 * i];
    }

    public float y(int i) {
        return xy[2 * i + 1];
    }

    /**
     * These points moved to zero mean and scaled by one factor s so that the mean of (x² + y²)/2 is 1:
     * s² = (Var x + Var y)/2 (population variances). A set with no spread is only centred.
     */
    public PointSet standardised() {
        int n = size();
        if (n == 0) {
            return this;
        }
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += xy[2 * i];
            my += xy[2 * i + 1];
        }
        mx /= n;
        my /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double dx = xy[2 * i] - mx, dy = xy[2 * i + 1] - my;
            ss += dx * dx + dy * dy;
        }
        double s = Math.sqrt(ss / (2.0 * n));
        double inv = s > 1e-12 ? 1 / s : 1;
        float[] out = new float[xy.length];
        for (int i = 0; i < n; i++) {
            out[2 * i] = (float) ((xy[2 * i] - mx) * inv);
            out[2 * i + 1] = (float) ((xy[2 * i + 1] - my) * inv);
        }
        return new PointSet(out);
    }

    /**
     * At most {@code max} of these points, drawn without replacement in a random order fixed by
     * {@code seed} (this set itself when it has no more than {@code max}).
     */
    public PointSet subsample(int max, long seed) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        int n = size();
        if (n <= max) {
            return this;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Random rng = new Random(seed);
        float[] out = new float[2 * max];
        for (int k = 0; k < max; k++) { // partial Fisher-Yates shuffle
            int j = k + rng.nextInt(n - k);
            int tmp = idx[k];
            idx[k] = idx[j];
            idx[j] = tmp;
            out[2 * k] = xy[2 * idx[k]];
            out[2 * k + 1] = xy[2 * idx[k] + 1];
        }
        return new PointSet(out);
    }

    /** The points with indices [from, to), in order. */
    public PointSet slice(int from, int to) {
        return new PointSet(java.util.Arrays.copyOfRange(xy, 2 * from, 2 * to));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointSet p && java.util.Arrays.equals(xy, p.xy);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return "PointSet[" + size() + " points]";
    }
}
