package org.ddpmexplorer.train;

import java.util.List;
import java.util.Locale;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.nn.UNetConfig;

/**
 * A named set of training settings ({@code train --preset NAME}, the Train tab's "Quick run").
 * Every setting can still be overridden one by one. The figures that chose {@link #QUICK} are in
 * docs/benchmarks.md, section "The quick-run preset".
 *
 * @param id            the name on the command line
 * @param baseChannels  the U-Net's base channels C (the ARCH.md layout otherwise)
 * @param batchSize     images per step
 * @param learningRate  Adam's peak learning rate
 * @param warmupSteps   linear learning-rate warm-up
 * @param emaDecay      the EMA's largest decay (it ramps up to it: {@link Trainer#emaDecayAt})
 * @param schedule      β schedule
 * @param timesteps     T
 * @param classes       class-conditional (with classifier-free guidance) when the data has labels
 * @param flip          random left-right flips of the training images
 * @param minutes       the wall-clock budget (0: none, the run ends at its step count)
 * @param prediction    what the network predicts
 * @param minSnrGamma   γ of the min-SNR loss weighting ({@link DiffusionLoss#minSnrWeight}), 0 for none
 */
public record TrainPreset(String id, int baseChannels, int batchSize, double learningRate, int warmupSteps,
                          double emaDecay, BetaSchedule schedule, int timesteps, boolean classes, boolean flip,
                          double minutes, Prediction prediction, double minSnrGamma) {
    /**
     * Ten minutes on Fashion-MNIST, class-conditional: the reference layout at a quarter of its
     * parameters (C = 16: 161k instead of 641k, about 2.5 times as many steps per minute), a network
     * that predicts x_0 (on short runs far better samples than ε: docs/benchmarks.md, section
     * "Prediction targets and variances on Fashion-MNIST"), Adam at 1e-3 after a 200-step warm-up
     * (five times the long run's 2e-4: a small network tolerates it, and a short run needs the large
     * early steps), the EMA ramp up to 0.999, the cosine schedule with T = 1000, no flips
     * (Fashion-MNIST's shoes all point left).
     */
    public static final TrainPreset QUICK = new TrainPreset("quick", 16, 64, 1e-3, 200, 0.999, BetaSchedule.COSINE,
            1000, true, false, 10, Prediction.START_X, 0);

    /** The long run's settings (those of the pretrained model's first phase, without a time budget). */
    public static final TrainPreset FULL = new TrainPreset("full", 32, 64, 2e-4, 200, 0.999, BetaSchedule.COSINE,
            1000, true, false, 0, Prediction.EPSILON, 0);

    public static final List<TrainPreset> ALL = List.of(QUICK, FULL);

    public TrainPreset {
        // the checks of the records these settings become, so that a bad preset fails where it is written
        new TrainConfig(1, batchSize, learningRate, warmupSteps, 1.0, emaDecay, 0.1, 0, 0, flip, minSnrGamma);
        if (prediction == null) {
            throw new IllegalArgumentException("a preset names its prediction");
        }
        UNetConfig.reference(baseChannels);
        if (timesteps < 1 || minutes < 0) {
            throw new IllegalArgumentException("timesteps must be >= 1 and minutes >= 0");
        }
    }

    /** The preset called {@code name} (case-insensitive). */
    public static TrainPreset byName(String name) {
        for (TrainPreset p : ALL) {
            if (p.id.equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (choose "
                + String.join(", ", ALL.stream().map(TrainPreset::id).toList()) + ")");
    }

    /** The training settings for a run to {@code steps}, with the long run's clip (1.0) and label dropout (0.1). */
    public TrainConfig trainConfig(long steps, long seed, int checkpointEvery) {
        return new TrainConfig(steps, batchSize, learningRate, warmupSteps, 1.0, emaDecay, 0.1, seed, checkpointEvery,
                flip, minSnrGamma);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: C = %d, predicting %s%s, batch %d, lr %s (warm-up %d), EMA ramp to %s, "
                        + "%s T = %d%s%s%s",
                id, baseChannels, prediction.id(), minSnrGamma > 0 ? " with min-SNR γ = " + minSnrGamma : "",
                batchSize, learningRate, warmupSteps, emaDecay, schedule.id(), timesteps,
                classes ? ", class-conditional" : "", flip ? ", flips" : ", no flips",
                minutes > 0 ? String.format(Locale.ROOT, ", %s minutes", minutes) : "");
    }
}
