package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.common.Truncation;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Generate view in the app's smallest window (1024 px wide) and at full size: the placeholder of
 * the ε̂ pane stays inside its pane and the dark stage, and the update equation wraps only between
 * terms (no number or factor split across lines).
 */
@ExtendWith(ApplicationExtension.class)
class GenerateNarrowLayoutTest {
    private static Checkpoint small;
    private UiTestBench bench;
    private AppContext ctx;
    private GenerateController c;
    private GenerateView view;

    @BeforeAll
    static void models() {
        small = TestModels.tiny(50, 0);
    }

    @Start
    void start(Stage stage) {
        bench = new UiTestBench();
        ctx = bench.ctx;
        c = new GenerateController(ctx);
        view = new GenerateView(c, ctx);
        bench.show(stage, view, c::dispose);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    @Test
    void theFinalSampleTextsAndTheEquationFitTheSmallestWindowAndTheFullOne(FxRobot robot) {
        robot.interact(() -> ctx.models().publish(small, "tiny test model", null));
        robot.interact(() -> c.setSteps(10));
        robot.interact(c::generate);
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "sampling to finish");
        // the view's share of the 1024x680 window (less the menu, tabs and status bar), and the full size
        for (double[] size : new double[][] {{GenerateDefectsTest.NARROW_WIDTH, 600}, {UiTestBench.WIDTH, UiTestBench.HEIGHT}}) {
            robot.interact(() -> {
                view.getScene().getWindow().setWidth(size[0]);
                view.getScene().getWindow().setHeight(size[1]);
            });
            for (int position : new int[] {10, 0, 5}) { // the final sample, the first step, one between
                robot.interact(() -> c.setPosition(position));
                robot.interact(() -> view.getScene().getRoot().layout());
                String where = (int) size[0] + " px, position " + position;
                if (position == 10) {
                    placeholderFits(robot, where);
                }
                for (TextFlow flow : new TextFlow[] {view.equation.formula, view.equation.numbers}) {
                    for (Node n : flow.getChildren()) {
                        Text t = (Text) n;
                        double h = t.getLayoutBounds().getHeight(), line = t.getFont().getSize();
                        assertTrue(h < 1.8 * line, where + ": '" + t.getText() + "' of " + flow.getId()
                                + " is split across lines (" + h + " px high at " + line + " px)");
                    }
                }
            }
        }
    }

    private void placeholderFits(FxRobot robot, String where) {
        Label placeholder = robot.lookup("#eps-pane .pixel-placeholder").queryAs(Label.class);
        assertTrue(placeholder.isVisible() && !placeholder.getText().isEmpty(), where + ": the placeholder shows");
        Node text = placeholder.lookup(".text");
        Bounds b = text.localToScene(text.getBoundsInLocal());
        Node pane = robot.lookup("#eps-pane").query(), stage = robot.lookup("#generate-stage").query();
        Bounds pb = pane.localToScene(pane.getLayoutBounds()), sb = stage.localToScene(stage.getLayoutBounds());
        assertTrue(b.getMinX() >= pb.getMinX() - 0.5 && b.getMaxX() <= pb.getMaxX() + 0.5
                && b.getMinY() >= pb.getMinY() - 0.5 && b.getMaxY() <= pb.getMaxY() + 0.5,
                where + ": '" + placeholder.getText() + "' " + b + " runs out of its pane " + pb);
        assertTrue(b.getMaxX() <= sb.getMaxX() + 0.5, where + ": the placeholder runs out of the stage " + sb);
        assertFalse(Truncation.isTruncated(placeholder), where + ": truncated: " + placeholder.getText());
    }
}
