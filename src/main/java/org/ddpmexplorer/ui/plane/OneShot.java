package org.ddpmexplorer.ui.plane;

import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Parameterization;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.nn.MlpDenoiser;

/** The network's x̂_0 from points x_t in one step, whatever the network predicts. Any thread. */
final class OneShot {
    private OneShot() {
    }

    /**
     * x̂_0 at points x_t (interleaved xy): the network's raw output converted by
     * {@link Parameterization} from its {@link Denoiser#prediction()} (for ε: x̂_0 = (x_t − √(1-ᾱ_t) ε̂)/√ᾱ_t,
     * Ho et al. eq. 15), without clipping.
     *
     * @param t the paper's timestep, 1..T
     */
    static float[] predictStart(Denoiser d, GaussianDiffusion diffusion, float[] xt, int t) {
        if (!(d instanceof MlpDenoiser mlp)) {
            throw new IllegalArgumentException("the plane's models are MLPs");
        }
        int n = xt.length / 2;
        int[] ts = new int[n];
        java.util.Arrays.fill(ts, t);
        float[] raw = mlp.predictRaw(xt, ts);
        int k = raw.length / n; // 2 outputs, or 4 when the variance is learned: the prediction comes first
        float[] p = new float[2 * n];
        for (int i = 0; i < n; i++) {
            p[2 * i] = raw[k * i];
            p[2 * i + 1] = raw[k * i + 1];
        }
        return new Parameterization(diffusion).convert(d.prediction(), p, Prediction.START_X, xt, t);
    }

    /** The number of points (interleaved xy) outside the plotted square [−RANGE, RANGE]² of {@link PointRaster}. */
    static int offPlot(float[] xy) {
        int n = 0;
        for (int i = 0; i + 1 < xy.length; i += 2) {
            if (!(Math.abs(xy[i]) <= PointRaster.RANGE && Math.abs(xy[i + 1]) <= PointRaster.RANGE)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The one-shot plot's caption at t = 0: "x̂₀(x_T)", and when the jump lands points beyond the plot
     * (it divides by √ᾱ_T, tiny at the end of the schedule) how many: "x̂₀(x_T) · 1,870 of 2,000 points
     * off the plot".
     */
    static String caption(float[] x0) {
        int off = offPlot(x0), n = x0.length / 2;
        return off == 0 ? "x̂₀(x_T)" : String.format(java.util.Locale.ROOT, "x̂₀(x_T) · %,d of %,d points off the plot", off, n);
    }
}
