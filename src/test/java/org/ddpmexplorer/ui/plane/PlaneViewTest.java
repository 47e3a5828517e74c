package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.ddpmexplorer.train.PointSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Plane tab, headless (Monocle): its controls drive the real engine (data, a short training run, sampling). */
class PlaneViewTest extends PlaneTabTest {
    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) {
        openPlane(stage);
    }

    @Test
    void choosingAPresetShowsItsPointsAndABadCsvLeavesTheDataAsItWas(FxRobot robot) throws Exception {
        waitForData();
        assertTrue(c.data.descriptionProperty().get().startsWith("Two moons"), c.data.descriptionProperty().get());
        PointSet moons = c.data.pointsProperty().get();
        int[] before = plotPixels(robot);

        robot.clickOn("#preset-box");
        robot.clickOn("Spiral");
        waitUntil(() -> c.data.descriptionProperty().get().startsWith("Spiral"), "the spiral");
        PointSet spiral = c.data.pointsProperty().get();
        assertNotEquals(moons, spiral);
        assertTrue(changed(before, plotPixels(robot)) > 500, "the plot shows the new points");

        // a file of text: one clear line, the spiral stays
        Path bad = dir.resolve("words.csv");
        Files.writeString(bad, "x,y\nhello,world\nfoo,bar\n");
        robot.interact(() -> c.data.load(bad));
        waitUntil(() -> c.data.messageProperty().get() != null, "the error message");
        Label message = robot.lookup("#data-message").queryAs(Label.class);
        assertTrue(message.isVisible());
        assertTrue(c.data.errorProperty().get());
        assertFalse(message.getText().contains("\n"), "one line: " + message.getText());
        assertTrue(message.getText().contains("words.csv"), message.getText());
        assertSame(spiral, c.data.pointsProperty().get(), "the data is kept");
        assertTrue(c.data.descriptionProperty().get().startsWith("Spiral"));

        // a good file replaces the data and clears the message
        Path good = dir.resolve("good.csv");
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i % 7).append(',').append(i % 5).append('\n');
        }
        Files.writeString(good, csv);
        robot.interact(() -> c.data.load(good));
        waitUntil(() -> c.data.descriptionProperty().get().startsWith("good.csv"), "the good file");
        assertEquals(200, c.data.pointsProperty().get().size());
        assertFalse(message.isVisible(), "the message is gone");

        // the chooser names the file, so the preset shown before can be chosen again at once
        assertEquals("good.csv", view.sidebar.dataChoice.getValue().label());
        robot.clickOn("#preset-box");
        robot.clickOn("Spiral");
        waitUntil(() -> c.data.descriptionProperty().get().startsWith("Spiral"), "the spiral again");
    }

    @Test
    void aStrokeDrawnWithTheMouseBecomesTheDataAndTheEraserRemovesPoints(FxRobot robot) {
        waitForData();
        robot.clickOn("#preset-box");
        robot.clickOn("Sketch…");
        waitUntil(() -> c.data.sketchingProperty().get(), "sketch mode");
        assertEquals(0, c.data.sketchCount());
        assertTrue(robot.lookup("#sketch-done").query().isVisible());

        robot.moveTo(plotPoint(robot, -2, 0));
        robot.press(MouseButton.PRIMARY);
        robot.moveTo(plotPoint(robot, 0, 1));
        robot.moveTo(plotPoint(robot, 2, 0));
        robot.release(MouseButton.PRIMARY);
        int drawn = c.data.sketchCount();
        assertTrue(drawn > 30, "the stroke left points: " + drawn);
        // the points lie along the stroke, within the brush of the path
        float[] pts = c.data.sketchPoints();
        for (int i = 0; i < drawn; i++) {
            assertTrue(pts[2 * i] > -2.6 && pts[2 * i] < 2.6 && pts[2 * i + 1] > -0.6 && pts[2 * i + 1] < 1.6,
                    "point " + i + " off the stroke: " + pts[2 * i] + ", " + pts[2 * i + 1]);
        }

        robot.clickOn("#sketch-erase");
        robot.moveTo(plotPoint(robot, 2, 0));
        robot.press(MouseButton.PRIMARY);
        robot.moveTo(plotPoint(robot, 1.7, 0.2));
        robot.release(MouseButton.PRIMARY);
        assertTrue(c.data.sketchCount() < drawn, "the eraser removed points: " + c.data.sketchCount() + " of " + drawn);
        int left = c.data.sketchCount();

        robot.clickOn("#sketch-done");
        waitUntil(() -> !c.data.sketchingProperty().get(), "the sketch becomes the data");
        PointSet data = c.data.pointsProperty().get();
        assertEquals(left, data.size());
        assertTrue(c.data.descriptionProperty().get().startsWith("Sketch"));
        // standardised: zero mean
        double mx = 0;
        for (int i = 0; i < data.size(); i++) {
            mx += data.x(i);
        }
        assertEquals(0, mx / data.size(), 1e-3);

        // "Sketch…" again, straight away: a new, empty sketch (the chooser named the used one "Your sketch")
        assertEquals(PlaneSidebar.DataChoice.SKETCHED, view.sidebar.dataChoice.getValue());
        robot.clickOn("#preset-box");
        robot.clickOn("Sketch…");
        waitUntil(() -> c.data.sketchingProperty().get(), "sketch mode again");
        assertEquals(0, c.data.sketchCount());
        assertSame(data, c.data.pointsProperty().get(), "the used sketch stays the data until the new one is used");
    }

    @Test
    void trainingBrieflySamplesATrajectoryThatTheSliderScrubsAndTheViewsToggle(FxRobot robot) {
        waitForData();
        robot.clickOn("#train-button");
        waitUntil(() -> c.training.progressProperty().get() != null && c.training.progressProperty().get().step() >= 20
                && c.training.progressProperty().get().samples() != null, "20 steps and live samples");
        assertTrue(robot.lookup("#train-status").queryAs(Label.class).getText().startsWith("Training: step"));
        assertTrue(view.sidebar.lossChart.loss().length > 1, "the loss curve is drawn");
        assertTrue(view.reverse.isSelected(), "training shows the reverse view");
        robot.clickOn("#stop-button");
        waitUntil(() -> c.training.phaseProperty().get() == PlaneTraining.Phase.READY, "the stop");
        assertFalse(robot.lookup("#continue-button").queryAs(Button.class).isDisabled());
        waitUntil(() -> c.sampling.trajectoryProperty().get() != null, "a sampled trajectory");
        Trajectory tr = c.sampling.trajectoryProperty().get();
        int T = c.diffusionProperty().get().timesteps();
        assertEquals(T, tr.ts()[0]);
        assertEquals(0, tr.ts()[tr.states() - 1]);
        assertEquals(PlaneSampling.DEFAULT_PARTICLES, tr.particles());

        // scrubbing: the slider sets t and the plot changes with it
        robot.interact(() -> view.slider.setValue(T));
        assertEquals(T, c.timeline.t.get());
        int[] atT = plotPixels(robot);
        robot.interact(() -> view.slider.setValue(0));
        assertEquals(0, c.timeline.t.get());
        int[] at0 = plotPixels(robot);
        assertTrue(changed(atT, at0) > 500, "x_T and the sample differ on screen");
        robot.interact(() -> view.slider.setValue(T / 2.0));
        float[] mid = new float[2 * tr.particles()];
        tr.positionsAt(T / 2.0, mid);
        assertArrayEquals(tr.x()[tr.stateAt(T / 2.0)], mid, 1e-6f, "DDPM with T steps records every t");

        // the views: the field shows arrows of the model, and the exact field adds more
        robot.clickOn("#mode-field");
        assertEquals(PlaneController.Mode.FIELD, c.mode.get());
        waitUntil(() -> c.modelField.get(Math.max(1, c.timeline.t.get())) != null, "the model's field");
        int[] field = plotPixels(robot);
        robot.clickOn("#show-exact");
        waitUntil(() -> c.exactField.get(Math.max(1, c.timeline.t.get())) != null, "the exact field");
        int[] both = plotPixels(robot);
        assertTrue(changed(field, both) > 200, "the exact field's arrows appear");
        robot.clickOn("#mode-forward");
        waitUntil(() -> c.density.get(c.timeline.t.get()) != null, "the exact density");
        int[] forward = plotPixels(robot);
        robot.clickOn("#show-density");
        assertFalse(c.showDensity.get());
        assertTrue(changed(forward, plotPixels(robot)) > 500, "the heat map goes");

        // a click on a particle follows it
        robot.clickOn("#mode-reverse");
        robot.interact(() -> view.slider.setValue(0));
        float[] end = tr.x()[tr.states() - 1];
        robot.clickOn(plotPoint(robot, end[0], end[1]));
        assertTrue(c.followedProperty().get() >= 0, "a particle is followed");
    }

    @Test
    void disposingStopsTheTrainingThread(FxRobot robot) {
        waitForData();
        robot.clickOn("#train-button");
        waitUntil(() -> c.training.progressProperty().get() != null, "training");
        assertTrue(c.training.workerActive());
        robot.interact(c::dispose);
        waitUntil(() -> !c.training.workerActive(), "the training thread to end");
        assertNotNull(c.training.progressProperty().get());
    }

    @Test
    void theSamplerVarianceListWritesBetaTildeWithTheSpacingTilde(FxRobot robot) {
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<org.ddpmexplorer.diffusion.SamplerConfig.Variance> box =
                robot.lookup("#variance-box").queryAs(javafx.scene.control.ComboBox.class);
        // the sampler's toString writes β with the combining tilde, which the app's fonts draw inside β
        assertEquals("σ² = β˜ₜ", box.getConverter().toString(org.ddpmexplorer.diffusion.SamplerConfig.Variance.POSTERIOR));
        assertEquals("σ² = βₜ", box.getConverter().toString(org.ddpmexplorer.diffusion.SamplerConfig.Variance.BETA));
    }
}
