package org.ddpmexplorer.eval;

import java.util.Random;
import java.util.function.BooleanSupplier;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Likelihood;

/**
 * The variational bound of a model of 2-D points on a set of points, in nats per point: for each
 * point the whole bound over all T terms, KL(q(x_{t-1}|x_t, x_0) ‖ p_θ(x_{t-1}|x_t)) for t &gt; 1 and
 * the continuous Gaussian NLL −log N(x_0; μ_θ(x_1, 1), σ_1²) at t = 1, plus the prior term
 * KL(q(x_T|x_0) ‖ N(0, I)) ({@link Likelihood#calcBpdLoop} with a continuous decoder, improved-diffusion's
 * calc_bpd_loop in nats). x̂_0 is never clipped: the points are in standard coordinates, not [-1, 1].
 * The figure is an upper bound on −log p_θ(x_0) of a density, so it can be negative.
 */
public final class PointBound {
    /** Points per batch of network calls (keeps the per-term table at a few MB). */
    public static final int BATCH = 1000;

    /**
     * @param meanNats    mean over the points of the whole bound
     * @param stdError    standard error of that mean over the points
     * @param priorNats   mean of L_T
     * @param decoderNats mean of L_0 = −log p(x_0 | x_1)
     * @param points      number of points
     */
    public record Result(double meanNats, double stdError, double priorNats, double decoderNats, int points) {
    }

    private PointBound() {
    }

    /**
     * @param xy        the points, interleaved (x, y), at least one
     * @param seed      seed of the noise that draws each x_t
     * @param cancelled checked before every network call
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public static Result evaluate(Denoiser model, GaussianDiffusion diffusion, float[] xy, long seed, BooleanSupplier cancelled) {
        int count = xy.length / 2;
        if (count < 1 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("need at least one point as (x, y) pairs, got " + xy.length + " values");
        }
        Likelihood lik = new Likelihood(diffusion);
        Random rng = new Random(seed);
        double sum = 0, sumSq = 0, prior = 0, decoder = 0;
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            float[] x0 = java.util.Arrays.copyOfRange(xy, 2 * from, 2 * (from + n));
            Likelihood.Bound b = lik.calcBpdLoop(model, x0, new long[] {n, 2}, null, rng, false, false, cancelled, k -> { });
            for (int i = 0; i < n; i++) {
                double v = b.totalNats()[i];
                sum += v;
                sumSq += v * v;
                prior += b.priorNats()[i];
                decoder += b.termNats()[i][1];
            }
        }
        double mean = sum / count;
        double var = count > 1 ? Math.max(0, (sumSq - count * mean * mean) / (count - 1)) : Double.NaN;
        return new Result(mean, Math.sqrt(var / count), prior / count, decoder / count, count);
    }
}
