package org.ddpmexplorer.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.TrainConfig;

/**
 * What {@code train --resume} trains with: every setting saved in the checkpoint, except those the
 * command gives explicitly, each printed as changed ("learning rate: 5e-5 -> 1e-4"). Options that would
 * change the network or the diffusion (the weights only fit the saved ones) are refused when they
 * differ from the saved values.
 */
final class ResumeSettings {
    private ResumeSettings() {
    }

    /** A training setting: its option, its words, how to read it from and set it in a config. */
    private record Setting(String option, String label, Function<TrainConfig, Object> get,
                           BiFunction<TrainConfig, TrainConfig, TrainConfig> take) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("--steps", "steps to reach", TrainConfig::steps, (c, g) -> c.withSteps(g.steps())),
            new Setting("--batch", "batch size", TrainConfig::batchSize, (c, g) -> c.withBatch(g.batchSize())),
            new Setting("--lr", "learning rate", TrainConfig::learningRate, (c, g) -> c.withLearningRate(g.learningRate())),
            new Setting("--ema", "EMA decay", TrainConfig::emaDecay, (c, g) -> c.withEmaDecay(g.emaDecay())),
            new Setting("--label-dropout", "label dropout", TrainConfig::classDropout, (c, g) -> c.withClassDropout(g.classDropout())),
            new Setting("--flip", "random flips", TrainConfig::flip, (c, g) -> c.withFlip(g.flip())),
            new Setting("--min-snr", "min-SNR gamma", TrainConfig::minSnrGamma, (c, g) -> c.withMinSnr(g.minSnrGamma())),
            new Setting("--checkpoint-every", "checkpoint interval", TrainConfig::checkpointEvery,
                    (c, g) -> c.withCheckpointEvery(g.checkpointEvery())),
            new Setting("--seed", "seed", TrainConfig::seed, (c, g) -> c.withSeed(g.seed())));

    /**
     * The saved run's settings with the explicitly given ones put in; each change is printed.
     *
     * @param saved    the checkpoint's settings (null for a file that saved none: then {@code given} is used)
     * @param given    the settings the command's options make (explicit or default)
     * @param explicit whether an option was given on the command line
     */
    static TrainConfig merge(TrainConfig saved, TrainConfig given, Predicate<String> explicit, PrintStream err) {
        if (saved == null) {
            err.println("note: the model file holds no training settings; using the command's");
            return given;
        }
        TrainConfig c = saved;
        for (Setting s : SETTINGS) {
            if (explicit.test(s.option())) {
                Object before = s.get().apply(c);
                c = s.take().apply(c, given);
                Object after = s.get().apply(c);
                if (!before.equals(after)) {
                    err.println(s.label() + ": " + format(before) + " -> " + format(after));
                }
            }
        }
        return c;
    }

    /**
     * Refuses network and diffusion options given explicitly with values other than the saved ones.
     *
     * @param option the option, as typed
     * @param given  its value on the command line
     * @param saved  the value in the model file
     */
    static void requireSame(Predicate<String> explicit, String option, Object given, Object saved, String file) {
        if (explicit.test(option) && !given.equals(saved)) {
            throw new CliErrors.UserError(option + " " + format(given) + " conflicts with the resumed model " + file
                    + ", which has " + format(saved) + " (the network and diffusion of a resumed run cannot change)");
        }
    }

    /** The schedule's id as the model file stores it, or the value as typed when it names none. */
    static String scheduleId(String s) {
        try {
            return BetaSchedule.parse(s).id();
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Numbers as a person writes them: 5e-5, 1e-3, 0.999, 64; booleans as on/off. */
    static String format(Object v) {
        if (v instanceof Boolean b) {
            return b ? "on" : "off";
        }
        if (v instanceof Double d) {
            if (d != 0 && Math.abs(d) < 1e-2) {
                String[] m = String.format(Locale.ROOT, "%.6e", d).split("e");
                String mant = new BigDecimal(m[0]).stripTrailingZeros().toPlainString();
                return mant + "e" + Integer.parseInt(m[1]);
            }
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }
}
