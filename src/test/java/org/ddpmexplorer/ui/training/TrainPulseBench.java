package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.PulseWindow;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A benchmark, not part of the test run: the gaps between FX pulses while the Train tab trains
 * with its full settings (bundled Fashion-MNIST, batch 16, base 16) for a while, with the JVM's GC
 * pauses, to say where each long gap comes from.
 * <pre>mvn -o test -Dtest=TrainPulseBench -Dddpm.pulseBench=60 [-Dsurefire.failIfNoSpecifiedTests=false]</pre>
 * (seconds of training measured; {@code -Dddpm.pulseBenchIdle=true} measures as long with nothing
 * training first). {@code -Dddpm.pulseBenchQuick=true} trains the quick run instead (the tab's first
 * choice: batch 64, class-conditional, x₀ prediction, a grid every minute; the 60,000 training images
 * when found, e.g. with {@code -Dddpm.fmnistDir=DIR}), and its window starts
 * {@link #QUICK_WINDOW_START} s into the run, so that the grid of the first minute falls inside a
 * 40 s window. Writes {@code target/pulse-bench.txt}.
 */
@EnabledIfSystemProperty(named = "ddpm.pulseBench", matches = "\\d+")
@ExtendWith(ApplicationExtension.class)
class TrainPulseBench {
    /** Seconds into a quick run when its window starts: the minute's grid (due at 60 s) falls inside a 40 s window. */
    static final double QUICK_WINDOW_START = 30;
    private static final boolean QUICK = Boolean.getBoolean("ddpm.pulseBenchQuick");
    private UiTestBench bench;
    private TrainController c;
    private TrainView view;

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) {
        bench = new UiTestBench();
        // the full settings on the bundled images, as always measured; the quick run where the user's app finds its data
        c = new TrainController(bench.ctx, dir.resolve("models-" + UUID.randomUUID()),
                QUICK ? TrainData.defaultFashionMnistDirs() : java.util.List.of());
        view = new TrainView(c, bench.ctx);
        bench.show(stage, view, c::dispose);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    @Test
    void pulseGapsWhileTrainingWithTheDefaults(FxRobot robot) throws Exception {
        int seconds = Integer.getInteger("ddpm.pulseBench");
        StringBuilder out = new StringBuilder();
        if (Boolean.getBoolean("ddpm.pulseBenchIdle")) {
            // the same window with nothing training first: which long gaps the idle app has too
            try (PulseWindow idle = new PulseWindow()) {
                idle.begin(robot, () -> { });
                Thread.sleep(seconds * 1000L);
                idle.end(robot);
                out.append(idle.report(seconds + " s idle, before training")).append('\n');
            }
        }
        try (PulseWindow window = new PulseWindow()) {
            robot.interact(() -> view.sidebar.choiceBox.setValue(QUICK ? TrainForm.Choice.QUICK_RUN : TrainForm.Choice.FULL));
            robot.clickOn("#start-button");
            waitUntil(() -> c.snapshotProperty().get() != null && c.snapshotProperty().get().step() >= 3, "the first steps");
            if (QUICK) {
                waitUntil(() -> c.snapshotProperty().get().elapsedSeconds() >= QUICK_WINDOW_START, "the window's start");
            }
            String data = c.infoProperty().get().split(":", 2)[0];
            long firstStep = c.snapshotProperty().get().step(), firstGrid = c.snapshotProperty().get().previewStep();
            window.begin(robot, c::resetWorstApply);
            Thread.sleep(seconds * 1000L);
            window.end(robot);
            TrainController.Snapshot last = c.snapshotProperty().get();
            robot.interact(c::stop);
            out.append(window.report(String.format(Locale.ROOT, "%s, %s: %d s, %d steps (%d to %d, %.2f steps/s), "
                            + "%s, worst snapshot apply %.1f ms", QUICK ? "quick run" : "full settings", data, seconds,
                    last.step() - firstStep, firstStep, last.step(), last.stepsPerSecond(),
                    last.previewStep() != firstGrid ? "a new grid at step " + last.previewStep() : "no new grid",
                    c.worstApplyNanos() / 1e6)));
            System.out.print(out);
            Files.writeString(Path.of("target", "pulse-bench.txt"), out.toString());
            assertTrue(window.frames() > seconds * 10, "the FX thread kept pulsing: " + out);
        }
    }
}
