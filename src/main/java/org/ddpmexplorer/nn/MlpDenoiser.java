package org.ddpmexplorer.nn;

import org.ddpmexplorer.diffusion.Denoiser;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adapts an {@link Mlp} to the samplers on 2-D points: x_t is [N, 2] and the network is fed t - 1,
 * as {@link UNetDenoiser} does. Calls are serialised (synchronized): the network's buffers are
 * reused between calls.
 */
public final class MlpDenoiser implements Denoiser {
    private final Mlp net;

    public MlpDenoiser(Mlp net) {
        if (net.outputs() != 2) {
            throw new IllegalArgumentException("an ε-predicting network has 2 outputs, this one has " + net.outputs());
        }
        this.net = net;
    }

    @Override
    public synchronized INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
        if (xt.rank() != 2 || xt.size(1) != 2 || xt.size(0) != t.length) {
            throw new IllegalArgumentException("expected x_t of shape [" + t.length + ", 2], got "
                    + java.util.Arrays.toString(xt.shape()));
        }
        float[] xy = xt.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
        return Nd4j.create(predictNoise(xy, t), new long[] {t.length, 2}, 'c');
    }

    /**
     * ε̂ = ε_θ(x_t, t) for points given as interleaved floats (for callers that keep ND4J out of their
     * types, such as the GUI's field view).
     *
     * @param xy x_t, interleaved, 2N values
     * @param t  the paper's timestep, 1..T, the same for every point
     * @return ε̂ interleaved, a new array
     */
    public float[] predictNoise(float[] xy, int t) {
        int[] ts = new int[xy.length / 2];
        java.util.Arrays.fill(ts, t);
        return predictNoise(xy, ts);
    }

    /** ε̂ with a timestep (1..T) per point. */
    public synchronized float[] predictNoise(float[] xy, int[] t) {
        int[] t0 = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 1) {
                throw new IllegalArgumentException("t must be >= 1, got " + t[i]);
            }
            t0[i] = t[i] - 1;
        }
        return net.predict(xy, t0);
    }

    public Mlp net() {
        return net;
    }
}
