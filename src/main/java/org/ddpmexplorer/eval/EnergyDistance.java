package org.ddpmexplorer.eval;

import java.util.stream.IntStream;
import org.ddpmexplorer.train.PointSet;

/**
 * The energy distance between two 2-D point sets (Székely &amp; Rizzo):
 * D² = 2E|X−Y| − E|X−X'| − E|Y−Y'|, with the expectations taken over the two empirical
 * distributions (V-statistics, every pair including i = j). D² is then the squared distance between
 * the empirical measures: never negative, zero only for identical sets, and for two independent
 * draws of n and m points from one distribution it is positive, of order E|X−X'|(1/n + 1/m): the
 * floor that a model's samples are compared with. O(n·m); sets above {@link #MAX_POINTS} are
 * subsampled (with a fixed seed, so the figure repeats).
 */
public final class EnergyDistance {
    /** Points used from each set at most. */
    public static final int MAX_POINTS = 5000;

    private EnergyDistance() {
    }

    /** Energy distance 2E|X-Y| - E|X-X'| - E|Y-Y'| between two point sets (interleaved xy). */
    public static double between(float[] a, float[] b) {
        float[] x = cap(a, 1), y = cap(b, 2);
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("both point sets need at least one point");
        }
        return 2 * meanDistance(x, y) - meanDistance(x, x) - meanDistance(y, y);
    }

    private static float[] cap(float[] p, long seed) {
        if (p.length % 2 != 0) {
            throw new IllegalArgumentException("points are interleaved x, y");
        }
        return p.length / 2 <= MAX_POINTS ? p : new PointSet(p).subsample(MAX_POINTS, seed).xy();
    }

    /** (1/(n m)) Σ_i Σ_j |p_i − q_j|, summed per row in parallel and the rows in order (so it repeats exactly). */
    static double meanDistance(float[] p, float[] q) {
        int n = p.length / 2, m = q.length / 2;
        double[] rows = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double px = p[2 * i], py = p[2 * i + 1], s = 0;
            for (int j = 0; j < m; j++) {
                double dx = px - q[2 * j], dy = py - q[2 * j + 1];
                s += Math.sqrt(dx * dx + dy * dy);
            }
            rows[i] = s;
        });
        double total = 0;
        for (double r : rows) {
            total += r;
        }
        return total / ((double) n * m);
    }
}
