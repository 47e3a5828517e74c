package org.ddpmexplorer.ui.generate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.SamplingWarmup;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * The Generate tab's denoiser for the loaded model, built once per model on a worker thread, and
 * warmed up there as soon as the model is loaded: a few throw-away sampling steps
 * ({@link SamplingWarmup}) at the batch the tab will ask for, so that the first step after a press of
 * Generate does not pay for building the network, the JIT's compilation of the sampling path and
 * the activations' allocation (several hundred milliseconds to seconds; docs/benchmarks.md, section
 * 'First steps: the JIT's warm-up'). A press or closing the window cancels the warm-up; a step
 * under way finishes first (the denoiser runs one call at a time), so a press waits for at most
 * one step. {@code -Dddpm.generateWarmup=false} turns it off (to compare).
 */
final class WarmDenoiser {
    /** Whether models are warmed up when loaded (default true). */
    static final boolean ENABLED = !"false".equals(System.getProperty("ddpm.generateWarmup"));
    /** {@code -Dddpm.trace=true}: one line on stderr per warm-up and per run's first frame. */
    static final boolean TRACE = Boolean.getBoolean("ddpm.trace");

    private final TaskExecutor executor;
    private Checkpoint builtFor;
    private Denoiser built;
    private volatile Warmup current;
    /** Wraps the denoiser that warm-ups call (tests: a denoiser that records or holds its calls). */
    private volatile UnaryOperator<Denoiser> warmupWrapper = UnaryOperator.identity();

    /** One warm-up; {@code steps} completes with the number of steps it ran (fewer when cancelled). */
    static final class Warmup {
        final AtomicBoolean cancelled = new AtomicBoolean();
        final CompletableFuture<Integer> steps = new CompletableFuture<>();
    }

    WarmDenoiser(TaskExecutor executor) {
        this.executor = executor;
    }

    /** The denoiser of {@code ck}'s EMA network, built on the first call for that model. Worker threads. */
    synchronized Denoiser get(Checkpoint ck) {
        if (builtFor != ck) {
            built = new UNetDenoiser(ck.emaNetwork());
            builtFor = ck;
        }
        return built;
    }

    /**
     * Cancels the warm-up under way and starts one for {@code ck} on the executor.
     *
     * @param shape    [N, H, W, C] of the tab's runs
     * @param classes  the runs' labels (conditional models), or null
     * @param guidance the runs' guidance scale
     * @return the warm-up (its {@code steps} completes when it ends)
     */
    Warmup start(Checkpoint ck, long[] shape, int[] classes, double guidance) {
        cancel();
        Warmup w = new Warmup();
        current = w;
        if (executor.isShutdown()) {
            w.steps.complete(0);
        } else {
            executor.execute(() -> run(w, ck, shape, classes, guidance));
        }
        return w;
    }

    private void run(Warmup w, Checkpoint ck, long[] shape, int[] classes, double guidance) {
        long t0 = System.nanoTime();
        int n = 0;
        try {
            if (!w.cancelled.get()) {
                Denoiser d = warmupWrapper.apply(get(ck));
                n = SamplingWarmup.run(ck.diffusion(), d, shape, classes, guidance, SamplingWarmup.DEFAULT_STEPS,
                        w.cancelled::get);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // a model that cannot sample says so when the user runs it; the warm-up stays silent
        } finally {
            if (TRACE) {
                System.err.printf(java.util.Locale.ROOT, "generate warmup_ms %.1f steps %d of %d%s%n", (System.nanoTime() - t0) / 1e6,
                        n, SamplingWarmup.DEFAULT_STEPS, w.cancelled.get() ? " (cancelled)" : "");
            }
            w.steps.complete(n);
        }
    }

    /** Cancels the warm-up under way, if any (a press of Generate, another model, closing the window). */
    void cancel() {
        Warmup w = current;
        if (w != null) {
            w.cancelled.set(true);
        }
    }

    /** The last warm-up started (null before the first). */
    Warmup current() {
        return current;
    }

    void setWarmupWrapper(UnaryOperator<Denoiser> wrapper) {
        warmupWrapper = wrapper;
    }
}
