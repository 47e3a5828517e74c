package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The exact marginal and optimal denoiser of a point set against their closed forms. */
class EmpiricalMixtureTest {
    private static final GaussianDiffusion D = new GaussianDiffusion(BetaSchedule.COSINE, 100);

    @Test
    void onePointIsDenoisedExactly() {
        float[] data = {0.7f, -1.3f};
        EmpiricalMixture m = new EmpiricalMixture(D, data);
        float[] xt = {2.5f, 0.1f, -4f, 3f};
        for (int t : new int[] {1, 30, 100}) {
            float[] mean = m.posteriorMean(xt, t);
            assertArrayEquals(new float[] {0.7f, -1.3f, 0.7f, -1.3f}, mean, 1e-6f, "t = " + t);
            // ε* = (x_t − √ᾱ x_0)/√(1-ᾱ): the noise that was actually added
            float[] eps = m.predictNoise(xt, t);
            for (int i = 0; i < 4; i++) {
                double want = (xt[i] - D.sqrtAlphaBar(t) * data[i % 2]) / D.sqrtOneMinusAlphaBar(t);
                assertEquals(want, eps[i], 1e-4 * (1 + Math.abs(want)));
            }
        }
        assertArrayEquals(xt, m.posteriorMean(xt, 0), "at t = 0, x_0 = x_t");
    }

    @Test
    void twoPointsWeighByTheirLikelihood() {
        float[] data = {-1, 0, 1, 0};
        EmpiricalMixture m = new EmpiricalMixture(D, data);
        int t = 50;
        double a = D.sqrtAlphaBar(t), v = 1 - D.alphaBar(t);
        float[] xt = {0.3f, 0.8f};
        // w_2/w_1 = exp((‖x−a x_1‖² − ‖x−a x_2‖²)/(2v)) = exp(2 a x / v) along the axis
        double w2 = 1 / (1 + Math.exp(-2 * a * 0.3 / v));
        float[] mean = m.posteriorMean(xt, t);
        assertEquals(-1 + 2 * w2, mean[0], 1e-5);
        assertEquals(0, mean[1], 1e-6);
        // per-point timesteps through the Denoiser interface agree with the one-t call
        float[] batch = m.predictNoise(Nd4j.create(new float[] {0.3f, 0.8f, 0.3f, 0.8f}, new long[] {2, 2}, 'c'),
                new int[] {t, 10}, null).data().asFloat();
        float[] at50 = m.predictNoise(xt, 50), at10 = m.predictNoise(xt, 10);
        assertArrayEquals(new float[] {at50[0], at50[1], at10[0], at10[1]}, batch, 1e-6f);
    }

    @Test
    void densityIsTheMixtureAndIntegratesToOne() {
        Random r = new Random(1);
        int n = 300;
        float[] data = new float[2 * n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * 0.5 + (i % 2 == 0 ? 1 : -0.5));
        }
        EmpiricalMixture m = new EmpiricalMixture(D, data);
        int res = 200;
        double min = -6, max = 6, h = (max - min) / res;
        float[] grid = new float[res * res];
        for (int t : new int[] {0, 3, 40, 100}) {
            m.densityGrid(t, min, max, res, grid);
            double mass = 0;
            for (float g : grid) {
                mass += g * h * h;
            }
            assertEquals(1, mass, 2e-3, "mass at t = " + t);
        }
        // cell values against the formula, row 0 at the top
        int t = 20;
        m.densityGrid(t, min, max, res, grid);
        double a = D.sqrtAlphaBar(t), v = 1 - D.alphaBar(t);
        for (int[] rc : new int[][] {{10, 150}, {100, 100}, {120, 140}, {199, 0}}) {
            double px = min + (rc[1] + 0.5) * h, py = max - (rc[0] + 0.5) * h, want = 0;
            for (int i = 0; i < n; i++) {
                double dx = px - a * data[2 * i], dy = py - a * data[2 * i + 1];
                want += Math.exp(-(dx * dx + dy * dy) / (2 * v)) / (2 * Math.PI * v * n);
            }
            assertEquals(want, grid[rc[0] * res + rc[1]], 1e-5 * (1 + want), "cell " + rc[0] + "," + rc[1]);
        }
        // the data lie right of and below the centre: more mass in the lower right than in the upper left
        assertTrue(grid[120 * res + 140] > 10 * grid[60 * res + 60]);
    }

    @Test
    void samplingWithTheIdealDenoiserReturnsTrainingPoints() {
        float[] data = {-1, -1, 1, 1, 1, -1};
        EmpiricalMixture m = new EmpiricalMixture(D, data);
        float[] x = Sampler.fromNoise(D, m, SamplerConfig.ddpm(100, 3).withClip(false), new long[] {50, 2}, null)
                .runToEnd().data().asFloat();
        for (int j = 0; j < 50; j++) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                best = Math.min(best, Math.hypot(x[2 * j] - data[2 * i], x[2 * j + 1] - data[2 * i + 1]));
            }
            assertTrue(best < 0.05, "sample " + j + " is " + best + " from the nearest training point");
        }
    }
}
