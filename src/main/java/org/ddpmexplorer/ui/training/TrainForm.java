package org.ddpmexplorer.ui.training;

import java.util.Locale;

/**
 * The Train tab's numeric fields: their defaults, and the checks that tell the user what is wrong
 * with a value (the view shows the message under the field and keeps Start disabled). No JavaFX.
 */
public final class TrainForm {
    private TrainForm() {
    }

    /** A field: its label, default text and valid range. */
    public enum Field {
        STEPS("Steps", "2000", 1, 1_000_000, true),
        BATCH("Batch size", "16", 1, 512, true),
        LEARNING_RATE("Learning rate", "0.001", 1e-6, 0.1, false),
        TIMESTEPS("Diffusion steps T", "1000", 10, 4000, true),
        EMA("EMA decay", "0.999", 0, 0.99999, false),
        BASE_CHANNELS("Base channels C", "16", 8, 128, true),
        PREVIEW_EVERY("Preview every (steps)", "25", 5, 100_000, true),
        /** Wall-clock budget; 0: none (a week at most). */
        MINUTES("Time budget (minutes, 0: none)", "0", 0, 7 * 24 * 60, false);

        public final String label;
        public final String defaultText;
        public final double min, max;
        public final boolean integer;

        Field(String label, String defaultText, double min, double max, boolean integer) {
            this.label = label;
            this.defaultText = defaultText;
            this.min = min;
            this.max = max;
            this.integer = integer;
        }
    }

    /**
     * The choices at the top of the Train tab, quick run first: each sets the form's fields (which the
     * user can still change one by one), the data (Fashion-MNIST) and whether to learn the classes.
     */
    public enum Choice {
        QUICK_RUN("Quick run (10 minutes)", "Fashion-MNIST, class-conditional, a small U-Net predicting x₀ at a high learning rate; "
                + "a sample grid every minute", TrainSettings.quickRun()),
        FULL("Full settings", "Every setting by hand, no time budget", TrainSettings.defaults());

        public final String label;
        /** One line on what the choice trains. */
        public final String help;
        public final TrainSettings settings;

        Choice(String label, String help, TrainSettings settings) {
            this.label = label;
            this.help = help;
            this.settings = settings;
        }

        /** The text of each field for this choice. */
        public java.util.Map<Field, String> texts() {
            TrainSettings s = settings;
            java.util.Map<Field, String> m = new java.util.EnumMap<>(Field.class);
            m.put(Field.STEPS, Long.toString(s.steps()));
            m.put(Field.BATCH, Integer.toString(s.batchSize()));
            m.put(Field.LEARNING_RATE, plain(s.learningRate()));
            m.put(Field.TIMESTEPS, Integer.toString(s.timesteps()));
            m.put(Field.EMA, plain(s.emaDecay()));
            m.put(Field.BASE_CHANNELS, Integer.toString(s.baseChannels()));
            m.put(Field.PREVIEW_EVERY, Integer.toString(s.previewEvery()));
            m.put(Field.MINUTES, plain(s.minutes()));
            return m;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** "0.001", "0.999", "10" (no exponent, no trailing zeros). */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** What is wrong with {@code text} for the field, or null when it is valid. */
    public static String check(Field f, String text) {
        String s = text == null ? "" : text.trim().replace("_", "").replace(",", "");
        if (s.isEmpty()) {
            return "Enter a number";
        }
        double v;
        try {
            v = f.integer ? Long.parseLong(s) : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return f.integer ? "Enter a whole number, e.g. " + f.defaultText : "Enter a number, e.g. " + f.defaultText;
        }
        if (!Double.isFinite(v) || v < f.min || v > f.max) {
            return "Must be between " + fmt(f, f.min) + " and " + fmt(f, f.max);
        }
        if (f == Field.BASE_CHANNELS && ((long) v) % 8 != 0) {
            return "Must be a multiple of 8 (the GroupNorm groups)";
        }
        if (f == Field.LEARNING_RATE && v <= 0) {
            return "Must be above 0";
        }
        return null;
    }

    /** The value of a valid field. */
    public static double value(Field f, String text) {
        String s = text.trim().replace("_", "").replace(",", "");
        return f.integer ? Long.parseLong(s) : Double.parseDouble(s);
    }

    private static String fmt(Field f, double v) {
        return f.integer ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
