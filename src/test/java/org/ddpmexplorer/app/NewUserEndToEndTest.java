package org.ddpmexplorer.app;

import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;
import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.ddpmexplorer.ui.generate.GenerateFeature;
import org.ddpmexplorer.ui.training.TrainController;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.ddpmexplorer.ui.training.TrainFeature;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * What a new user does (issue 5, "Done when"), in the app's own window: train a tiny model for a few
 * dozen steps on a folder of images from the Train tab, watch the loss, the progress and the previews,
 * save the model, open the file as the model, and generate from it on the Generate tab. The native
 * file and folder choosers are the only steps skipped: the test hands over the paths they would return.
 */
class NewUserEndToEndTest extends AppWindowTest {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    /** A few dozen steps, and a preview every 10 of them (and at the first). */
    static final int STEPS = 40, PREVIEW_EVERY = 10;

    private void type(FxRobot robot, String field, Object value) {
        TextField f = robot.lookup(field).queryAs(TextField.class);
        robot.interact(() -> f.setText(String.valueOf(value)));
    }

    private Node tabHeader(FxRobot robot, int i) {
        List<Node> headers = List.copyOf(robot.lookup(".tab-header-area .tab").queryAll());
        return headers.get(i);
    }

    @Test
    void trainSaveReopenAndGenerate(FxRobot robot) throws Exception {
        Path images = TestModels.imageFolder(dir.resolve("my-images"), 12, 40);
        TrainFeature trainTab = (TrainFeature) window.features().get(2);
        GenerateFeature generateTab = (GenerateFeature) window.features().get(1);
        TrainController train = trainTab.controller();

        // the Train tab: a folder of images, a tiny model, a few dozen steps
        robot.clickOn(tabHeader(robot, 2));
        assertEquals(2, window.tabs().getSelectionModel().getSelectedIndex());
        robot.clickOn("#folder-choice");
        robot.interact(() -> train.data().chooseFolder(images)); // what "Choose folder…" does with the chosen folder
        waitUntil(() -> "12 images".equals(train.data().folderInfoProperty().get()), "the folder check");
        type(robot, "#field-steps", STEPS);
        type(robot, "#field-batch", 4);
        type(robot, "#field-base-channels", 8);
        type(robot, "#field-timesteps", 100);
        type(robot, "#field-preview-every", PREVIEW_EVERY);

        // every preview grid that reaches the screen, by the step it was drawn at
        Map<Long, int[]> previews = new LinkedHashMap<>();
        List<Double> progressSeen = new ArrayList<>();
        ProgressBar bar = robot.lookup("#train-progress").queryAs(ProgressBar.class);
        robot.interact(() -> train.snapshotProperty().addListener((o, was, s) -> Platform.runLater(() -> {
            // after the snapshot's own handling, which writes the preview image
            var now = train.snapshotProperty().get();
            if (now != null && now.previewStep() >= 0 && !previews.containsKey(now.previewStep())
                    && train.previewProperty().get() != null) {
                previews.put(now.previewStep(), UiTestBench.pixelsNow(train.previewProperty().get()));
            }
            progressSeen.add(bar.getProgress());
        })));
        robot.clickOn("#start-button");
        waitUntil(() -> train.phaseProperty().get() == Phase.FINISHED, "training to finish");

        // the loss chart, the progress and the previews followed the run
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> loss = robot.lookup("#loss-chart").queryAs(LineChart.class);
        var raw = loss.getData().get(0).getData();
        assertEquals(STEPS, raw.size(), "a point per step");
        assertEquals(STEPS, raw.get(raw.size() - 1).getXValue().intValue());
        double first = raw.subList(0, 5).stream().mapToDouble(d -> d.getYValue().doubleValue()).average().orElseThrow();
        double last = raw.subList(STEPS - 5, STEPS).stream().mapToDouble(d -> d.getYValue().doubleValue()).average().orElseThrow();
        // about 1.0 -> 0.25 here: predicting the noise on flat images with a square is learnt fast
        assertTrue(last < 0.7 * first, "the loss falls: " + first + " -> " + last);
        assertTrue(progressSeen.stream().anyMatch(p -> p > 0 && p < 1), "the progress bar moved during the run: " + progressSeen);
        assertEquals(1.0, bar.getProgress(), 1e-9);
        String progressText = robot.lookup("#train-progress-text").queryAs(Label.class).getText();
        assertTrue(progressText.contains(String.valueOf(STEPS)), progressText);
        assertTrue(previews.size() >= 2, "previews at steps " + previews.keySet());
        List<int[]> grids = List.copyOf(previews.values());
        assertFalse(Arrays.equals(grids.get(0), grids.get(grids.size() - 1)),
                "the preview grid changed between refreshes " + previews.keySet());

        // save the model to a file of the user's choice (the Save button, after its file chooser)
        Path saved = dir.resolve("my-model.ckpt");
        assertFalse(robot.lookup("#save-button").queryAs(Button.class).isDisabled());
        robot.interact(() -> train.saveTo(saved));
        waitUntil(() -> saved.equals(train.lastSavedProperty().get()), "the save");
        assertEquals(STEPS, Checkpoint.load(saved).header().step());

        // Model > Open model… with that file
        robot.interact(() -> window.openModel(saved));
        waitUntil(() -> bench.ctx.models().get() != null && saved.equals(bench.ctx.models().get().file()), "the model to load");
        assertEquals(STEPS, bench.ctx.models().get().checkpoint().header().step());
        assertEquals("my-images", bench.ctx.models().get().checkpoint().header().dataset());

        // the Generate tab: press Generate, get an image from the reopened model
        robot.clickOn(tabHeader(robot, 1));
        assertEquals(1, window.tabs().getSelectionModel().getSelectedIndex());
        var gen = generateTab.controller();
        robot.clickOn("#generate-button");
        waitUntil(() -> !gen.runningProperty().get() && gen.trajectoryProperty().get() != null, "sampling to finish");
        assertTrue(gen.trajectoryProperty().get().complete());
        assertNotNull(gen.xtImageProperty().get());
        assertTrue(gen.stepProperty().get().isFinal(), "the final sample is shown");
        assertEquals(32, gen.trajectoryProperty().get().height(), "at the trained model's size");
        assertTrue(Files.exists(train.checkpointFileProperty().get()), "the run's autosave is there too");
    }
}
