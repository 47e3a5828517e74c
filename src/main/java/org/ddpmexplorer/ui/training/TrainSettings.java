package org.ddpmexplorer.ui.training;

import java.nio.file.Path;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.train.TrainPreset;

/**
 * Everything a training run needs from the form.
 *
 * @param folder        a folder of images, or null for the bundled Fashion-MNIST
 * @param imageSize     32 or 64 (Fashion-MNIST: 32)
 * @param baseChannels  the network's base channels C (see {@link ModelPreset})
 * @param schedule      β schedule
 * @param timesteps     T
 * @param batchSize     images per step
 * @param learningRate  Adam's learning rate
 * @param steps         steps to train (for fine-tuning: steps on top of the model's)
 * @param emaDecay      decay of the weights' moving average
 * @param conditional   learn class labels (Fashion-MNIST only) for classifier-free guidance
 * @param fineTune      continue the loaded model instead of starting a new one
 * @param previewEvery  steps between preview grids (with a time budget: a grid every minute instead)
 * @param minutes       wall-clock budget in minutes: the run stops by itself when it is spent, and saves
 *                      as on Stop (0: none, the run ends at its step count)
 * @param prediction    what a new network predicts (ε, x₀, μ or v; a fine-tuned model keeps its own)
 * @param variance      its variance σₜ²: fixed β̃ₜ or βₜ, or learned (a fine-tuned model keeps its own)
 */
public record TrainSettings(Path folder, int imageSize, int baseChannels, BetaSchedule schedule, int timesteps,
                            int batchSize, double learningRate, long steps, double emaDecay, boolean conditional,
                            boolean fineTune, int previewEvery, double minutes, Prediction prediction,
                            VarianceType variance) {
    public TrainSettings {
        if (prediction == null || variance == null) {
            throw new IllegalArgumentException("prediction and variance are required");
        }
        if (imageSize != 32 && imageSize != 64) {
            throw new IllegalArgumentException("image size must be 32 or 64");
        }
        if (folder == null && imageSize != 32) {
            throw new IllegalArgumentException("Fashion-MNIST is 32x32 (28x28 padded)");
        }
        if (previewEvery < 1) {
            throw new IllegalArgumentException("preview interval must be >= 1");
        }
        if (!(minutes >= 0)) {
            throw new IllegalArgumentException("the time budget must be >= 0 minutes");
        }
    }

    /** Settings without a time budget. */
    public TrainSettings(Path folder, int imageSize, int baseChannels, BetaSchedule schedule, int timesteps,
                         int batchSize, double learningRate, long steps, double emaDecay, boolean conditional,
                         boolean fineTune, int previewEvery) {
        this(folder, imageSize, baseChannels, schedule, timesteps, batchSize, learningRate, steps, emaDecay, conditional,
                fineTune, previewEvery, 0, Prediction.EPSILON, VarianceType.FIXED_LARGE);
    }

    /** The GUI's defaults: a tiny model on Fashion-MNIST that shows loss falling within a minute. */
    public static TrainSettings defaults() {
        return new TrainSettings(null, 32, ModelPreset.TINY.baseChannels(), BetaSchedule.COSINE, 1000, 16, 1e-3, 2000,
                0.999, false, false, 25);
    }

    /**
     * The quick run ({@link TrainPreset#QUICK}): ten minutes on Fashion-MNIST, class-conditional. The step
     * count is only a cap, far above what ten minutes reach; the budget ends the run.
     */
    public static TrainSettings quickRun() {
        TrainPreset q = TrainPreset.QUICK;
        return new TrainSettings(null, 32, q.baseChannels(), q.schedule(), q.timesteps(), q.batchSize(), q.learningRate(),
                QUICK_RUN_STEP_CAP, q.emaDecay(), q.classes(), false, 25, q.minutes(), q.prediction(),
                VarianceType.FIXED_LARGE);
    }

    /** The quick run's step cap (about 25 times what ten minutes reach on a 2-core machine). */
    public static final long QUICK_RUN_STEP_CAP = 100_000;

    public TrainSettings withMinutes(double m) {
        return new TrainSettings(folder, imageSize, baseChannels, schedule, timesteps, batchSize, learningRate, steps,
                emaDecay, conditional, fineTune, previewEvery, m, prediction, variance);
    }

    public TrainSettings withFolder(Path f, int size) {
        return new TrainSettings(f, size, baseChannels, schedule, timesteps, batchSize, learningRate, steps, emaDecay,
                f != null && conditional, fineTune, previewEvery, minutes, prediction, variance);
    }

    public TrainSettings withSteps(long s) {
        return new TrainSettings(folder, imageSize, baseChannels, schedule, timesteps, batchSize, learningRate, s,
                emaDecay, conditional, fineTune, previewEvery, minutes, prediction, variance);
    }

    public TrainSettings withBatch(int b) {
        return new TrainSettings(folder, imageSize, baseChannels, schedule, timesteps, b, learningRate, steps,
                emaDecay, conditional, fineTune, previewEvery, minutes, prediction, variance);
    }

    public TrainSettings withPreviewEvery(int p) {
        return new TrainSettings(folder, imageSize, baseChannels, schedule, timesteps, batchSize, learningRate, steps,
                emaDecay, conditional, fineTune, p, minutes, prediction, variance);
    }

    public TrainSettings withFineTune(boolean on) {
        return new TrainSettings(folder, imageSize, baseChannels, schedule, timesteps, batchSize, learningRate, steps,
                emaDecay, conditional, on, previewEvery, minutes, prediction, variance);
    }

    /** Settings with a time budget, for a noise predictor with fixed variance σₜ² = βₜ (Ho et al.). */
    public TrainSettings(Path folder, int imageSize, int baseChannels, BetaSchedule schedule, int timesteps,
                         int batchSize, double learningRate, long steps, double emaDecay, boolean conditional,
                         boolean fineTune, int previewEvery, double minutes) {
        this(folder, imageSize, baseChannels, schedule, timesteps, batchSize, learningRate, steps, emaDecay, conditional,
                fineTune, previewEvery, minutes, Prediction.EPSILON, VarianceType.FIXED_LARGE);
    }

    /** The same run training a network that predicts {@code p} with variance {@code v}. */
    public TrainSettings withParameterization(Prediction p, VarianceType v) {
        return new TrainSettings(folder, imageSize, baseChannels, schedule, timesteps, batchSize, learningRate, steps,
                emaDecay, conditional, fineTune, previewEvery, minutes, p, v);
    }
}
