package org.ddpmexplorer.train;

import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;

/**
 * How the 2-D playground trains its MLP ({@link ToyTrainer}); {@link #defaults()} and the constants
 * here are the defaults of both the Plane tab and the {@code toy} command.
 *
 * @param steps        optimiser steps of a run
 * @param batchSize    points per step
 * @param learningRate Adam's step size α
 * @param emaDecay     decay of the exponential moving average of the weights that sampling uses
 * @param seed         seed of the initial weights and of every step's batch, timesteps and noise
 * @param prediction   what the network predicts (the loss is the mean squared error to it)
 * @param variance     the reverse steps' variance: fixed (β̃_t or β_t, used when sampling) or learned
 *                     (two more outputs, trained with the hybrid loss of {@link DiffusionLoss})
 */
public record ToyTrainConfig(long steps, int batchSize, double learningRate, double emaDecay, long seed,
                             Prediction prediction, VarianceType variance) {
    /** Default T: small, so that sampling a few thousand points stays live. */
    public static final int DEFAULT_TIMESTEPS = 100;
    /** Default β schedule. */
    public static final BetaSchedule DEFAULT_SCHEDULE = BetaSchedule.COSINE;
    /** Default number of points sampled (the reverse view's particles, the command's --samples). */
    public static final int DEFAULT_SAMPLES = 2000;
    /** Largest batch (a step must stay a few milliseconds). */
    public static final int MAX_BATCH = 8192;
    /** Most steps of one run. */
    public static final long MAX_STEPS = 10_000_000;
    /** Gradients are clipped to this global norm (as the image trainer's default). */
    public static final double GRAD_CLIP = 1.0;

    public ToyTrainConfig {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("training steps must be in 1.." + MAX_STEPS + ", got " + steps);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batch size must be in 1.." + MAX_BATCH + ", got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1], got " + learningRate);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
        }
        if (prediction == null || variance == null) {
            throw new IllegalArgumentException("prediction and variance are required");
        }
    }

    /** A noise-predicting model with fixed variance β_t (Ho et al.'s). */
    public ToyTrainConfig(long steps, int batchSize, double learningRate, double emaDecay, long seed) {
        this(steps, batchSize, learningRate, emaDecay, seed, Prediction.EPSILON, VarianceType.FIXED_LARGE);
    }

    /**
     * The defaults: 2,000 steps of 256 points at a peak learning rate of 3e-3 (decayed over the run),
     * EMA 0.995 (an average over about the last 200 steps). Measured in docs/plane.md: two moons
     * within 1.1x of the energy-distance floor, every preset within about 2x.
     */
    public static ToyTrainConfig defaults() {
        return new ToyTrainConfig(2000, 256, 3e-3, 0.995, 0);
    }

    public ToyTrainConfig withSteps(long s) {
        return new ToyTrainConfig(s, batchSize, learningRate, emaDecay, seed, prediction, variance);
    }

    public ToyTrainConfig withBatchSize(int b) {
        return new ToyTrainConfig(steps, b, learningRate, emaDecay, seed, prediction, variance);
    }

    public ToyTrainConfig withSeed(long s) {
        return new ToyTrainConfig(steps, batchSize, learningRate, emaDecay, s, prediction, variance);
    }

    /** The same run training the network to predict {@code p}. */
    public ToyTrainConfig withPrediction(Prediction p) {
        return new ToyTrainConfig(steps, batchSize, learningRate, emaDecay, seed, p, variance);
    }

    /** The same run with the variance {@code v} (learned: the network gets two more outputs). */
    public ToyTrainConfig withVariance(VarianceType v) {
        return new ToyTrainConfig(steps, batchSize, learningRate, emaDecay, seed, prediction, v);
    }
}
