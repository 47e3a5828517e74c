package org.ddpmexplorer.ui.common;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.forward.ScheduleChart;
import org.ddpmexplorer.ui.plane.PlaneCharts;

/**
 * The app's two text-drawing threads at work for a few seconds: a stage shows the three canvas charts
 * (the forward tab's {@link ScheduleChart}, the plane tab's plot and loss chart) and a label; update after
 * update, the FX thread moves the schedule chart's cursor, feeds the loss chart a new curve, gives the plot
 * a new caption and the label a new text (all shaped on the FX thread), while the render thread renders
 * the frames. Prints "survived" and exits 0 when nothing broke; exits 1 when an update threw.
 * {@link TextLayoutGuardTest} runs it in a child JVM under glibc's heap checks, which abort the process
 * at the first corrupted free ({@code java … TextLayoutRace SECONDS}).
 */
public final class TextLayoutRace {
    private TextLayoutRace() {
    }

    private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        AtomicLong updates = new AtomicLong(), pulses = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                TextLayoutGuard.install(); // as the app does at start
                show(seconds * 1_000_000_000L, updates, pulses, done);
            } catch (Throwable e) {
                FAILURE.compareAndSet(null, e);
                done.countDown();
            }
        });
        done.await();
        if (FAILURE.get() != null) {
            FAILURE.get().printStackTrace();
            System.exit(1);
        }
        System.out.println("survived: " + updates.get() + " updates, " + pulses.get() + " pulses");
        Platform.exit();
    }

    /**
     * Shows the charts and, for {@code nanos}, redraws them in a chain of {@code runLater} updates (as
     * the app's workers hand it progress: each update shapes text at once, between pulses, while the
     * render thread renders the last frame); counts the updates and the pulses. FX thread.
     */
    private static void show(long nanos, AtomicLong updates, AtomicLong pulses, CountDownLatch done) {
        ScheduleChart schedule = new ScheduleChart();
        PlaneCharts plane = new PlaneCharts();
        Label label = new Label();
        VBox right = new VBox(8, plane.plot(), plane.loss(), label);
        Stage stage = new Stage();
        stage.setScene(new Scene(new HBox(8, schedule, right), 1000, 700));
        stage.show();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.incrementAndGet();
            }
        };
        timer.start();
        long end = System.nanoTime() + nanos;
        Runnable update = new Runnable() {
            @Override
            public void run() {
                try {
                    long i = updates.incrementAndGet();
                    schedule.setCursor((int) (i * 7 % 1001));
                    plane.frame((int) i);
                    label.setText(String.format(Locale.ROOT, "update %d · x₀ = (xₜ − √(1 − ᾱₜ) ε̂)/√ᾱₜ", i));
                } catch (RuntimeException e) {
                    FAILURE.compareAndSet(null, e);
                }
                if (System.nanoTime() < end && FAILURE.get() == null) {
                    Platform.runLater(this);
                } else {
                    timer.stop();
                    stage.hide();
                    done.countDown();
                }
            }
        };
        Platform.runLater(update);
    }
}
