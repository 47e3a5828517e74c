package org.ddpmexplorer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddpmexplorer.io.AnimationSource;
import org.ddpmexplorer.io.GifExport;
import org.ddpmexplorer.io.GifOptions;
import picocli.CommandLine.Option;

/** The {@code --gif*} options that {@code sample} and {@code forward} share (a picocli mixin). */
public final class GifCliOptions {
    @Option(names = "--gif", paramLabel = "FILE", description = "also write the animation as a looping GIF")
    Path gif;

    @Option(names = "--gif-frames", paramLabel = "N", description = "N frames spaced evenly, first and last included (default: 50)")
    Integer frames;

    @Option(names = "--gif-every", paramLabel = "K", description = "every K-th step instead of --gif-frames (1: every step)")
    Integer every;

    @Option(names = "--gif-scale", paramLabel = "S", description = "integer zoom, nearest neighbour, 1.." + GifOptions.MAX_SCALE
            + " (default: 4 for sample, 1 for forward)")
    Integer scale;

    @Option(names = "--gif-delay", paramLabel = "MS", defaultValue = "40",
            description = "time per frame in ms, " + GifOptions.MIN_DELAY_MS + ".." + GifOptions.MAX_DELAY_MS + " (default: ${DEFAULT-VALUE})")
    int delay;

    @Option(names = "--gif-hold", paramLabel = "MS", defaultValue = "1000",
            description = "extra time the last frame stays, in ms (default: ${DEFAULT-VALUE})")
    int hold;

    @Option(names = "--gif-no-loop", description = "play once instead of looping")
    boolean noLoop;

    @Option(names = "--gif-layout", paramLabel = "xt|side|grid", defaultValue = "xt",
            description = "x_t only, x_t | x̂_0 side by side (sample only), or the grid of the batch (default: ${DEFAULT-VALUE})")
    String layout;

    @Option(names = "--gif-no-caption", description = "do not burn 't = ...' into the frames")
    boolean noCaption;

    boolean wanted() {
        return gif != null;
    }

    /** The options, or a {@link CliErrors.UserError} saying what is wrong. */
    GifOptions options(int defaultScale) {
        if (frames != null && every != null) {
            throw new CliErrors.UserError("give --gif-frames or --gif-every, not both");
        }
        try {
            GifOptions.FrameSelection sel = every != null ? GifOptions.FrameSelection.everyK(every)
                    : GifOptions.FrameSelection.evenly(frames != null ? frames : 50);
            return new GifOptions(sel, delay, hold, scale != null ? scale : defaultScale, !noLoop,
                    GifOptions.Layout.parse(layout), !noCaption);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--gif: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the options against the animation and the target folder before any work is done,
     * so a typo does not cost a sampling run.
     */
    GifOptions check(int defaultScale, int size, int batch, boolean hasPredictedStart, int width, int height) {
        GifOptions o = options(defaultScale);
        try {
            GifExport.check(o, size, batch, hasPredictedStart, width, height);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--gif: " + e.getMessage(), e);
        }
        Path dir = gif.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliErrors.UserError("cannot write " + gif + ": folder " + dir + " does not exist");
        }
        if (Files.isDirectory(gif)) {
            throw new CliErrors.UserError("cannot write " + gif + ": it is a folder");
        }
        return o;
    }

    /** Writes the GIF, with a progress line on stderr; returns what was written. */
    GifExport.Result write(AnimationSource source, GifOptions o, String what) {
        PrintStream err = System.err;
        try {
            GifExport.Result r = GifExport.export(source, o, gif, () -> Thread.currentThread().isInterrupted(),
                    (done, size, written) -> err.printf("\r%s: step %d/%d, %d GIF frames   ", what, done, size, written));
            err.println();
            return r;
        } catch (IOException e) {
            err.println();
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        } catch (IllegalArgumentException e) {
            err.println();
            throw new CliErrors.UserError("--gif: " + e.getMessage(), e);
        }
    }

    static String describe(GifExport.Result r) {
        return String.format(java.util.Locale.ROOT, "wrote %s: %d frames, %dx%d px, %,d bytes", r.file(), r.frames(),
                r.width(), r.height(), r.bytes());
    }
}
