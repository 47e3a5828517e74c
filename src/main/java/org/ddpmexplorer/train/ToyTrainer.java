package org.ddpmexplorer.train;

import java.util.Random;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.Mlp;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.nn.MlpDenoiser;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the 2-D playground's {@link Mlp} to predict noise (Ho et al. 2020, Algorithm 1) on a
 * point set: x_0 drawn uniformly from the points, t uniform in 1..T, ε ~ N(0, I), loss
 * ‖ε − ε_θ(√ᾱ_t x_0 + √(1-ᾱ_t) ε, t)‖² averaged over the batch and both coordinates. Adam, clipping
 * by global norm and the EMA of the weights as the image trainer ({@link AdamEma}), with a cosine
 * learning-rate decay over the run ({@link #learningRate}). Every step draws
 * from its own generator seeded by (seed, step), so runs repeat exactly.
 *
 * <p>One thread runs the steps; {@link #emaSnapshot()} may be called from any thread.
 */
public final class ToyTrainer {
    private final Mlp model;
    private final GaussianDiffusion diffusion;
    private final PointSet data;
    private final float[] points;
    private final ToyTrainConfig config;
    /** Weights, Adam's moments, the EMA weights and the gradient, in the flat layout of the model's ParamSet. */
    private final float[] w, m, v, ema, grad;
    private final Object emaLock = new Object();
    private long step;
    private double lossEma = Double.NaN;

    // per-step scratch
    private float[] x0, noise, xt, dEps;
    private int[] t, tNet;
    private INDArray dEpsArr;

    /**
     * A new model with weights drawn from {@code config.seed()}.
     *
     * @param data the training points, already in the coordinates to model (standardised by the caller)
     */
    public ToyTrainer(MlpConfig net, GaussianDiffusion diffusion, PointSet data, ToyTrainConfig config) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no points to train on");
        }
        this.model = new Mlp(net, config.seed());
        this.diffusion = diffusion;
        this.data = data;
        this.points = data.xy();
        this.config = config;
        int n = Math.toIntExact(model.numParams());
        w = new float[n];
        m = new float[n];
        v = new float[n];
        ema = new float[n];
        grad = new float[n];
        model.params().copyTo(w);
        System.arraycopy(w, 0, ema, 0, n);
    }

    /**
     * One optimiser step on a fresh batch; returns the batch's mean loss.
     *
     * @throws TrainingDivergedException when the loss or the gradient is not finite (weights untouched)
     */
    public double trainStep() {
        int b = config.batchSize();
        if (x0 == null) {
            x0 = new float[2 * b];
            noise = new float[2 * b];
            xt = new float[2 * b];
            dEps = new float[2 * b];
            t = new int[b];
            tNet = new int[b];
            dEpsArr = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, b, 2);
        }
        Random rng = new Random(config.seed() * 0x9E3779B97F4A7C15L + step);
        int n = data.size(), timesteps = diffusion.timesteps();
        for (int s = 0; s < b; s++) {
            int i = rng.nextInt(n);
            x0[2 * s] = points[2 * i];
            x0[2 * s + 1] = points[2 * i + 1];
            t[s] = 1 + rng.nextInt(timesteps);
            tNet[s] = t[s] - 1;
        }
        for (int i = 0; i < 2 * b; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        for (int s = 0; s < b; s++) {
            diffusion.qSample(x0, t[s], noise, xt, 2 * s, 2 * s + 2);
        }
        INDArray out = model.forward(xt, tNet);
        float[] epsHat = new float[2 * b];
        out.data().asNioFloat().get(epsHat, 0, 2 * b);
        double sum = 0;
        float scale = 1f / b; // d/dε̂ of the mean over 2b squared errors: 2(ε̂ − ε)/(2b)
        for (int i = 0; i < 2 * b; i++) {
            float d = epsHat[i] - noise[i];
            sum += d * d;
            dEps[i] = d * scale;
        }
        double loss = sum / (2 * b);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("the loss became " + loss + " at step " + step + "; try a lower learning rate");
        }
        dEpsArr.data().asNioFloat().put(dEps, 0, 2 * b);
        model.backward(dEpsArr);
        model.params().copyGradTo(grad);
        double sq = 0;
        for (float g : grad) {
            sq += (double) g * g;
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) {
            throw new TrainingDivergedException("the gradient became " + norm + " at step " + step);
        }
        float clip = norm > ToyTrainConfig.GRAD_CLIP ? (float) (ToyTrainConfig.GRAD_CLIP / norm) : 1f;
        synchronized (emaLock) {
            AdamEma.update(grad, m, v, w, ema, w.length, clip, AdamEma.alphaT(learningRate(step), step),
                    AdamEma.emaDecay(config.emaDecay(), step));
        }
        model.params().copyFrom(w);
        step++;
        lossEma = Double.isNaN(lossEma) ? loss : Trainer.LOSS_SMOOTHING * lossEma + (1 - Trainer.LOSS_SMOOTHING) * loss;
        return loss;
    }

    /** The learning rate's floor, as a share of the peak: where the cosine decay ends. */
    static final double FINAL_LR_SHARE = 0.05;

    /**
     * The learning rate at a step: cosine decay from the peak α at step 0 to {@link #FINAL_LR_SHARE}·α at
     * {@code config.steps()}, then constant (a run continued past its steps fine-tunes at the floor).
     * Within a budget of a few thousand steps the decay settles the weights that a constant rate
     * keeps shaking (docs/plane.md).
     */
    public double learningRate(long s) {
        double progress = Math.min(1.0, (double) s / config.steps());
        double share = FINAL_LR_SHARE + (1 - FINAL_LR_SHARE) * 0.5 * (1 + Math.cos(Math.PI * progress));
        return config.learningRate() * share;
    }

    /** Steps taken. */
    public long step() {
        return step;
    }

    /** A smoothed average of the recent batch losses (NaN before the first step). */
    public double lossEma() {
        return lossEma;
    }

    /** An independent copy of the EMA weights as a denoiser, safe to use on another thread. */
    public MlpDenoiser emaSnapshot() {
        float[] copy;
        synchronized (emaLock) {
            copy = ema.clone();
        }
        Mlp net = new Mlp(model.config(), 0);
        net.params().copyFrom(copy);
        return new MlpDenoiser(net);
    }

    /** The EMA weights in the flat layout of {@link Mlp#params()} (a copy). */
    public float[] emaWeights() {
        synchronized (emaLock) {
            return ema.clone();
        }
    }

    public MlpConfig netConfig() {
        return model.config();
    }

    public ToyTrainConfig config() {
        return config;
    }

    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    public PointSet data() {
        return data;
    }
}
