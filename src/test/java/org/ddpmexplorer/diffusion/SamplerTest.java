package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SamplerTest {
    private static final GaussianDiffusion COSINE = new GaussianDiffusion(BetaSchedule.COSINE, 100);
    private static final long[] SHAPE = {2, 4, 4, 1};

    /** A denoiser that predicts ε̂ = 0.1 · x_t + 0.01 · t (a known function, no network). */
    private static final Denoiser LINEAR = (xt, t, classes) -> {
        INDArray out = xt.mul(0.1);
        for (int i = 0; i < t.length; i++) {
            out.slice(i).addi(0.01 * t[i]);
        }
        return out;
    };

    /** The oracle for a data set of one image x0*: the exact noise ε = (x_t - √ᾱ_t x0*)/√(1-ᾱ_t). */
    private static Denoiser oracle(GaussianDiffusion d, INDArray target) {
        return (xt, t, classes) -> d.predictNoiseFromStart(xt, t[0], target);
    }

    @Test
    void ddpmFollowsAlgorithm2() {
        // An independent, scalar implementation of Ho et al.'s Algorithm 2 in double precision,
        // drawing the same noise from the same seed, must give the same sample.
        SamplerConfig cfg = SamplerConfig.ddpm(100, 42).withClip(false);
        INDArray got = Sampler.fromNoise(COSINE, LINEAR, cfg, SHAPE, null).runToEnd();

        Random rng = new Random(42);
        int n = 32;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int t = 100; t >= 1; t--) {
            double beta = COSINE.beta(t), alpha = 1 - beta, ab = COSINE.alphaBar(t);
            double[] z = new double[n];
            if (t > 1) {
                for (int i = 0; i < n; i++) {
                    z[i] = (float) rng.nextGaussian();
                }
            }
            for (int i = 0; i < n; i++) {
                double eps = 0.1 * x[i] + 0.01 * t;
                x[i] = (x[i] - beta / Math.sqrt(1 - ab) * eps) / Math.sqrt(alpha) + Math.sqrt(beta) * z[i];
            }
        }
        float[] g = got.dup().data().asFloat();
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], g[i], 1e-3 * Math.max(1, Math.abs(x[i])), "element " + i);
        }
    }

    @Test
    void ddimWithEtaZeroRecoversTheOnlyTrainingImageExactly() {
        INDArray target = GaussianDiffusion.gaussian(new Random(5), SHAPE).muli(0.5);
        for (int steps : new int[] {100, 10, 3}) {
            INDArray got = Sampler.fromNoise(COSINE, oracle(COSINE, target), SamplerConfig.ddim(steps, 0, 1).withClip(false),
                    SHAPE, null).runToEnd();
            assertTrue(got.equalsWithEps(target, 1e-3), "DDIM with " + steps + " steps");
        }
    }

    @Test
    void ddpmWithTheOracleEndsOnTheTrainingImage() {
        INDArray target = GaussianDiffusion.gaussian(new Random(5), SHAPE).muli(0.5);
        for (SamplerConfig.Variance v : SamplerConfig.Variance.values()) {
            INDArray got = Sampler.fromNoise(COSINE, oracle(COSINE, target),
                    SamplerConfig.ddpm(100, 3).withVariance(v).withClip(false), SHAPE, null).runToEnd();
            assertTrue(got.equalsWithEps(target, 1e-3), v.name());
        }
    }

    @Test
    void aSeedMakesARunRepeatableAndAnotherSeedChangesIt() {
        SamplerConfig cfg = SamplerConfig.ddpm(100, 9);
        INDArray a = Sampler.fromNoise(COSINE, LINEAR, cfg, SHAPE, null).runToEnd();
        INDArray b = Sampler.fromNoise(COSINE, LINEAR, cfg, SHAPE, null).runToEnd();
        INDArray c = Sampler.fromNoise(COSINE, LINEAR, cfg.withSeed(10), SHAPE, null).runToEnd();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void stepsStreamWithTheirTimestepsAndTheLastHasNoNoise() {
        List<SamplingStep> steps = Sampler.fromNoise(COSINE, LINEAR, SamplerConfig.ddim(10, 1, 1), SHAPE, null).collect();
        assertEquals(10, steps.size());
        assertEquals(100, steps.get(0).t());
        assertEquals(0, steps.get(9).tPrev());
        assertEquals(0, steps.get(9).sigma());
        assertTrue(steps.get(0).sigma() > 0, "η = 1 adds noise before the last step");
        for (int i = 1; i < steps.size(); i++) {
            assertEquals(steps.get(i - 1).tPrev(), steps.get(i).t());
            assertTrue(steps.get(i).xt() == steps.get(i - 1).x(), "each step starts where the last ended");
        }
        assertTrue(steps.stream().allMatch(s -> s.predictedStart().maxNumber().doubleValue() <= 1
                && s.predictedStart().minNumber().doubleValue() >= -1), "x̂_0 is clipped");
    }

    @Test
    void timestepSequencesAreEvenAndIncludeBothEnds() {
        assertArrayEquals(new int[] {1000, 501, 1}, Sampler.timesteps(1000, 3, 1000));
        int[] all = Sampler.timesteps(50, 50, 50);
        for (int i = 0; i < 50; i++) {
            assertEquals(50 - i, all[i]);
        }
        int[] fifty = Sampler.timesteps(1000, 50, 1000);
        assertEquals(1000, fifty[0]);
        assertEquals(1, fifty[49]);
        assertThrows(IllegalArgumentException.class, () -> Sampler.timesteps(10, 11, 10));
    }

    @Test
    void denoisingFromAnImageStartsAtItsTimestepWithFewerSteps() {
        INDArray image = Nd4j.zeros(SHAPE).addi(0.5);
        Sampler s = Sampler.fromImage(COSINE, LINEAR, SamplerConfig.ddim(20, 0, 1), image, 50, null);
        assertEquals(10, s.count());
        assertEquals(50, s.next().t());
        assertThrows(IllegalArgumentException.class,
                () -> Sampler.fromImage(COSINE, LINEAR, SamplerConfig.ddim(20, 0, 1), image, 101, null));
    }

    @Test
    void guidanceMixesConditionalAndUnconditionalPredictions() {
        // ε_c = class + 1, ε_u = 0: guided ε̂ = w · (class + 1)
        Denoiser d = new Denoiser() {
            @Override
            public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
                INDArray out = Nd4j.zerosLike(xt);
                for (int i = 0; i < t.length; i++) {
                    out.slice(i).assign(classes[i] < 0 ? 0 : classes[i] + 1);
                }
                return out;
            }

            @Override
            public int numClasses() {
                return 3;
            }
        };
        SamplingStep s = Sampler.fromNoise(COSINE, d, SamplerConfig.ddim(5, 0, 1).withClip(false).withGuidance(3), SHAPE, new int[] {2, 0})
                .next();
        assertEquals(9.0, s.predictedNoise().slice(0).meanNumber().doubleValue(), 1e-6);
        assertEquals(3.0, s.predictedNoise().slice(1).meanNumber().doubleValue(), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> Sampler.fromNoise(COSINE, d, SamplerConfig.ddim(5, 0, 1), SHAPE, new int[] {3, 0}));
    }
}
