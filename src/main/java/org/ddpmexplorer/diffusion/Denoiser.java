package org.ddpmexplorer.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A noise predictor ε_θ(x_t, t[, y]): the only thing the samplers know of the network. */
public interface Denoiser {
    /**
     * Predicts the noise in a batch.
     *
     * @param xt      x_t, [N, H, W, C] float
     * @param t       the paper's timestep per sample, 1..T
     * @param classes class per sample, -1 for none; null for an unconditional call
     * @return ε̂, [N, H, W, C], a new array owned by the caller
     */
    INDArray predictNoise(INDArray xt, int[] t, int[] classes);

    /** Number of classes the model was trained with (0 when unconditional). */
    default int numClasses() {
        return 0;
    }
}
