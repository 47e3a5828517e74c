package org.ddpmexplorer.ui.plane;

import org.ddpmexplorer.diffusion.EmpiricalMixture;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.train.PointSet;
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

    /**
     * Points two caches at the exact values of the data under a forward process: the marginal
     * q(x_t) on the heat map's grid (of a subsample of {@link PlaneController#DENSITY_POINTS}) and the
     * optimal ε on the field grid. Null data or diffusion empties them.
     */
    static void resetExact(TimestepCache<float[]> density, TimestepCache<float[]> exactField, PointSet p, GaussianDiffusion d,
                           float[] grid) {
        if (p == null || d == null) {
            density.reset(null, 0);
            exactField.reset(null, 0);
            return;
        }
        float[] few = p.subsample(PlaneController.DENSITY_POINTS, PlaneController.NOISE_SEED).xy();
        EmpiricalMixture forDensity = new EmpiricalMixture(d, few);
        EmpiricalMixture exact = new EmpiricalMixture(d, p.xy());
        double r = PointRaster.RANGE;
        int res = PlaneController.DENSITY_RES;
        density.reset(t -> {
            float[] out = new float[res * res];
            forDensity.densityGrid(t, -r, r, res, out);
            return out;
        }, d.timesteps());
        exactField.reset(t -> exactNoise(exact, grid, Math.max(1, t)), d.timesteps());
    }

    /** The model's ε̂_θ(x_t, t) at the given points, t ≥ 1, interleaved xy; null for a denoiser that is not the MLP. */
    static float[] modelNoise(PlaneTraining.Model m, float[] xt, int t) {
        return m.denoiser() instanceof MlpDenoiser mlp ? mlp.predictNoise(xt, t) : null;
    }
}
