package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.nn.MlpDenoiser;
import org.junit.jupiter.api.Test;

/** Algorithm 1 on points: repeatable runs, an independent EMA snapshot, and a fit of one Gaussian. */
class ToyTrainerTest {
    private static final GaussianDiffusion DIFF = new GaussianDiffusion(BetaSchedule.COSINE, 100);
    private static final MlpConfig SMALL = new MlpConfig(32, 2, 16);

    static PointSet gaussian(int n, double mx, double my, double sd, long seed) {
        Random r = new Random(seed);
        float[] p = new float[2 * n];
        for (int i = 0; i < n; i++) {
            p[2 * i] = (float) (mx + sd * r.nextGaussian());
            p[2 * i + 1] = (float) (my + sd * r.nextGaussian());
        }
        return new PointSet(p);
    }

    @Test
    void sameSeedSameRun() {
        PointSet data = PointPreset.TWO_MOONS.sample(500, 1);
        ToyTrainConfig cfg = new ToyTrainConfig(100, 64, 1e-3, 0.99, 5);
        ToyTrainer a = new ToyTrainer(SMALL, DIFF, data, cfg), b = new ToyTrainer(SMALL, DIFF, data, cfg);
        for (int i = 0; i < 20; i++) {
            assertEquals(a.trainStep(), b.trainStep(), 0.0, "step " + i);
        }
        assertArrayEquals(a.emaWeights(), b.emaWeights());
        ToyTrainer c = new ToyTrainer(SMALL, DIFF, data, cfg.withSeed(6));
        assertFalse(Arrays.equals(a.emaWeights(), c.emaWeights()), "another seed, other weights");
        assertEquals(20, a.step());
    }

    @Test
    void snapshotIsIndependentOfFurtherTraining() {
        PointSet data = PointPreset.CIRCLES.sample(500, 1);
        ToyTrainer tr = new ToyTrainer(SMALL, DIFF, data, new ToyTrainConfig(100, 64, 1e-3, 0.9, 5));
        for (int i = 0; i < 10; i++) {
            tr.trainStep();
        }
        MlpDenoiser snap = tr.emaSnapshot();
        float[] probe = {0.5f, -0.2f, 1f, 1f};
        float[] before = snap.predictNoise(probe, 50);
        for (int i = 0; i < 10; i++) {
            tr.trainStep();
        }
        assertArrayEquals(before, snap.predictNoise(probe, 50), "the snapshot did not change");
        assertFalse(Arrays.equals(before, tr.emaSnapshot().predictNoise(probe, 50)), "the EMA moved on");
    }

    @Test
    void learningRateDecaysToItsFloorAndStays() {
        ToyTrainer tr = new ToyTrainer(SMALL, DIFF, PointPreset.TWO_MOONS.sample(100, 1), new ToyTrainConfig(1000, 8, 2e-3, 0.9, 1));
        assertEquals(2e-3, tr.learningRate(0), 1e-12);
        assertEquals(2e-3 * (0.05 + 0.95 * 0.5), tr.learningRate(500), 1e-12);
        assertEquals(2e-3 * 0.05, tr.learningRate(1000), 1e-12);
        assertEquals(2e-3 * 0.05, tr.learningRate(5000), 1e-12);
        assertTrue(tr.learningRate(200) > tr.learningRate(300));
    }

    @Test
    void lossFalls() {
        PointSet data = PointPreset.TWO_MOONS.sample(2000, 1);
        ToyTrainer tr = new ToyTrainer(SMALL, DIFF, data, new ToyTrainConfig(400, 128, 3e-3, 0.99, 1));
        double first = 0, last = 0;
        for (int i = 0; i < 400; i++) {
            double l = tr.trainStep();
            if (i < 20) {
                first += l / 20;
            } else if (i >= 380) {
                last += l / 20;
            }
        }
        assertTrue(last < 0.75 * first, "loss " + first + " -> " + last);
        assertTrue(tr.lossEma() < first);
    }

    @Test
    void fitsOneGaussianAwayFromTheOrigin() {
        // N((1.5, -1), 0.5² I), not standardised: the model has to move the noise and shrink it
        PointSet data = gaussian(4000, 1.5, -1, 0.5, 2);
        ToyTrainer tr = new ToyTrainer(new MlpConfig(64, 2, 16), DIFF, data, new ToyTrainConfig(1000, 256, 3e-3, 0.99, 3));
        for (int i = 0; i < 1000; i++) {
            tr.trainStep();
        }
        int k = 3000;
        float[] x = Sampler.fromNoise(DIFF, tr.emaSnapshot(), SamplerConfig.ddpm(100, 9).withClip(false),
                new long[] {k, 2}, null).runToEnd().data().asFloat();
        double mx = 0, my = 0, vx = 0, vy = 0;
        for (int i = 0; i < k; i++) {
            mx += x[2 * i] / k;
            my += x[2 * i + 1] / k;
        }
        for (int i = 0; i < k; i++) {
            vx += (x[2 * i] - mx) * (x[2 * i] - mx) / k;
            vy += (x[2 * i + 1] - my) * (x[2 * i + 1] - my) / k;
        }
        // standard errors at k = 3000: 0.009 for the means, 2.6% for the variances
        assertEquals(1.5, mx, 0.06);
        assertEquals(-1, my, 0.06);
        assertEquals(0.25, vx, 0.25 * 0.15);
        assertEquals(0.25, vy, 0.25 * 0.15);
    }
}
