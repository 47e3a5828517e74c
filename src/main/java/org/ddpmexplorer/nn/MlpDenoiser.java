package org.ddpmexplorer.nn;

import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Parameterization;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adapts an {@link Mlp} to the samplers on 2-D points: x_t is [N, 2] and the network is fed t - 1,
 * as {@link UNetDenoiser} does. The network predicts ε, x_0, μ or v ({@link #prediction()}) on its
 * first two outputs and, when the variance is learned, the two variance values o on two more
 * ({@link #predict} returns them raw: [N, 4]); {@link #predictNoise} converts the prediction to ε̂
 * with {@link Parameterization}. Calls are serialised (synchronized): the network's buffers are
 * reused between calls.
 */
public final class MlpDenoiser implements Denoiser {
    private final Mlp net;
    private final Prediction prediction;
    private final VarianceType variance;
    private final Parameterization param;

    /** A noise predictor with fixed variance β_t: a network with 2 outputs. */
    public MlpDenoiser(Mlp net) {
        this(net, Prediction.EPSILON, VarianceType.FIXED_LARGE, null);
    }

    /**
     * A network trained for {@code prediction} with {@code variance}: 2 outputs, or 4 for a learned
     * variance.
     *
     * @param diffusion the schedule it was trained with (converts its output to ε̂); may be null for ε
     */
    public MlpDenoiser(Mlp net, Prediction prediction, VarianceType variance, GaussianDiffusion diffusion) {
        if (prediction == null || variance == null) {
            throw new IllegalArgumentException("prediction and variance are required");
        }
        int want = outputs(variance);
        if (net.outputs() != want) {
            throw new IllegalArgumentException("a " + prediction.id() + " network with " + variance.id() + " variance has "
                    + want + " outputs, this one has " + net.outputs());
        }
        if (diffusion == null && prediction != Prediction.EPSILON) {
            throw new IllegalArgumentException("a " + prediction.id() + " network needs its schedule to give ε̂");
        }
        this.net = net;
        this.prediction = prediction;
        this.variance = variance;
        this.param = diffusion == null ? null : new Parameterization(diffusion);
    }

    /** Outputs per point of a network with this variance: 2, or 4 when it is learned. */
    /**
     * The 2-D data's bound for x̂_0: points are standardised (zero mean, mean of (x² + y²)/2 = 1), so
     * the presets lie within about ±2.5; 5 leaves room for a sketch's or a file's outliers while it
     * stops a step from the cosine schedule's last timestep (ᾱ_T ≈ 0) from throwing x̂_0 hundreds of
     * units away (Denoiser#denoisedBound).
     */
    public static final double DATA_BOUND = 5;

    @Override
    public double denoisedBound() {
        return DATA_BOUND;
    }

    public static int outputs(VarianceType variance) {
        return variance.learned() ? 4 : 2;
    }

    @Override
    public Prediction prediction() {
        return prediction;
    }

    @Override
    public VarianceType varianceType() {
        return variance;
    }

    /** The network's raw output, [N, 2] or [N, 4] (prediction, then the variance values). */
    @Override
    public synchronized INDArray predict(INDArray xt, int[] t, int[] classes) {
        return Nd4j.create(predictRaw(points(xt, t), t), new long[] {t.length, net.outputs()}, 'c');
    }

    /** ε̂, [N, 2]: the prediction converted to the noise. */
    @Override
    public synchronized INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
        return Nd4j.create(predictNoise(points(xt, t), t), new long[] {t.length, 2}, 'c');
    }

    private static float[] points(INDArray xt, int[] t) {
        if (xt.rank() != 2 || xt.size(1) != 2 || xt.size(0) != t.length) {
            throw new IllegalArgumentException("expected x_t of shape [" + t.length + ", 2], got "
                    + java.util.Arrays.toString(xt.shape()));
        }
        return xt.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
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

    /** ε̂ with a timestep (1..T) per point: the prediction converted (Parameterization) when it is not ε. */
    public synchronized float[] predictNoise(float[] xy, int[] t) {
        float[] raw = predictRaw(xy, t);
        int k = net.outputs();
        if (prediction == Prediction.EPSILON && k == 2) {
            return raw;
        }
        float[] eps = new float[2 * t.length];
        for (int s = 0; s < t.length; s++) {
            Parameterization.Affine m = prediction == Prediction.EPSILON ? new Parameterization.Affine(1, 0)
                    : param.conversion(prediction, Prediction.EPSILON, t[s]);
            for (int c = 0; c < 2; c++) {
                eps[2 * s + c] = (float) m.apply(raw[k * s + c], xy[2 * s + c]);
            }
        }
        return eps;
    }

    /** The raw output with a timestep (1..T) per point: {@link Mlp#outputs()} values per point. */
    public synchronized float[] predictRaw(float[] xy, int[] t) {
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
