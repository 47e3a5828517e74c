package org.ddpmexplorer.ui.plane;

import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Parameterization;
import org.ddpmexplorer.diffusion.Prediction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
        int n = xt.length / 2;
        int[] ts = new int[n];
        java.util.Arrays.fill(ts, t);
        INDArray raw = d.predict(Nd4j.create(xt, new long[] {n, 2}, 'c'), ts, null);
        // a learned variance adds two columns after the prediction: keep the first two
        float[] p = raw.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).dup('c').castTo(DataType.FLOAT).data().asFloat();
        return new Parameterization(diffusion).convert(d.prediction(), p, Prediction.START_X, xt, t);
    }
}
