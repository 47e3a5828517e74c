package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's data bound (Denoiser#denoisedBound) clips x̂_0 in every sampler step: at the cosine
 * schedule's last timestep ᾱ_T ≈ 0, so an ε̂ off by 1 puts x̂_0 = (x_T − √(1-ᾱ_T) ε̂)/√ᾱ_T hundreds of
 * units away, which a respaced or DDIM run carries into its next x.
 */
class DenoisedBoundTest {
    private static final GaussianDiffusion COSINE = new GaussianDiffusion(BetaSchedule.COSINE, 100);
    private static final long[] SHAPE = {64, 2};

    /** Predicts ε̂ = x_t + 1: off by about 1 from any sensible noise. */
    private static Denoiser offByOne(double bound) {
        return new Denoiser() {
            @Override
            public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
                return xt.add(1);
            }

            @Override
            public double denoisedBound() {
                return bound;
            }
        };
    }

    private static double maxAbsStart(Denoiser model, SamplerConfig config) {
        return Sampler.fromNoise(COSINE, model, config, SHAPE, null).next().predictedStart().amaxNumber().doubleValue();
    }

    @Test
    void withoutABoundTheFirstRespacedStepThrowsTheEstimateFarAway() {
        assertTrue(maxAbsStart(offByOne(Double.POSITIVE_INFINITY), SamplerConfig.ddim(20, 0, 1).withClip(false)) > 100);
    }

    @Test
    void theBoundClipsTheEstimateInDdimAndDdpm() {
        assertEquals(2.0, maxAbsStart(offByOne(2), SamplerConfig.ddim(20, 0, 1).withClip(false)), 1e-6);
        assertEquals(2.0, maxAbsStart(offByOne(2), SamplerConfig.ddpm(20, 1).withClip(false)), 1e-6);
    }

    @Test
    void clipDenoisedStillMeansMinusOneToOne() {
        assertEquals(1.0, maxAbsStart(offByOne(2), SamplerConfig.ddim(20, 0, 1).withClip(true)), 1e-6);
    }
}
