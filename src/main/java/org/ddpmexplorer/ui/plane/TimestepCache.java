package org.ddpmexplorer.ui.plane;

import java.util.function.IntFunction;
import javafx.application.Platform;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * Values per timestep t = 0..T that are too slow for the FX thread (a density grid, a field of
 * arrows), computed on the executor when first asked for and kept. While scrubbing, only the newest
 * request is computed next (one worker job at a time), so the view catches up with the slider rather
 * than working through every t it passed. {@link #reset} starts over (new data, new model).
 *
 * @param <V> an immutable value
 */
final class TimestepCache<V> {
    private final TaskExecutor executor;
    private final Runnable onReady;
    private Object[] values = new Object[0];
    private IntFunction<V> compute;
    private long generation;
    /** The newest t asked for and not computed yet (-1: none); read by the worker under this lock. */
    private int pending = -1;
    private boolean working;

    /** {@code onReady} runs on the FX thread whenever a value arrives. */
    TimestepCache(TaskExecutor executor, Runnable onReady) {
        this.executor = executor;
        this.onReady = onReady;
    }

    /** Forgets all values; from now on values are {@code compute.apply(t)} for t in 0..T (null compute: none). FX thread. */
    void reset(IntFunction<V> compute, int timesteps) {
        synchronized (this) {
            generation++;
            pending = -1;
            this.compute = compute;
            values = new Object[compute == null ? 0 : timesteps + 1];
        }
    }

    /** The value at t if computed, else null (and it is asked for). FX thread. */
    @SuppressWarnings("unchecked")
    V get(int t) {
        synchronized (this) {
            if (compute == null || t < 0 || t >= values.length) {
                return null;
            }
            Object v = values[t];
            if (v != null) {
                return (V) v;
            }
            pending = t;
            if (!working) {
                working = true;
                long gen = generation;
                executor.execute(() -> work(gen));
            }
            return null;
        }
    }

    /** The worker: computes the newest request until none is left. */
    private void work(long gen) {
        while (true) {
            int t;
            IntFunction<V> f;
            synchronized (this) {
                if (gen != generation || pending < 0 || Thread.currentThread().isInterrupted()) {
                    working = false;
                    if (gen != generation && pending >= 0 && compute != null) {
                        // a reset came in meanwhile and someone asked already: serve the new generation
                        working = true;
                        long g = generation;
                        executor.execute(() -> work(g));
                    }
                    return;
                }
                t = pending;
                pending = -1;
                f = compute;
            }
            V v;
            try {
                v = f.apply(t);
            } catch (RuntimeException e) {
                v = null;
            }
            V value = v;
            synchronized (this) {
                if (gen == generation && value != null && t < values.length) {
                    values[t] = value;
                }
            }
            if (value != null) {
                Platform.runLater(onReady);
            }
        }
    }
}
