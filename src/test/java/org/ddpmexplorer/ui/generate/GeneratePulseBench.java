package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.stage.Stage;
import org.ddpmexplorer.train.Models;
import org.ddpmexplorer.ui.common.PulseWindow;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A benchmark, not part of the test run: the gaps between FX pulses while the Generate tab samples
 * with the bundled model, 16 images, DDPM over all T = 1000 steps, one run after another, with the
 * live x_t, x̂_0 and ε̂ views and the trajectory chart updating.
 * <pre>mvn -o test -Dtest=GeneratePulseBench -Dddpm.pulseBench=40 -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * (seconds measured). Writes {@code target/generate-pulse-bench.txt}.
 */
@EnabledIfSystemProperty(named = "ddpm.pulseBench", matches = "\\d+")
@ExtendWith(ApplicationExtension.class)
class GeneratePulseBench {
    private UiTestBench bench;
    private GenerateController c;

    @Start
    void start(Stage stage) {
        bench = new UiTestBench();
        c = new GenerateController(bench.ctx);
        bench.show(stage, new GenerateView(c, bench.ctx), c::dispose);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    @Test
    void pulseGapsWhileGeneratingSixteenImagesWithTheBundledModel(FxRobot robot) throws Exception {
        int seconds = Integer.getInteger("ddpm.pulseBench");
        var model = Models.loadPretrained();
        robot.interact(() -> {
            bench.ctx.models().publish(model, "bundled pretrained model", null);
            c.settings().setSampleCount(16);
            c.settings().setSteps(1000);
        });
        try (PulseWindow window = new PulseWindow()) {
            robot.interact(c::generate);
            waitUntil(() -> c.liveFramesProperty().get() >= 3, "the first frames");
            window.begin(robot, () -> { });
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int runs = 0;
            long frames = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(50);
                if (!c.runningProperty().get()) { // done: the next run, as a user pressing Generate again
                    frames += c.liveFramesProperty().get();
                    runs++;
                    robot.interact(c::generate);
                }
            }
            window.end(robot);
            frames += c.liveFramesProperty().get();
            robot.interact(c::cancel);
            String out = window.report(String.format(Locale.ROOT, "%d s, %d runs finished, %d live frames shown", seconds, runs, frames));
            System.out.print(out);
            Files.writeString(Path.of("target", "generate-pulse-bench.txt"), out);
            assertTrue(window.frames() > seconds * 10, "the FX thread kept pulsing: " + out);
        }
    }
}
