package org.ddpmexplorer.train;

/**
 * Hyper-parameters of a training run.
 *
 * @param steps           optimiser steps to reach (counting from step 0, so a resumed run stops there too)
 * @param batchSize       images per step
 * @param learningRate    Adam's peak learning rate (2e-4: Ho et al. for 32x32 images, and ARCH.md)
 * @param warmupSteps     linear learning-rate warm-up from 0 over this many steps
 * @param gradClip        maximum global L2 norm of the gradient (1.0, as Ho et al.'s code)
 * @param emaDecay        decay of the weights' exponential moving average (0.999 by default)
 * @param classDropout    probability of dropping the label to "no class" (0.1 for classifier-free guidance)
 * @param seed            seed of all random draws; step s uses its own generator, so a resumed run repeats exactly
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param flip            random horizontal flips of the training images; off for data with a canonical
 *                        orientation (Fashion-MNIST's shoes all point left: a model trained with flips draws
 *                        half of them pointing right, which the test set never shows)
 * @param minSnrGamma     γ of the min-SNR loss weighting (Hang et al. 2023; {@link DiffusionLoss#minSnrWeight}),
 *                        0 for none (every timestep's error weighs the same in the predicted quantity)
 */
public record TrainConfig(long steps, int batchSize, double learningRate, int warmupSteps, double gradClip,
                          double emaDecay, double classDropout, long seed, int checkpointEvery, boolean flip,
                          double minSnrGamma) {
    /** Settings without min-SNR weighting. */
    public TrainConfig(long steps, int batchSize, double learningRate, int warmupSteps, double gradClip,
                       double emaDecay, double classDropout, long seed, int checkpointEvery, boolean flip) {
        this(steps, batchSize, learningRate, warmupSteps, gradClip, emaDecay, classDropout, seed, checkpointEvery, flip, 0);
    }

    public TrainConfig {
        if (!(minSnrGamma >= 0 && minSnrGamma <= 1e6)) {
            throw new IllegalArgumentException("min-SNR gamma must be in [0, 1e6] (0: off), got " + minSnrGamma);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0");
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("batch size must be in 1..4096, got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1), got " + learningRate);
        }
        if (warmupSteps < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("warm-up and checkpoint interval must be >= 0");
        }
        if (!(gradClip > 0)) {
            throw new IllegalArgumentException("gradient clip must be > 0");
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
        }
        if (!(classDropout >= 0 && classDropout <= 1)) {
            throw new IllegalArgumentException("class dropout must be in [0, 1]");
        }
    }

    /** Ho et al.'s settings for small images: Adam at 2e-4, batch 64, clip 1, EMA 0.999, random flips. */
    public static TrainConfig defaults(long steps) {
        return new TrainConfig(steps, 64, 2e-4, 200, 1.0, 0.999, 0.1, 0, 1000, true);
    }

    public TrainConfig withSteps(long s) {
        return new TrainConfig(s, batchSize, learningRate, warmupSteps, gradClip, emaDecay, classDropout, seed, checkpointEvery, flip, minSnrGamma);
    }

    public TrainConfig withBatch(int b) {
        return new TrainConfig(steps, b, learningRate, warmupSteps, gradClip, emaDecay, classDropout, seed, checkpointEvery, flip, minSnrGamma);
    }

    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(steps, batchSize, lr, warmupSteps, gradClip, emaDecay, classDropout, seed, checkpointEvery, flip, minSnrGamma);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(steps, batchSize, learningRate, warmupSteps, gradClip, emaDecay, classDropout, s, checkpointEvery, flip, minSnrGamma);
    }

    public TrainConfig withCheckpointEvery(int n) {
        return new TrainConfig(steps, batchSize, learningRate, warmupSteps, gradClip, emaDecay, classDropout, seed, n, flip, minSnrGamma);
    }

    public TrainConfig withEmaDecay(double d) {
        return new TrainConfig(steps, batchSize, learningRate, warmupSteps, gradClip, d, classDropout, seed, checkpointEvery, flip, minSnrGamma);
    }

    public TrainConfig withWarmup(int w) {
        return new TrainConfig(steps, batchSize, learningRate, w, gradClip, emaDecay, classDropout, seed, checkpointEvery, flip, minSnrGamma);
    }

    public TrainConfig withClassDropout(double p) {
        return new TrainConfig(steps, batchSize, learningRate, warmupSteps, gradClip, emaDecay, p, seed, checkpointEvery, flip, minSnrGamma);
    }

    public TrainConfig withFlip(boolean f) {
        return new TrainConfig(steps, batchSize, learningRate, warmupSteps, gradClip, emaDecay, classDropout, seed, checkpointEvery, f, minSnrGamma);
    }

    public TrainConfig withMinSnr(double gamma) {
        return new TrainConfig(steps, batchSize, learningRate, warmupSteps, gradClip, emaDecay, classDropout, seed,
                checkpointEvery, flip, gamma);
    }
}
