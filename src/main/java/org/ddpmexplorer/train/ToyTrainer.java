package org.ddpmexplorer.train;

import java.util.Random;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.Mlp;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.nn.MlpDenoiser;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the 2-D playground's {@link Mlp} (Ho et al. 2020, Algorithm 1) on a point set: x_0 drawn
 * uniformly from the points, t uniform in 1..T, ε ~ N(0, I), loss
 * ‖ε − ε_θ(√ᾱ_t x_0 + √(1-ᾱ_t) ε, t)‖² averaged over the batch and both coordinates, or the squared
 * error to the config's other {@link org.ddpmexplorer.diffusion.Prediction} target; with a learned
 * variance, plus λ L_vlb with a continuous Gaussian decoder at t = 1 ({@link DiffusionLoss}). Adam, clipping
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
    private final DiffusionLoss loss;
    /** Weights, Adam's moments, the EMA weights and the gradient, in the flat layout of the model's ParamSet. */
    private final float[] w, m, v, ema, grad;
    private final Object emaLock = new Object();
    private long step;
    private double lossEma = Double.NaN;

    // per-step scratch
    private float[] x0, noise, xt, out, dOut;
    private double[] perPoint;
    private int[] t, tNet;
    private INDArray dOutArr;

    /**
     * A new model with weights drawn from {@code config.seed()}.
     *
     * @param data the training points, already in the coordinates to model (standardised by the caller)
     */
    public ToyTrainer(MlpConfig net, GaussianDiffusion diffusion, PointSet data, ToyTrainConfig config) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no points to train on");
        }
        this.model = new Mlp(net, MlpDenoiser.outputs(config.variance()), config.seed());
        this.loss = new DiffusionLoss(diffusion, config.prediction(), config.variance(), DiffusionLoss.Decoder.CONTINUOUS);
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
        int b = config.batchSize(), k = model.outputs();
        if (x0 == null) {
            x0 = new float[2 * b];
            noise = new float[2 * b];
            xt = new float[2 * b];
            out = new float[k * b];
            dOut = new float[k * b];
            perPoint = new double[b];
            t = new int[b];
            tNet = new int[b];
            dOutArr = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, b, k);
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
        model.forward(xt, tNet).data().asNioFloat().get(out, 0, k * b);
        // the mean over 2b squared errors to the target (for ε: 2(ε̂ − ε)/(2b) per output), plus λ L_vlb
        double loss = this.loss.lossAndGradient(x0, noise, xt, t, 2, out, dOut, perPoint);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("the loss became " + loss + " at step " + step + "; try a lower learning rate");
        }
        dOutArr.data().asNioFloat().put(dOut, 0, k * b);
        model.backward(dOutArr);
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
        Mlp net = new Mlp(model.config(), model.outputs(), 0);
        net.params().copyFrom(copy);
        return new MlpDenoiser(net, config.prediction(), config.variance(), diffusion);
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
