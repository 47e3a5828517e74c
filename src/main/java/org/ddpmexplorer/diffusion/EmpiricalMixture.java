package org.ddpmexplorer.diffusion;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact forward marginal and optimal denoiser of an empirical data set {x_i}, i = 1..n:
 * q(x_t) = (1/n) Σ_i N(√ᾱ_t x_i, (1-ᾱ_t) I) and E[x_0 | x_t] = Σ_i w_i x_i with
 * w = softmax_i(−‖x_t − √ᾱ_t x_i‖² / (2(1-ᾱ_t))). As a {@link Denoiser} it predicts the noise of
 * that posterior mean, ε* = (x_t − √ᾱ_t E[x_0 | x_t]) / √(1-ᾱ_t), which minimises the training loss
 * over all functions: the samplers then run the ideal model, which reproduces the training points.
 * Points are 2-D, interleaved x, y. Immutable and thread-safe.
 */
public final class EmpiricalMixture implements Denoiser {
    /** Terms further than this many standard deviations from a grid cell are dropped (e^(-8.5²/2) ≈ 2e-16). */
    private static final double CUTOFF_SIGMAS = 8.5;
    /** Queries at or above this count run in parallel. */
    private static final int PARALLEL_QUERIES = 64;

    private final GaussianDiffusion diffusion;
    private final float[] xy;
    private final int n;

    public EmpiricalMixture(GaussianDiffusion diffusion, float[] xy) {
        if (xy.length == 0 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("need at least one point, interleaved x, y");
        }
        this.diffusion = diffusion;
        this.xy = xy.clone();
        this.n = xy.length / 2;
    }

    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    /** Number of data points. */
    public int size() {
        return n;
    }

    /**
     * q(x_t) on a res x res grid over [min, max]², written row-major into out[res·res]: row 0 is the
     * top (y near max), column 0 the left (x near min); cell (r, c) is evaluated at its centre
     * x = min + (c + ½)h, y = max − (r + ½)h, h = (max − min)/res. At t = 0 the marginal is the data's
     * empirical distribution, shown as a histogram: points per cell / (n h²). Either way the values
     * are a density (their sum times h² is the probability mass on the grid).
     */
    public void densityGrid(int t, double min, double max, int res, float[] out) {
        if (res < 1 || !(max > min) || out.length < res * res) {
            throw new IllegalArgumentException("need res >= 1, max > min and out of length res²");
        }
        double h = (max - min) / res;
        java.util.Arrays.fill(out, 0, res * res, 0f);
        if (t == 0) {
            float unit = (float) (1 / (n * h * h));
            for (int i = 0; i < n; i++) {
                int c = (int) Math.floor((xy[2 * i] - min) / h), r = (int) Math.floor((max - xy[2 * i + 1]) / h);
                if (c >= 0 && c < res && r >= 0 && r < res) {
                    out[r * res + c] += unit;
                }
            }
            return;
        }
        double a = diffusion.sqrtAlphaBar(t), s = diffusion.sqrtOneMinusAlphaBar(t);
        // isotropic: N(p; μ, s²I) = g(p_x − μ_x) g(p_y − μ_y), so each point adds an outer product
        double norm = 1 / (2 * Math.PI * s * s * n), inv2s2 = 1 / (2 * s * s);
        int reach = (int) Math.ceil(CUTOFF_SIGMAS * s / h) + 1;
        float[] gx = new float[res], gy = new float[res];
        for (int i = 0; i < n; i++) {
            double mx = a * xy[2 * i], my = a * xy[2 * i + 1];
            int c0 = Math.max(0, (int) Math.floor((mx - min) / h) - reach), c1 = Math.min(res - 1, (int) Math.floor((mx - min) / h) + reach);
            int r0 = Math.max(0, (int) Math.floor((max - my) / h) - reach), r1 = Math.min(res - 1, (int) Math.floor((max - my) / h) + reach);
            if (c0 > c1 || r0 > r1) {
                continue;
            }
            for (int c = c0; c <= c1; c++) {
                double u = min + (c + 0.5) * h - mx;
                gx[c] = (float) Math.exp(-u * u * inv2s2);
            }
            for (int r = r0; r <= r1; r++) {
                double u = max - (r + 0.5) * h - my;
                gy[r] = (float) (norm * Math.exp(-u * u * inv2s2));
            }
            for (int r = r0; r <= r1; r++) {
                float wy = gy[r];
                int row = r * res;
                for (int c = c0; c <= c1; c++) {
                    out[row + c] += wy * gx[c];
                }
            }
        }
    }

