package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * q(x_t | x_0) = N(√ᾱ_t x_0, (1-ᾱ_t) I): the sample mean and variance of x_t over many seeds,
 * for the closed form and for the iterative chain of q(x_t | x_{t-1}) steps.
 */
class ForwardProcessStatisticsTest {
    /** A small "image": pixel values spread over [-1, 1]. */
    private static final float[] X0 = new float[16];
    private static final int SEEDS = 4000;

    static {
        for (int i = 0; i < X0.length; i++) {
            X0[i] = -1f + 2f * i / (X0.length - 1);
        }
    }

    /** Checks per-pixel mean and the pooled variance of x_t over SEEDS samples. */
    private static void checkMoments(GaussianDiffusion d, int t, BiFunction<Long, Integer, float[]> sampler) {
        double[] sum = new double[X0.length], sq = new double[X0.length];
        for (long seed = 0; seed < SEEDS; seed++) {
            float[] xt = sampler.apply(seed, t);
            for (int i = 0; i < xt.length; i++) {
                sum[i] += xt[i];
                sq[i] += (double) xt[i] * xt[i];
            }
        }
        double var = 1 - d.alphaBar(t), pooledVar = 0;
        for (int i = 0; i < X0.length; i++) {
            double mean = sum[i] / SEEDS;
            // 5 standard errors of the mean: fails for a wrong coefficient, not by chance
            assertEquals(d.sqrtAlphaBar(t) * X0[i], mean, 5 * Math.sqrt(var / SEEDS), "mean of pixel " + i);
            pooledVar += sq[i] / SEEDS - mean * mean;
        }
        pooledVar /= X0.length;
        // The variance estimate from n = SEEDS·16 samples has relative std error √(2/n) ≈ 0.0056
        assertEquals(var, pooledVar, 5 * var * Math.sqrt(2.0 / (SEEDS * X0.length)), "variance of x_t");
    }

    @ParameterizedTest(name = "closed form {0} T={1} t={2}")
    @CsvSource({"LINEAR,1000,100", "LINEAR,1000,500", "COSINE,1000,250", "COSINE,200,150", "SIGMOID,1000,700"})
    void closedFormHasTheMomentsOfEq4(BetaSchedule schedule, int T, int t) {
        GaussianDiffusion d = new GaussianDiffusion(schedule, T);
        checkMoments(d, t, (seed, tt) -> ForwardNoise.closedForm(d, X0, tt, ForwardNoise.gaussian(seed, X0.length)));
    }

    @ParameterizedTest(name = "iterative {0} T={1} t={2}")
    @CsvSource({"LINEAR,1000,100", "LINEAR,1000,400", "COSINE,1000,250", "COSINE,200,150"})
    void iterativeChainMatchesTheClosedForm(BetaSchedule schedule, int T, int t) {
        GaussianDiffusion d = new GaussianDiffusion(schedule, T);
        checkMoments(d, t, (seed, tt) -> new ForwardChain(d, X0, seed).advanceTo(tt, () -> false));
    }

    @Test
    void chainDependsOnlyOnTNotOnThePathScrubbed() {
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.COSINE, 1000);
        ForwardChain a = new ForwardChain(d, X0, 7);
        a.advanceTo(900, () -> false);
        float[] back = a.advanceTo(130, () -> false);
        float[] direct = new ForwardChain(d, X0, 7).advanceTo(130, () -> false);
        assertArrayEquals(direct, back);
        assertEquals(130, a.t());
        float[] otherSeed = new ForwardChain(d, X0, 8).advanceTo(130, () -> false);
        assertTrue(otherSeed[0] != direct[0], "another seed gives other noise");
        assertArrayEquals(X0, a.advanceTo(0, () -> false));
    }

    @Test
    void chainStopsWhenCancelled() {
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.LINEAR, 1000);
        assertNull(new ForwardChain(d, X0, 1).advanceTo(500, () -> true));
    }

    @Test
    void sameSeedSameNoise() {
        assertArrayEquals(ForwardNoise.gaussian(3, 100), ForwardNoise.gaussian(3, 100));
        assertTrue(ForwardNoise.gaussian(3, 100)[0] != ForwardNoise.gaussian(4, 100)[0]);
    }

    @Test
    void metrics() {
        float[] a = {0f, 0.5f, -1f, 1f};
        assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, a.clone()));
        float[] b = {0.1f, 0.6f, -0.9f, 0.9f}; // every error 0.1 → MSE 0.01, PSNR = 10·log10(4/0.01)
        assertEquals(10 * Math.log10(400), ImageMetrics.psnr(a, b), 1e-4);
        float[] clipped = {0f, 0.5f, -3f, 5f}; // clipped to [-1, 1] before comparing
        assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, clipped));
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.LINEAR, 1000);
        assertEquals(10 * Math.log10(d.alphaBar(10) / (1 - d.alphaBar(10))), ImageMetrics.snrDb(d, 10), 1e-12);
        float[] eps = ForwardNoise.gaussian(5, 200_000);
        float[] x0 = new float[eps.length];
        java.util.Arrays.fill(x0, 0.3f);
        var m = ImageMetrics.noiseMoments(d, 300, x0, ForwardNoise.closedForm(d, x0, 300, eps));
        assertEquals(d.sqrtOneMinusAlphaBar(300), m.std(), 0.01);
        assertEquals(0, m.mean(), 0.01);
    }
}
