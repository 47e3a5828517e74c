package org.ddpmexplorer.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network as the samplers and the likelihood see it: a function of (x_t, t[, y]). By default a
 * noise predictor ε_θ with fixed variance, so a lambda returning ε̂ is a complete denoiser. A model
 * that predicts something else or learns its variance says so ({@link #prediction()},
 * {@link #varianceType()}) and returns its raw output from {@link #predict}, which the samplers and
 * {@link Likelihood} convert with {@link Parameterization}.
 */
@FunctionalInterface
public interface Denoiser {
    /**
     * ε̂ for a batch.
     *
     * @param xt      x_t, [N, H, W, C] float
     * @param t       the paper's timestep per sample, 1..T
     * @param classes class per sample, -1 for none; null for an unconditional call
     * @return ε̂, [N, H, W, C], a new array owned by the caller
     * @throws IllegalStateException from a model that predicts something else or learns its variance and
     *                               cannot convert its output itself (it lacks the schedule)
     */
    INDArray predictNoise(INDArray xt, int[] t, int[] classes);

    /**
     * The network's raw output: the {@link #prediction()} target on the image's C channels, followed,
     * when the variance is {@link VarianceType#learned() learned}, by C channels of the variance values
     * o (Σ = exp(v log β_t + (1-v) log β̃_t), v = (o + 1)/2). For the default noise predictor with fixed
     * variance, {@link #predictNoise} itself.
     *
     * @return [N, H, W, C] or [N, H, W, 2C], a new array owned by the caller
     */
    default INDArray predict(INDArray xt, int[] t, int[] classes) {
        return predictNoise(xt, t, classes);
    }

    /** What {@link #predict} returns on its first C channels. */
    default Prediction prediction() {
        return Prediction.EPSILON;
    }

    /**
     * The variance the model was trained for: when {@link VarianceType#learned() learned}, the
     * output has twice the image channels. A fixed type is the model's default for sampling.
     */
    default VarianceType varianceType() {
        return VarianceType.FIXED_LARGE;
    }

    /**
     * The bound B of the data the model was trained on (every coordinate in [-B, B]); the samplers
     * clip x̂_0 to it, as improved-diffusion's {@code clip_denoised} clips images to [-1, 1]. Without
     * it, a step from a timestep where ᾱ_t ≈ 0 (the cosine schedule's last, β_T clipped at 0.999)
     * multiplies ε̂'s error by √(1-ᾱ_t)/√ᾱ_t in x̂_0 = (x_t − √(1-ᾱ_t) ε̂)/√ᾱ_t, which a respaced or DDIM
     * run then carries into its next x. Unbounded (no clipping) unless the model says otherwise;
     * {@link SamplerConfig#clipDenoised()} clips to [-1, 1] whatever this says.
     */
    default double denoisedBound() {
        return Double.POSITIVE_INFINITY;
    }

    /** Number of classes the model was trained with (0 when unconditional). */
    default int numClasses() {
        return 0;
    }
}
