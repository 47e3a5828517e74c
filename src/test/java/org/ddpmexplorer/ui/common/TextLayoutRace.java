package org.ddpmexplorer.ui.common;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.scene.text.Text;

/**
 * Lays out text on two threads at once for a few seconds, as the app's FX thread (labels) and render
 * thread (canvas text) do: a worker and the FX thread each measure {@link Text} nodes in a loop. Prints
 * "survived" and exits 0 when nothing broke; exits 1 when a layout threw. {@link TextLayoutGuardTest}
 * runs it in a child JVM under glibc's heap checks, which abort the process at the first corrupted free.
 * <p>
 * {@code java … TextLayoutRace SECONDS guard|none}: with {@code none} the JavaFX bug that
 * {@link TextLayoutGuard} works around shows: in two of three 8-second runs here, an abort ("free():
 * invalid pointer") or a ConcurrentModificationException from the shared layout's map.
 */
public final class TextLayoutRace {
    private TextLayoutRace() {
    }

    /** Lays out short texts until {@code end} (System.nanoTime()), counting them. */
    private static void layOut(long end, AtomicLong count, String what) {
        try {
            for (int i = 0; System.nanoTime() < end; i++) {
                new Text(what + " " + i + ": x₀ = (xₜ − √(1 − ᾱₜ) ε̂)/√ᾱₜ").getLayoutBounds();
                count.incrementAndGet();
            }
        } catch (RuntimeException e) { // the shared layout's map changed under the other thread
            FAILURE.compareAndSet(null, e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<RuntimeException> FAILURE =
            new java.util.concurrent.atomic.AtomicReference<>();

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        boolean guard = args[1].equals("guard");
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        if (guard) {
            CountDownLatch installed = new CountDownLatch(1);
            Platform.runLater(() -> {
                TextLayoutGuard.install();
                installed.countDown();
            });
            installed.await();
        }
        AtomicLong worker = new AtomicLong(), fx = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread other = new Thread(() -> layOut(end, worker, "worker"), "text-race-worker");
        other.start();
        CountDownLatch fxDone = new CountDownLatch(1);
        Platform.runLater(() -> {
            layOut(end, fx, "label");
            fxDone.countDown();
        });
        fxDone.await();
        other.join();
        if (FAILURE.get() != null) {
            FAILURE.get().printStackTrace();
            System.exit(1);
        }
        System.out.println("survived: " + worker.get() + " layouts on a worker, " + fx.get() + " on the FX thread");
        Platform.exit();
    }
}
