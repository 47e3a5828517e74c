package org.ddpmexplorer.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of the app's background threads: a small pool of daemon threads that every
 * controller submits its image, sampling and training work to. {@link #shutdown()} (on window
 * close) interrupts whatever runs and refuses new work.
 */
public final class TaskExecutor {
    private static final Logger LOG = Logger.getLogger(TaskExecutor.class.getName());
    private final ExecutorService pool;
    /** Work submitted while held (at startup, until the window's first frame); null when not held. */
    private java.util.List<Runnable> held;

    /** A pool of {@code threads} daemon threads named "ddpm-worker-N". */
    public TaskExecutor(int threads) {
        this(threads, () -> { });
    }

    /** A pool of {@code threads} daemon threads named "ddpm-worker-N", each running {@code onThreadStart} first. */
    public TaskExecutor(int threads, Runnable onThreadStart) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(() -> {
                onThreadStart.run();
                r.run();
            }, "ddpm-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Four threads: a training run, a sampling run, image work and a file export may all be under way
     * at once, and each is long; the CPU work itself is spread over the cores by ND4J.
     */
    public static TaskExecutor forThisMachine() {
        return new TaskExecutor(4, BACKGROUND);
    }

    /**
     * What the app's worker threads run first: they drop to a lower scheduling priority (nice 10),
     * so that training and sampling, which keep both cores busy, do not delay the FX thread's frames
     * (the threads the engine starts from them inherit it).
     */
    public static final Runnable BACKGROUND = org.ddpmexplorer.nn.NativeEngine::lowerThisThreadsPriority;

    /**
     * Queues new work instead of starting it until {@link #release()}: at startup the window's
     * first frame must not share the cores with decoding images and loading the model.
     */
    public synchronized void hold() {
        if (held == null) {
            held = new java.util.ArrayList<>();
        }
    }

    /** Starts the work queued since {@link #hold()}, in submission order, and stops holding. */
    public void release() {
        java.util.List<Runnable> queued;
        synchronized (this) {
            queued = held;
            held = null;
        }
        if (queued != null) {
            queued.forEach(this::dispatch);
        }
    }

    /** Whether new work is being queued (see {@link #hold()}). */
    public synchronized boolean isHeld() {
        return held != null;
    }

    private void dispatch(Runnable r) {
        synchronized (this) {
            if (held != null) {
                held.add(r);
                return;
            }
        }
        pool.execute(r);
    }

    /** Runs {@code task} in the background; the future completes with its result or exception. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            dispatch(() -> {
                try {
                    f.complete(task.call());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Runs {@code task} in the background; an exception it throws is logged. Ignored after shutdown. */
    public void execute(Runnable task) {
        try {
            dispatch(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    LOG.log(Level.WARNING, "background task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shut down: the window is closing, nothing to do
        }
    }

    public boolean isShutdown() {
        return pool.isShutdown();
    }

    /** Interrupts running tasks, drops queued ones, and waits up to a second for them to stop. */
    public void shutdown() {
        synchronized (this) {
            held = null; // queued work is dropped
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