    /**
     * E[x_0 | x_t] for each query point (interleaved), the optimal denoiser of the data under the
     * squared error. At t = 0 it is x_t itself.
     */
    public float[] posteriorMean(float[] xt, int t) {
        if (xt.length % 2 != 0) {
            throw new IllegalArgumentException("points are interleaved x, y");
        }
        float[] out = new float[xt.length];
        if (t == 0) {
            System.arraycopy(xt, 0, out, 0, xt.length);
            return out;
        }
        double a = diffusion.sqrtAlphaBar(t), inv2s2 = 1 / (2 * (1 - diffusion.alphaBar(t)));
        int q = xt.length / 2;
        IntStream range = IntStream.range(0, q);
        (q >= PARALLEL_QUERIES ? range.parallel() : range).forEach(j -> {
            double px = xt[2 * j], py = xt[2 * j + 1];
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) { // the largest weight: the nearest scaled data point
                double dx = px - a * xy[2 * i], dy = py - a * xy[2 * i + 1];
                best = Math.min(best, dx * dx + dy * dy);
            }
            double sw = 0, sx = 0, sy = 0;
            for (int i = 0; i < n; i++) {
                double dx = px - a * xy[2 * i], dy = py - a * xy[2 * i + 1];
                double e = (dx * dx + dy * dy - best) * inv2s2;
                if (e < 40) { // e^-40 ≈ 4e-18 of the largest weight
                    double wgt = Math.exp(-e);
                    sw += wgt;
                    sx += wgt * xy[2 * i];
                    sy += wgt * xy[2 * i + 1];
                }
            }
            out[2 * j] = (float) (sx / sw);
            out[2 * j + 1] = (float) (sy / sw);
        });
        return out;
    }

    /** ε* = (x_t − √ᾱ_t E[x_0 | x_t]) / √(1-ᾱ_t) for points (interleaved) at one timestep t in 1..T. */
    public float[] predictNoise(float[] xt, int t) {
        if (t < 1) {
            throw new IllegalArgumentException("the noise is defined for t >= 1, got " + t);
        }
        float[] mean = posteriorMean(xt, t);
        float a = (float) diffusion.sqrtAlphaBar(t), s = (float) diffusion.sqrtOneMinusAlphaBar(t);
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (xt[i] - a * mean[i]) / s;
        }
        return mean;
    }

    @Override
    public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
        if (xt.rank() != 2 || xt.size(1) != 2 || xt.size(0) != t.length) {
            throw new IllegalArgumentException("expected x_t of shape [" + t.length + ", 2], got "
                    + java.util.Arrays.toString(xt.shape()));
        }
        float[] x = xt.dup('c').castTo(DataType.FLOAT).data().asFloat();
        float[] eps = new float[x.length];
        boolean same = java.util.Arrays.stream(t).allMatch(v -> v == t[0]);
        if (same) {
            eps = predictNoise(x, t[0]);
        } else {
            for (int j = 0; j < t.length; j++) {
                float[] e = predictNoise(new float[] {x[2 * j], x[2 * j + 1]}, t[j]);
                eps[2 * j] = e[0];
                eps[2 * j + 1] = e[1];
            }
        }
        return Nd4j.create(eps, new long[] {t.length, 2}, 'c');
    }
}
