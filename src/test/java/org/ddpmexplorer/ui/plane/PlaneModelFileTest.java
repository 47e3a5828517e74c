package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.train.ToyModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** Saving and opening the Plane tab's model with its buttons (the native chooser replaced by the paths it would return). */
class PlaneModelFileTest extends PlaneTabTest {
    @TempDir
    Path dir;
    /** The path the next Open or Save chooser returns. */
    private Path chosen;
    private String suggested;

    @Start
    void start(Stage stage) {
        openPlane(stage);
        view.sidebar.modelFiles.chooser = new ModelFileControls.Chooser() {
            @Override
            public Optional<Path> open(Window owner) {
                return Optional.of(chosen);
            }

            @Override
            public Optional<Path> save(Window owner, String suggestedName) {
                suggested = suggestedName;
                return Optional.of(chosen);
            }
        };
    }

    private String message() {
        return view.sidebar.modelFiles.message.getText();
    }

    @Test
    void aSavedModelOpensAgainWithItsTAndScheduleAndSamplesTheSame(FxRobot robot) throws Exception {
        waitForData();
        assertTrue(robot.lookup("#save-model").queryAs(Button.class).isDisabled(), "nothing to save before training");
        trainBriefly(robot, 30);
        PlaneTraining.Model trained = c.training.modelProperty().get();
        float[] samples = c.sampling.trajectoryProperty().get().x()[c.sampling.trajectoryProperty().get().states() - 1];

        chosen = dir.resolve("moons.toy");
        robot.clickOn("#save-model");
        waitUntil(() -> message() != null && message().startsWith("Saved"), "the save");
        assertEquals("two-moons-" + trained.step() + ".toy", suggested);
        ToyModelFile file = ToyModelFile.load(chosen);
        assertEquals(trained.step(), file.step());
        assertEquals(100, file.timesteps());
        assertEquals(BetaSchedule.COSINE, file.schedule());
        assertTrue(file.data().startsWith("Two moons"), file.data());

        // forget the model and change T and the schedule: opening the file restores all three
        robot.clickOn("#reset-button");
        waitUntil(() -> c.training.modelProperty().get() == null, "the reset");
        robot.interact(() -> {
            c.timeline.timesteps.set(50);
            c.schedule.set(BetaSchedule.LINEAR);
        });
        robot.clickOn("#open-model");
        waitUntil(() -> c.training.modelProperty().get() != null, "the opened model");
        assertTrue(message().startsWith("Opened moons.toy"), message());
        assertFalse(c.modelFile.errorProperty().get());
        assertEquals(100, c.timeline.timesteps.get());
        assertEquals(100, view.sidebar.timesteps.getValue());
        assertEquals(BetaSchedule.COSINE, c.schedule.get());
        assertEquals(BetaSchedule.COSINE, view.sidebar.schedule.getValue());
        assertEquals(100, c.diffusionProperty().get().timesteps());
        assertEquals(PlaneTraining.Phase.READY, c.training.phaseProperty().get());
        assertTrue(robot.lookup("#continue-button").queryAs(Button.class).isDisabled(), "a file has no optimiser state");
        assertFalse(robot.lookup("#save-model").queryAs(Button.class).isDisabled());
        waitUntil(() -> c.sampling.trajectoryProperty().get() != null, "samples of the opened model");
        var tr = c.sampling.trajectoryProperty().get();
        assertArrayEquals(samples, tr.x()[tr.states() - 1], 1e-4f, "the same weights and seed give the same samples");
    }

    @Test
    void aDamagedOrForeignFileGetsOneLineAndTheModelStays(FxRobot robot) throws Exception {
        trainBriefly(robot, 10);
        chosen = dir.resolve("good.toy");
        robot.clickOn("#save-model");
        waitUntil(() -> message() != null && message().startsWith("Saved"), "the save");
        PlaneTraining.Model model = c.training.modelProperty().get();

        byte[] bytes = Files.readAllBytes(chosen);
        bytes[bytes.length / 2] ^= 0x40; // one flipped bit among the weights
        Path damaged = dir.resolve("damaged.toy");
        Files.write(damaged, bytes);
        Path text = dir.resolve("notes.toy");
        Files.writeString(text, "x,y\n1,2\n");
        Path empty = dir.resolve("empty.toy");
        Files.write(empty, new byte[0]);
        for (Path bad : new Path[] {damaged, text, empty, dir.resolve("missing.toy")}) {
            robot.interact(() -> c.modelFile.clearMessage());
            chosen = bad;
            robot.clickOn("#open-model");
            waitUntil(() -> message() != null, "the message about " + bad.getFileName());
            Label label = view.sidebar.modelFiles.message;
            assertTrue(label.isVisible());
            assertTrue(c.modelFile.errorProperty().get(), message());
            assertTrue(message().startsWith("Could not open " + bad.getFileName()), message());
            assertFalse(message().contains("\n"), "one line: " + message());
            assertSame(model, c.training.modelProperty().get(), "the model stays");
        }
        assertTrue(message().contains("no such file"), message());
        assertNull(c.training.errorProperty().get());
    }

    @Test
    void theSidebarChoosesPredictionAndVarianceAndAFileKeepsThem(FxRobot robot) throws Exception {
        waitForData();
        var choices = view.sidebar.parameterization;
        robot.interact(() -> {
            choices.prediction.setValue(Prediction.START_X);
            choices.variance.setValue(VarianceType.LEARNED_RANGE);
        });
        assertEquals(Prediction.START_X, c.prediction.get());
        assertEquals(VarianceType.LEARNED_RANGE, c.variance.get());
        trainBriefly(robot, 10);
        var m = c.training.modelProperty().get();
        assertEquals(Prediction.START_X, m.denoiser().prediction());
        assertEquals(VarianceType.LEARNED_RANGE, m.denoiser().varianceType());
        assertTrue(choices.prediction.isDisabled(), "fixed while a model exists, like T");
        assertTrue(view.sidebar.samplerControls.variance.isDisabled(), "the model's own σ² replaces the box");
        assertTrue(robot.lookup("#learned-variance-note").query().isVisible());

        chosen = dir.resolve("x0.toy");
        robot.clickOn("#save-model");
        waitUntil(() -> message() != null && message().startsWith("Saved"), "the save");
        robot.clickOn("#reset-button");
        waitUntil(() -> c.training.modelProperty().get() == null, "the reset");
        robot.interact(() -> {
            choices.prediction.setValue(Prediction.EPSILON);
            choices.variance.setValue(VarianceType.FIXED_SMALL);
        });
        assertEquals(org.ddpmexplorer.diffusion.SamplerConfig.Variance.POSTERIOR, c.sampling.variance.get(),
                "a fixed β̃ model samples with σ² = β̃ by default");
        robot.clickOn("#open-model");
        waitUntil(() -> c.training.modelProperty().get() != null, "the opened model");
        assertEquals(Prediction.START_X, choices.prediction.getValue());
        assertEquals(VarianceType.LEARNED_RANGE, choices.variance.getValue());
        assertEquals(VarianceType.LEARNED_RANGE, c.training.modelProperty().get().denoiser().varianceType());
    }
}
