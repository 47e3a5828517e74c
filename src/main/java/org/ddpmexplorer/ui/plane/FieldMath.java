package org.ddpmexplorer.ui.plane;

import org.ddpmexplorer.diffusion.EmpiricalMixture;
import org.ddpmexplorer.nn.MlpDenoiser;

/** The Field view's arrows: the noise a denoiser predicts at grid points, from the model or the exact mixture. Any thread. */
final class FieldMath {
    private FieldMath() {
    }

    /**
     * The optimal ε at points x_t, t ≥ 1: ε* = (x_t − √ᾱ_t E[x_0 | x_t]) / √(1-ᾱ_t), the mixture's
     * posterior mean put into eq. 4 solved for ε. Interleaved xy.
     */
    static float[] exactNoise(EmpiricalMixture mixture, float[] xt, int t) {
        return mixture.predictNoise(xt, t);
    }

    /** The model's ε̂_θ(x_t, t) at the given points, t ≥ 1, interleaved xy; null for a denoiser that is not the MLP. */
    static float[] modelNoise(PlaneTraining.Model m, float[] xt, int t) {
        return m.denoiser() instanceof MlpDenoiser mlp ? mlp.predictNoise(xt, t) : null;
    }
}
