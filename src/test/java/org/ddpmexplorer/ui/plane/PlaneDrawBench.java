package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A benchmark, not part of the test run: the FX thread's time to redraw the Plane's plot while the
 * slider scrubs the forward process of the 8,000 two-moons points, t = 0..T and back, N times, with
 * the exact-density heat map off and on (its grids computed beforehand).
 * <pre>mvn -o test -Dtest=PlaneDrawBench -Dddpm.planeBench=5 -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * (N sweeps). Writes {@code target/plane-draw-bench.txt}.
 */
@EnabledIfSystemProperty(named = "ddpm.planeBench", matches = "\\d+")
@ExtendWith(ApplicationExtension.class)
class PlaneDrawBench {
    private UiTestBench bench;
    private PlaneController c;
    private PlaneView view;

    @Start
    void start(Stage stage) {
        bench = new UiTestBench();
        c = new PlaneController(bench.ctx);
        view = new PlaneView(c, bench.ctx);
        bench.show(stage, view, c::dispose);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    @Test
    void scrubbingTheForwardView(FxRobot robot) throws Exception {
        int sweeps = Integer.getInteger("ddpm.planeBench");
        waitUntil(() -> c.data.pointsProperty().get() != null, "the data");
        int T = c.timeline.timesteps.get();
        StringBuilder report = new StringBuilder();
        for (boolean density : new boolean[] {false, true}) {
            robot.interact(() -> c.showDensity.set(density));
            if (density) {
                for (int t = 0; t <= T; t++) {
                    int tt = t;
                    waitUntil(() -> {
                        float[][] got = new float[1][];
                        robot.interact(() -> got[0] = c.density.get(tt));
                        return got[0] != null;
                    }, "density at t = " + t);
                }
            }
            long[] nanos = new long[sweeps * 2 * (T + 1)];
            int[] k = {0};
            for (int s = 0; s < sweeps; s++) {
                robot.interact(() -> {
                    for (int i = 0; i <= 2 * T + 1; i++) {
                        int t = i <= T ? i : 2 * T + 1 - i;
                        long t0 = System.nanoTime();
                        c.timeline.t.set(t);
                        view.plot.redraw();
                        nanos[k[0]++] = System.nanoTime() - t0;
                    }
                });
            }
            long[] sorted = Arrays.copyOf(nanos, k[0]);
            Arrays.sort(sorted);
            report.append(String.format(Locale.ROOT,
                    "plane forward redraw, %,d points, plot %.0f px, density %s: %d frames, median %.2f ms, 95th %.2f ms, worst %.2f ms%n",
                    c.data.pointsProperty().get().size(), view.plot.side(), density ? "on" : "off", sorted.length,
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6, sorted[sorted.length - 1] / 1e6));
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "plane-draw-bench.txt"), report);
    }
}
