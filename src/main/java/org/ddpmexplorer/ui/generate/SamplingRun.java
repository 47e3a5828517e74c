package org.ddpmexplorer.ui.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.SampleGridPixels;

/**
 * One sampling run on a worker thread: pulls one {@link SamplingStep} at a time, checking for
 * cancellation between steps, keeps the steps for the timeline (every k-th beyond
 * {@link #TRAJECTORY_BUDGET_BYTES}) and publishes a live frame at most {@link #LIVE_FPS} times a
 * second. The live frames and the end (the kept {@link Trajectory}, or the failure) go to the caller,
 * which decides on the FX thread whether the run is still the current one.
 */
final class SamplingRun {
    /** Live frames per second while sampling: smooth, and far from flooding the FX thread. */
    static final int LIVE_FPS = 30;
    /**
     * Memory for a kept trajectory (x_t, x̂_0, ε̂ as float): 1000 steps of 16 samples at 32x32x1 take
     * 197 MB and are kept whole; beyond the budget every k-th step is kept (64x64 RGB: k = 10).
     */
    static final long TRAJECTORY_BUDGET_BYTES = 256L << 20;
    /** ε̂ ~ N(0, I) is drawn at half contrast so most of it is not clipped to black or white. */
    static final float NOISE_DISPLAY_SCALE = 0.5f;

    /** Builds the run's sampler on the worker, from the (warmed, possibly wrapped) denoiser. */
    interface SamplerFactory {
        Sampler create(Denoiser d);
    }

    /** Where a run's end goes (called once, from the worker thread). */
    interface Sink {
        /**
         * The run ended: its kept trajectory (null if nothing was kept), whether it reached the sample,
         * and the message of its failure (null if it did not fail).
         */
        void ended(Job job, Trajectory trajectory, boolean complete, String failure);
    }

    /** One run's identity; {@code cancelled} is its own, so a new run never revives an old one. */
    static final class Job {
        final AtomicBoolean cancelled = new AtomicBoolean();
        /** When the run was asked for (the press), for {@code -Dddpm.trace=true}'s first-frame line. */
        final long pressed = System.nanoTime();
        /** Whether a frame of this run has been shown (FX thread). */
        boolean shown;
    }

    /** A live frame from the worker: pixels ready to copy, and the std curve so far. */
    record Live(Job job, Pixels xt, Pixels x0, Pixels eps, StepInfo info, double progress, String text, LiveStd std) {
    }

    private SamplingRun() {
    }

