package org.ddpmexplorer.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network as the samplers and the likelihood see it: a function of (x_t, t[, y]) that declares
 * what it predicts ({@link #prediction()}) and whether it outputs the variance
 * ({@link #varianceType()}). The defaults describe a noise predictor ε_θ with fixed variance, so a
 * lambda returning ε̂ is a complete denoiser.
 */
@FunctionalInterface
public interface Denoiser {
    /**
     * The network's raw output for a batch: the {@link #prediction()} target on the image's C
     * channels, followed, when the variance is {@link VarianceType#learned() learned}, by C channels
     * of the variance values o (Σ = exp(v log β_t + (1-v) log β̃_t), v = (o + 1)/2).
     *
     * @param xt      x_t, [N, H, W, C] float
     * @param t       the paper's timestep per sample, 1..T
     * @param classes class per sample, -1 for none; null for an unconditional call
     * @return [N, H, W, C] or [N, H, W, 2C], a new array owned by the caller
     */
    INDArray predict(INDArray xt, int[] t, int[] classes);

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
     * ε̂ of a noise predictor with fixed variance: {@link #predict} itself. Other models are
     * converted by the {@link Sampler} (with {@link Parameterization}), which knows the schedule.
     *
     * @throws IllegalStateException when the model predicts something else or learns its variance
     */
    default INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
        if (prediction() != Prediction.EPSILON || varianceType().learned()) {
            throw new IllegalStateException("this model predicts " + prediction().id() + " with " + varianceType().id()
                    + " variance; convert its output with Parameterization");
        }
        return predict(xt, t, classes);
    }

    /** Number of classes the model was trained with (0 when unconditional). */
    default int numClasses() {
        return 0;
    }
}
