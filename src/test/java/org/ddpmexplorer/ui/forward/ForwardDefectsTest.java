package org.ddpmexplorer.ui.forward;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.ExceptionRecorder;
import org.ddpmexplorer.ui.common.Truncation;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The forward view's play with the chain, T changes, the inset, the status bar and a narrow window. */
@ExtendWith(ApplicationExtension.class)
class ForwardDefectsTest {
    private UiTestBench bench;
    private ForwardController c;
    private ForwardView view;

    @Start
    void start(Stage stage) {
        bench = new UiTestBench();
        c = new ForwardController(bench.ctx);
        view = new ForwardView(c, bench.ctx);
        bench.show(stage, view, c::dispose);
        c.loadSample("astronaut.png");
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    private void waitForFrameAtT() {
        waitUntil(() -> c.x0Property().get() != null && c.frameTProperty().get() == c.tProperty().get()
                && !Double.isNaN(c.readoutsProperty().get().psnr()), "the frame at the current t");
    }

    @Test
    void playingTheChainThePictureFollowsT(FxRobot robot) {
        robot.interact(() -> c.setWorkingSize(512)); // the largest: the chain's steps are slowest
        waitUntil(() -> c.x0Property().get() != null && c.x0Property().get().longSide() == 512, "x_0 at 512 px");
        robot.interact(() -> c.setIterative(true));
        waitForFrameAtT();
        int t0 = c.tProperty().get(), step = c.timestepsProperty().get() / ForwardController.PLAY_FRAMES_PER_SWEEP;
        robot.interact(c::play);
        try {
            waitUntil(() -> c.tProperty().get() >= t0 + 8 * step || !c.playingProperty().get(), "play to advance t");
            int[] seen = new int[2];
            double[] psnr = new double[1];
            robot.interact(() -> {
                seen[0] = c.tProperty().get();
                seen[1] = c.frameTProperty().get();
                psnr[0] = c.readoutsProperty().get().psnr();
            });
            assertTrue(seen[0] - seen[1] <= step, "the picture at t = " + seen[1] + " lags the caption's t = " + seen[0]);
            assertFalse(Double.isNaN(psnr[0]), "PSNR is measured while playing");
        } finally {
            robot.interact(c::pause);
        }
    }

    @Test
    void shrinkingTWhileTIsAtTheEndLogsNoException(FxRobot robot) {
        waitForFrameAtT();
        try (ExceptionRecorder errors = new ExceptionRecorder()) {
            @SuppressWarnings("unchecked")
            Spinner<Integer> steps = robot.lookup("#steps-spinner").queryAs(Spinner.class);
            robot.interact(() -> c.setT(1000));
            robot.interact(() -> steps.getValueFactory().setValue(10));
            waitForFrameAtT();
            assertEquals(10, c.timestepsProperty().get());
            assertEquals(10, c.tProperty().get(), "t stays at the end");
            robot.interact(() -> steps.getValueFactory().setValue(1000));
            waitForFrameAtT();
            assertEquals(1000, c.tProperty().get());
            errors.assertNone();
        }
    }

    @Test
    void theStatusBarForgetsTheChainOnceItIsOff(FxRobot robot) {
        waitForFrameAtT();
        robot.interact(() -> {
            c.setIterative(true);
            c.setT(c.timestepsProperty().get());
        });
        waitUntil(() -> bench.ctx.status().messageProperty().get().startsWith("Stepped the chain"), "the chain to finish");
        robot.interact(() -> c.setIterative(false));
        String msg = bench.ctx.status().messageProperty().get();
        assertFalse(msg.contains("chain to t ="), msg);
    }

    @Test
    void theX0InsetCanBeHidden(FxRobot robot) {
        waitForFrameAtT();
        Node inset = robot.lookup("#inset-frame").query();
        assertTrue(inset.isVisible(), "shown by default");
        robot.interact(() -> view.insetSwitch.setSelected(false)); // what clicking #inset-switch does
        robot.interact(() -> view.layout());
        assertFalse(inset.isVisible(), "hidden by the switch");
    }

    @Test
    void onTheSmallestWindowTheSliderKeepsItsWidthAndTheGifButtonShows(FxRobot robot) {
        waitForFrameAtT();
        robot.interact(() -> {
            view.getScene().getWindow().setWidth(1024);
            view.getScene().getWindow().setHeight(640);
        });
        robot.interact(() -> view.getScene().getRoot().layout());
        Node slider = robot.lookup("#t-slider").query();
        assertTrue(slider.getLayoutBounds().getWidth() >= 200, "the slider is " + slider.getLayoutBounds().getWidth() + " px wide");
        Node gif = robot.lookup("#export-gif-button").query();
        Bounds g = gif.localToScene(gif.getLayoutBounds());
        Node centre = slider.getParent().getParent();
        Bounds cb = centre.localToScene(centre.getLayoutBounds());
        assertTrue(gif.isVisible() && g.getWidth() > 20 && g.getMaxX() <= cb.getMaxX() + 0.5,
                "the GIF button at " + g + " inside " + cb);
        assertEquals(java.util.List.of(), Truncation.truncatedUnder(view));
    }
}