    /**
     * The worker: runs the sampler the factory makes from the denoiser {@code denoiser} gives until it ends, the job is
     * cancelled or {@code stop} says so; hands the live frames to {@code live} and the end to {@code sink}.
     *
     * @param content the side of the images' content (the rest is padding), for the shown grids
     * @param noise   whether the live frames carry ε̂
     */
    static void run(Job j, Supplier<Denoiser> denoiser, SamplerFactory factory, UNetConfig u, int content, SamplerConfig.Kind k,
                    boolean noise, BooleanSupplier stop, Consumer<Live> live, Sink sink) {
        List<Trajectory.Frame> frames = new ArrayList<>();
        int n = 0, h = u.imageSize(), w = u.imageSize(), c = u.imageChannels();
        int stride = 1;
        boolean complete = false;
        String failure = null;
        try {
            Sampler s = factory.create(denoiser.get());
            int count = s.count();
            long values = valueCount(s);
            long stepBytes = 3L * Float.BYTES * values;
            stride = (int) Math.max(1, (stepBytes * count + TRAJECTORY_BUDGET_BYTES - 1) / TRAJECTORY_BUDGET_BYTES);
            n = (int) (values / ((long) h * w * c));
            long start = System.nanoTime(), lastLive = 0;
            double[] stds = new double[count];
            SamplingStep last = null;
            while (s.hasNext()) {
                if (j.cancelled.get() || Thread.currentThread().isInterrupted() || stop.getAsBoolean()) {
                    break;
                }
                SamplingStep st = s.next();
                last = st;
                StepInfo info = StepInfo.of(k, st);
                boolean keep = (st.index() - 1) % stride == 0 || st.last();
                long now = System.nanoTime();
                boolean showLive = now - lastLive >= 1_000_000_000L / LIVE_FPS || st.last();
                float[] xt = st.xtValues(); // every step: its std goes on the live chart
                stds[st.index() - 1] = std(xt);
                if (!keep && !showLive) {
                    continue;
                }
                float[] x0 = shownStart(st), eps = shownNoise(st);
                if (keep) {
                    frames.add(new Trajectory.Frame(info, xt, x0, eps, stds[st.index() - 1], Double.NaN));
                }
                if (showLive) {
                    lastLive = now;
                    double elapsed = (now - start) / 1e9;
                    double left = elapsed / st.index() * (count - st.index());
                    String text = String.format(Locale.ROOT, "Step %d of %d · t = %d · %s left", st.index(), count,
                            st.t(), seconds(left));
                    live.accept(new Live(j, grid(xt, n, h, w, c, content, 1), grid(x0, n, h, w, c, content, 1),
                            noise ? grid(eps, n, h, w, c, content, NOISE_DISPLAY_SCALE) : null, info,
                            (double) st.index() / count, text, new LiveStd(count, Arrays.copyOf(stds, st.index()))));
                }
            }
            if (last != null && last.last()) {
                float[] fin = last.xValues();
                frames.add(new Trajectory.Frame(StepInfo.of(k, last).asFinal(), fin, fin, null, std(fin), 0));
                // distance of every kept x̂_0 to the final sample
                for (int i = 0; i < frames.size(); i++) {
                    Trajectory.Frame f = frames.get(i);
                    frames.set(i, new Trajectory.Frame(f.info(), f.xt(), f.x0(), f.eps(), f.std(), rms(f.x0(), fin)));
                }
                complete = true;
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            failure = e instanceof OutOfMemoryError ? "Not enough memory for this run: try fewer samples or steps"
                    : "Sampling failed: " + ModelStore.message(e);
        }
        Trajectory tr = frames.isEmpty() ? null : new Trajectory(List.copyOf(frames), n, h, w, c, content, stride, complete);
        sink.ended(j, tr, complete, failure);
    }

    /**
     * The x̂_0 panel's values: the network's raw output for a model that predicts x_0 (before the
     * sampler's clipping), else the x̂_0 the step derived (and clipped, if it clips).
     */
    static float[] shownStart(SamplingStep st) {
        return st.prediction() == Prediction.START_X ? st.rawPredictionValues() : st.predictedStartValues();
    }

    /**
     * The ε̂ panel's values: the network's raw output for a model that predicts ε (DDIM with clipping
     * steps with an ε̂ derived from the clipped x̂_0 instead), else the ε̂ the step derived.
     */
    static float[] shownNoise(SamplingStep st) {
        return st.prediction() == Prediction.EPSILON ? st.rawPredictionValues() : st.predictedNoiseValues();
    }

    /** The number of values of the sampler's x, N·H·W·C. */
    private static long valueCount(Sampler s) {
        long v = 1;
        for (long d : s.shape()) {
            v *= d;
        }
        return v;
    }

    static Pixels grid(float[] v, int n, int h, int w, int c, int content, float scale) {
        return SampleGridPixels.grid(v, n, h, w, c, content, scale);
    }

    static double std(float[] v) {
        double s = 0, s2 = 0;
        for (float f : v) {
            s += f;
            s2 += (double) f * f;
        }
        double mean = s / v.length;
        return Math.sqrt(Math.max(0, s2 / v.length - mean * mean));
    }

    static double rms(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return "–";
        }
        long r = Math.round(s);
        return r < 60 ? r + " s" : (r / 60) + " min " + (r % 60) + " s";
    }
}
