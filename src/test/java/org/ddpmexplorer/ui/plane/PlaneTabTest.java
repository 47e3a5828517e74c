package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;

import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The Plane tab on a {@link UiTestBench}, headless (Monocle): the base of the tab's TestFX tests, with
 * the helpers they share (waiting for data and a trained model, snapshots of a plot, screen points of
 * data coordinates).
 */
@ExtendWith(ApplicationExtension.class)
abstract class PlaneTabTest {
    UiTestBench bench;
    PlaneController c;
    PlaneView view;

    /**
     * Builds and shows the tab; each test class calls it from its own {@code @Start} method (TestFX
     * 4.0.18 looks for {@code @Start} only among the test class's declared methods).
     */
    void openPlane(Stage stage) {
        bench = new UiTestBench();
        c = new PlaneController(bench.ctx);
        view = new PlaneView(c, bench.ctx);
        bench.show(stage, view, c::dispose);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    void waitForData() {
        waitUntil(() -> c.data.pointsProperty().get() != null && !c.data.busyProperty().get(), "the data");
    }

    /** Trains with the Train button for at least {@code steps} steps, stops, and waits for the sampled trajectory. */
    void trainBriefly(FxRobot robot, long steps) {
        waitForData();
        robot.clickOn("#train-button");
        waitUntil(() -> c.training.progressProperty().get() != null && c.training.progressProperty().get().step() >= steps,
                steps + " training steps");
        robot.clickOn("#stop-button");
        waitUntil(() -> c.training.phaseProperty().get() == PlaneTraining.Phase.READY, "the stop");
        waitUntil(() -> c.sampling.trajectoryProperty().get() != null, "a sampled trajectory");
    }

    /** Clicks a sidebar control, scrolling the sidebar first so that it is in view. */
    void clickInSidebar(FxRobot robot, String query) {
        javafx.scene.Node n = robot.lookup(query).query();
        robot.interact(() -> {
            javafx.scene.Node p = n.getParent();
            while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) {
                p = p.getParent();
            }
            if (p instanceof javafx.scene.control.ScrollPane sp) {
                javafx.scene.Node content = sp.getContent();
                double y = content.sceneToLocal(n.localToScene(0, 0)).getY();
                double extra = content.getLayoutBounds().getHeight() - sp.getViewportBounds().getHeight();
                sp.setVvalue(extra <= 0 ? 0 : Math.min(1, Math.max(0, (y - 40) / extra)));
                sp.layout();
            }
        });
        robot.clickOn(query);
    }

    int[] pixels(FxRobot robot, PlotCanvas plot) {
        AtomicReference<int[]> px = new AtomicReference<>();
        robot.interact(() -> {
            view.requestRedraw();
            plot.redraw();
            WritableImage img = plot.canvas().snapshot(null, null);
            px.set(UiTestBench.pixelsNow(img));
        });
        return px.get();
    }

    int[] plotPixels(FxRobot robot) {
        return pixels(robot, view.plot);
    }

    /** Pixels that differ between two snapshots of a plot. */
    static int changed(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }

    Point2D plotPoint(FxRobot robot, double x, double y) {
        AtomicReference<Point2D> p = new AtomicReference<>();
        robot.interact(() -> p.set(view.plot.localToScreen(view.plot.sx(x), view.plot.sy(y))));
        return p.get();
    }
}
