package org.ddpmexplorer.io;

import java.util.Locale;
import java.util.Objects;

/**
 * How an animation becomes a GIF, validated on construction (the CLI and the export dialog both
 * build one and show its message when it is rejected).
 *
 * @param frames     which frames of the source to keep: every k-th, or N spaced evenly (the first and
 *                   the last frame are always kept)
 * @param delayMs    time each frame is shown, {@value #MIN_DELAY_MS}..{@value #MAX_DELAY_MS} ms (GIF stores
 *                   hundredths of a second; browsers show delays under 20 ms as 100 ms, so 20 is the floor)
 * @param holdLastMs extra time the last frame is shown before the loop restarts, 0..{@value #MAX_HOLD_MS} ms
 * @param scale      integer zoom with nearest-neighbour sampling, 1..{@value #MAX_SCALE} (crisp 28x28 pixels)
 * @param loop       loop forever (NETSCAPE2.0 extension), else play once
 * @param layout     what each frame shows
 * @param caption    burn "t = 250" into a band under each frame
 */
public record GifOptions(FrameSelection frames, int delayMs, int holdLastMs, int scale, boolean loop, Layout layout,
                         boolean caption) {
    public static final int MIN_DELAY_MS = 20, MAX_DELAY_MS = 10_000, MAX_HOLD_MS = 60_000, MAX_SCALE = 16;
    /** Most frames a GIF may have: 2,000 frames at 20 ms is 40 s of animation. */
    public static final int MAX_FRAMES = 2_000;

    public GifOptions {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(layout, "layout");
        if (delayMs < MIN_DELAY_MS || delayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("frame delay must be in " + MIN_DELAY_MS + ".." + MAX_DELAY_MS + " ms, got " + delayMs);
        }
        if (holdLastMs < 0 || holdLastMs > MAX_HOLD_MS) {
            throw new IllegalArgumentException("hold of the last frame must be in 0.." + MAX_HOLD_MS + " ms, got " + holdLastMs);
        }
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale must be in 1.." + MAX_SCALE + ", got " + scale);
        }
    }

    /** 50 evenly spaced frames, 40 ms each (25 fps), the last held 1 s, looping, x_t only, captioned. */
    public static GifOptions defaults(int scale) {
        return new GifOptions(FrameSelection.evenly(50), 40, 1000, scale, true, Layout.X_T_ONLY, true);
    }

    public GifOptions withFrames(FrameSelection f) {
        return new GifOptions(f, delayMs, holdLastMs, scale, loop, layout, caption);
    }

    public GifOptions withDelay(int ms) {
        return new GifOptions(frames, ms, holdLastMs, scale, loop, layout, caption);
    }

    public GifOptions withHoldLast(int ms) {
        return new GifOptions(frames, delayMs, ms, scale, loop, layout, caption);
    }

    public GifOptions withScale(int s) {
        return new GifOptions(frames, delayMs, holdLastMs, s, loop, layout, caption);
    }

    public GifOptions withLoop(boolean on) {
        return new GifOptions(frames, delayMs, holdLastMs, scale, on, layout, caption);
    }

    public GifOptions withLayout(Layout l) {
        return new GifOptions(frames, delayMs, holdLastMs, scale, loop, l, caption);
    }

    public GifOptions withCaption(boolean on) {
        return new GifOptions(frames, delayMs, holdLastMs, scale, loop, layout, on);
    }

    /** What a frame shows. */
    public enum Layout {
        /** x_t of the first image. */
        X_T_ONLY("xt", "xₜ only"),
        /** x_t | x̂_0 of the first image (needs a source with a prediction of x_0, i.e. sampling). */
        SIDE_BY_SIDE("side", "xₜ | x̂₀ side by side"),
        /** x_t of every image of the batch, tiled in a square-ish grid. */
        GRID("grid", "grid of the batch");

        private final String id;
        private final String label;

        Layout(String id, String label) {
            this.id = id;
            this.label = label;
        }

        /** The command-line name: xt, side or grid. */
        public String id() {
            return id;
        }

        @Override
        public String toString() {
            return label;
        }

        /** xt | side | grid, case-insensitive. */
        public static Layout parse(String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            for (Layout l : values()) {
                if (l.id.equals(v)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("layout must be xt, side or grid, not '" + s + "'");
        }
    }

    /** Which of a source's frames (numbered 0..size-1) go into the GIF. */
    public sealed interface FrameSelection {
        /** Every k-th frame, k &gt;= 1 (1: all), plus the last. */
        static FrameSelection everyK(int k) {
            return new Every(k);
        }

        /** N frames spaced evenly from the first to the last, N in 2..{@value GifOptions#MAX_FRAMES}. */
        static FrameSelection evenly(int n) {
            return new Evenly(n);
        }

        /**
         * The chosen frame numbers for a source of {@code size} frames, ascending, without repeats,
         * always including 0 and size-1.
         *
         * @throws IllegalArgumentException if more than {@link GifOptions#MAX_FRAMES} would be chosen
         */
        int[] select(int size);

        record Every(int k) implements FrameSelection {
            public Every {
                if (k < 1) {
                    throw new IllegalArgumentException("every k-th frame needs k >= 1, got " + k);
                }
            }

            @Override
            public int[] select(int size) {
                checkSize(size);
                // 0, k, 2k, ... up to size-1, and size-1 itself if the stride misses it
                int n = (size - 1) / k + 1 + ((size - 1) % k == 0 ? 0 : 1);
                if (n > MAX_FRAMES) {
                    throw new IllegalArgumentException("every " + k + (k == 1 ? "" : "th") + " of " + size + " frames is "
                            + n + " frames; at most " + MAX_FRAMES + " (take a larger k)");
                }
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Math.min(i * k, size - 1);
                }
                return out;
            }
        }

        record Evenly(int n) implements FrameSelection {
            public Evenly {
                if (n < 2 || n > MAX_FRAMES) {
                    throw new IllegalArgumentException("number of frames must be in 2.." + MAX_FRAMES + ", got " + n);
                }
            }

            @Override
            public int[] select(int size) {
                checkSize(size);
                int m = Math.min(n, size);
                if (m == 1) {
                    return new int[] {0};
                }
                int[] out = new int[m];
                for (int i = 0; i < m; i++) {
                    // round(i (size-1)/(m-1)): distinct because m <= size
                    out[i] = (int) Math.round((double) i * (size - 1) / (m - 1));
                }
                return out;
            }
        }

        private static void checkSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("the animation has no frames");
            }
        }
    }
}
