package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

/** The Generate tab's layout and chart between runs, headless (Monocle). */
class GenerateDefectsTest extends GenerateTabTest {
    private static Checkpoint small;

    @BeforeAll
    static void models() {
        small = TestModels.tiny(50, 0);
    }

    @Start
    void start(Stage stage) {
        openGenerateTab(stage);
    }

    private void load(FxRobot robot) {
        robot.interact(() -> ctx.models().publish(small, "tiny test model", null));
    }

    private void runToEnd(FxRobot robot) {
        robot.interact(c::generate);
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "sampling to finish");
    }

    /** A denoiser that holds its {@code holdAt}-th call until released. */
    private CountDownLatch holdAt(int holdAt, AtomicInteger calls) {
        CountDownLatch release = new CountDownLatch(1);
        c.setDenoiserWrapper(d -> (xt, t, classes) -> {
            if (calls.incrementAndGet() == holdAt) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return d.predictNoise(xt, t, classes);
        });
        return release;
    }

    @Test
    void aNewRunStartsWithAnEmptyChartNotThePreviousCurve(FxRobot robot) {
        load(robot);
        robot.interact(() -> c.settings().setSteps(50));
        runToEnd(robot);
        assertEquals(51, view.chart.std.getData().size());
        for (String verb : new String[] {"generate", "generate after a cancel"}) {
            robot.interact(() -> c.settings().setSteps(20));
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch release = holdAt(1, calls); // the new run's first step waits
            try {
                robot.interact(c::generate);
                waitUntil(() -> calls.get() >= 1, "the new run's first step");
                assertTrue(c.runningProperty().get());
                assertEquals(0, view.chart.std.getData().size(), verb + ": no std curve before the first step");
                assertEquals(0, view.chart.dist.getData().size(), verb + ": no distance curve before the sample");
                robot.interact(() -> view.chart.layout());
                assertEquals(0, drawn(view.chart.std), verb + ": the old std curve is not drawn");
                assertEquals(0, drawn(view.chart.dist), verb + ": the old distance curve is not drawn");
                if (verb.equals("generate")) {
                    robot.interact(c::cancel);
                }
            } finally {
                release.countDown();
            }
            waitUntil(() -> !c.runningProperty().get(), "the run to end");
            c.setDenoiserWrapper(java.util.function.UnaryOperator.identity());
        }
    }

    /** Path elements drawn for a series (its line as laid out). */
    private static int drawn(javafx.scene.chart.XYChart.Series<Number, Number> s) {
        return s.getNode() instanceof javafx.scene.shape.Path p ? p.getElements().size() : -1;
    }

    @Test
    void theEquationPanelKeepsItsSizeWhileScrubbing(FxRobot robot) {
        load(robot);
        robot.interact(() -> c.settings().setSteps(50));
        runToEnd(robot);
        Node stage = robot.lookup("#generate-stage").query();
        for (double width : new double[] {UiTestBench.WIDTH, NARROW_WIDTH}) {
            robot.interact(() -> view.getScene().getWindow().setWidth(width));
            robot.interact(() -> c.setPosition(0));
            java.util.Set<String> panels = new java.util.TreeSet<>(), stages = new java.util.TreeSet<>();
            for (int i = 0; i < 50; i++) { // every step but the final sample
                int p = i;
                robot.interact(() -> c.setPosition(p));
                robot.interact(() -> view.getScene().getRoot().layout());
                Bounds b = view.equation.getBoundsInParent();
                panels.add(b.getMinY() + "+" + b.getHeight() + " w " + b.getWidth());
                stages.add(stage.getLayoutBounds().toString());
            }
            assertEquals(1, panels.size(), width + " px: the equation panel moved or resized while scrubbing: " + panels);
            assertEquals(1, stages.size(), width + " px: the images moved while scrubbing: " + stages);
        }
    }

    /** The Generate view's width in the app's smallest window (1024 px wide, its minimum). */
    static final double NARROW_WIDTH = 1024;

    @Test
    void onANarrowWindowTheCaptionsDoNotOverlapAndTheFinalTextFits(FxRobot robot) {
        load(robot);
        robot.interact(() -> c.settings().setSteps(10));
        robot.interact(() -> {
            view.getScene().getWindow().setWidth(NARROW_WIDTH);
            view.getScene().getWindow().setHeight(600);
        });
        runToEnd(robot);
        robot.interact(() -> view.getScene().getRoot().layout());
        java.util.List<Bounds> chips = new java.util.ArrayList<>();
        for (String pane : new String[] {"#xt-pane", "#x0-pane", "#eps-pane"}) {
            javafx.scene.control.Label chip = robot.lookup(pane + " .image-chip").queryAs(javafx.scene.control.Label.class);
            Bounds b = chip.localToScene(chip.getLayoutBounds());
            Node parent = chip.getParent();
            Bounds pb = parent.localToScene(parent.getLayoutBounds());
            assertTrue(b.getMinX() >= pb.getMinX() - 0.5 && b.getMaxX() <= pb.getMaxX() + 0.5,
                    pane + "'s caption '" + chip.getText() + "' " + b + " spills out of its pane " + pb);
            for (Bounds other : chips) {
                assertTrue(!b.intersects(other), "captions overlap: " + b + " and " + other);
            }
            chips.add(b);
        }
        // the final sample's text stays inside the equation panel
        Bounds panel = view.equation.localToScene(view.equation.getLayoutBounds());
        for (Node n : view.equation.getChildrenUnmodifiable()) {
            Bounds b = n.localToScene(n.getLayoutBounds());
            assertTrue(b.getMaxX() <= panel.getMaxX() + 0.5 && b.getMaxY() <= panel.getMaxY() + 0.5,
                    n + " " + b + " overflows the equation panel " + panel);
            if (n instanceof javafx.scene.control.Label l) {
                assertTrue(!org.ddpmexplorer.ui.common.Truncation.isTruncated(l), "truncated: " + l.getText());
            }
        }
    }

    @Test
    void theNoiseCaptionLinesUpWithTheOthersOnTheFinalSample(FxRobot robot) {
        load(robot);
        robot.interact(() -> c.settings().setSteps(10));
        runToEnd(robot);
        assertTrue(c.stepProperty().get().isFinal());
        double xt = captionY(robot, "#xt-pane"), x0 = captionY(robot, "#x0-pane"), eps = captionY(robot, "#eps-pane");
        assertEquals(xt, x0, 0.5);
        assertEquals(xt, eps, 0.5, "ε̂'s caption at the height of the others");
    }

    private static double captionY(FxRobot robot, String pane) {
        Node chip = robot.lookup(pane + " .image-chip").query();
        return chip.localToScene(chip.getLayoutBounds()).getMinY();
    }

    @Test
    void theExportSaysTheFrameCountOnceAndTheLastFrameIsTheSample(FxRobot robot) {
        load(robot);
        robot.interact(() -> c.settings().setSteps(10));
        runToEnd(robot);
        org.ddpmexplorer.ui.common.AnimationExport request = c.animationExport();
        assertEquals(11, request.frames());
        assertTrue(!request.title().contains("frames"), "the dialog adds the count: " + request.title());
        var source = request.source().get();
        org.ddpmexplorer.io.AnimationFrame last = null;
        while (source.hasNext()) {
            last = source.next();
        }
        assertEquals(0, last.t(), "the last frame is the sample x_0, captioned t = 0");
    }

    /**
     * In the app's smallest window (1024 px wide) and at full size: the ε̂ pane's placeholder stays
     * inside its pane and the dark stage, and the update equation wraps only between terms (no number
     * or factor split across lines).
     */
    @Test
    void theFinalSampleTextsAndTheEquationFitTheSmallestWindowAndTheFullOne(FxRobot robot) {
        load(robot);
        robot.interact(() -> c.settings().setSteps(10));
        runToEnd(robot);
        // the view's share of the 1024x680 window (less the menu, tabs and status bar), and the full size
        for (double[] size : new double[][] {{NARROW_WIDTH, 600}, {UiTestBench.WIDTH, UiTestBench.HEIGHT}}) {
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
