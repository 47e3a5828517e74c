package org.ddpmexplorer.train;

import java.util.List;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.nn.UNetConfig;

/**
 * The one place where a model file's header is checked, before anything is built or allocated
 * from it: every field against the bounds below, the fields against each other, and the size of
 * the network it describes, counted arithmetically ({@link UNetConfig#parameterCount()}). A
 * field added to {@link Checkpoint.Header} gets its check here.
 *
 * <p>The bounds are far above any model this app can train on a CPU (the bundled one: base 32,
 * 641,249 parameters) and far below what would exhaust memory; a file outside them is damaged or
 * not ours.
 */
final class CheckpointHeaderCheck {
    /** Largest network a file may describe: 64 M parameters, 256 MB per float32 array. */
    static final long MAX_PARAMS = 64L << 20;
    static final int MAX_IMAGE_SIZE = 1024;
    static final int MAX_BASE_CHANNELS = 1024;
    static final int MAX_LEVELS = 8;
    static final int MAX_CHANNEL_MULT = 16;
    static final int MAX_RES_BLOCKS = 16;
    static final int MAX_CLASSES = 1000;
    static final int MAX_TIME_EMBED_DIM = 4096;
    static final int MAX_TIMESTEPS = 100_000;
    /** Class names of the training data (an unconditional model keeps its data's labels too). */
    static final int MAX_CLASS_NAMES = 10_000;
    static final int MAX_NAME_CHARS = 200;

    private CheckpointHeaderCheck() {
    }

    /** A header that describes no model this app can load; the message says which field and why. */
    static final class BadHeader extends Exception {
        BadHeader(String message) {
            super(message);
        }
    }

    /**
     * Checks {@code h} and returns the number of parameters of its network (the length of each
     * float array in the file).
     */
    static long check(Checkpoint.Header h) throws BadHeader {
        UNetConfig u = h.unet();
        if (u == null) {
            throw new BadHeader("the header has no network shape (unet)");
        }
        range("image size", u.imageSize(), 4, MAX_IMAGE_SIZE);
        range("base channels", u.baseChannels(), 1, MAX_BASE_CHANNELS);
        range("number of levels (channel multipliers)", u.channelMults().size(), 1, MAX_LEVELS);
        for (int m : u.channelMults()) {
            range("channel multiplier", m, 1, MAX_CHANNEL_MULT);
        }
        range("residual blocks per level", u.numResBlocks(), 1, MAX_RES_BLOCKS);
        range("residual blocks in the bottleneck", u.midResBlocks(), 0, MAX_RES_BLOCKS);
        range("GroupNorm groups", u.groups(), 1, u.baseChannels());
        range("number of classes", u.numClasses(), 0, MAX_CLASSES);
        range("time embedding width", u.timeEmbedDim(), 2, MAX_TIME_EMBED_DIM);
        for (int r : u.attentionResolutions()) {
            if (!isLevelResolution(u, r)) {
                throw new BadHeader("attention resolution " + r + " is not the side of any level (image "
                        + u.imageSize() + ", " + u.channelMults().size() + " levels)");
            }
        }
        long params;
        try {
            params = u.parameterCount();
        } catch (ArithmeticException e) {
            throw new BadHeader("the network it describes is too large to count (integer overflow)");
        }
        if (params > MAX_PARAMS) {
            throw new BadHeader(String.format("the network it describes has %,d parameters; this app loads at most %,d",
                    params, MAX_PARAMS));
        }

        if (h.schedule() == null) {
            throw new BadHeader("the header names no noise schedule");
        }
        try {
            BetaSchedule.parse(h.schedule());
        } catch (IllegalArgumentException e) {
            throw new BadHeader(e.getMessage());
        }
        range("timesteps T", h.timesteps(), 1, MAX_TIMESTEPS);
        if (h.step() < 0) {
            throw new BadHeader("negative training step " + h.step());
        }
        if (h.dataset() == null || h.dataset().isBlank() || h.dataset().length() > MAX_NAME_CHARS) {
            throw new BadHeader("the dataset name is missing or longer than " + MAX_NAME_CHARS + " characters");
        }
        range("content size", h.contentSize(), 1, u.imageSize());
        List<String> names = h.classNames();
        if (names == null) {
            throw new BadHeader("the header has no class-name list");
        }
        if (names.size() > MAX_CLASS_NAMES) {
            throw new BadHeader("the header lists " + names.size() + " class names (at most " + MAX_CLASS_NAMES + ")");
        }
        if (u.numClasses() > 0 && names.size() != u.numClasses()) {
            throw new BadHeader("the network has " + u.numClasses() + " classes but the header names " + names.size());
        }
        for (String n : names) {
            if (n == null || n.length() > MAX_NAME_CHARS) {
                throw new BadHeader("a class name is missing or longer than " + MAX_NAME_CHARS + " characters");
            }
        }
        // NaN until the first step (Trainer's smoothed loss starts empty); a mean squared error after
        double loss = h.lossEma();
        if (Double.isNaN(loss) ? h.step() > 0 : !(loss >= 0 && loss < Double.POSITIVE_INFINITY)) {
            throw new BadHeader("the recorded training loss " + loss + " is not a loss at step " + h.step());
        }
        return params;
    }

    private static boolean isLevelResolution(UNetConfig u, int r) {
        int side = u.imageSize();
        for (int i = 0; i < u.channelMults().size(); i++, side /= 2) {
            if (side == r) {
                return true;
            }
        }
        return false;
    }

    private static void range(String what, long value, long min, long max) throws BadHeader {
        if (value < min || value > max) {
            throw new BadHeader(what + " " + value + " is outside " + min + ".." + max);
        }
    }
}
