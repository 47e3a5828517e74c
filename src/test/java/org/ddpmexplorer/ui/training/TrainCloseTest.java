package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.ddpmexplorer.app.DdpmExplorerApp;
import org.ddpmexplorer.app.MainWindow;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.ddpmexplorer.ui.training.TrainController.CloseChoice;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Closing the window while a (tiny) model trains: the app's own window and wiring, the Train tab on
 * temporary folders; the tests answer the question in place of the dialog, and one drives the dialog.
 */
@ExtendWith(ApplicationExtension.class)
class TrainCloseTest {
    @TempDir
    static Path dir;
    private static Path images;

    private UiTestBench bench;
    private Stage stage;
    private MainWindow window;
    private TrainFeature train;
    private TrainController c;
    private final AtomicInteger asked = new AtomicInteger();

    @BeforeAll
    static void folder() throws Exception {
        images = TestModels.imageFolder(dir.resolve("images"), 8, 40);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        bench = new UiTestBench();
        train = new TrainFeature(bench.ctx, dir.resolve("models-" + UUID.randomUUID()));
        c = train.controller();
        window = DdpmExplorerApp.createWindow(stage, bench.ctx, List.of(train));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        Platform.runLater(stage::hide); // stops all work if a test left the window open
        WaitForAsyncUtils.waitForFxEvents();
        bench.close();
    }

    /** Starts a long run of the tiny model and waits for a few steps. */
    private void startTraining(FxRobot robot) {
        robot.interact(() -> c.data().chooseFolder(images));
        waitUntil(() -> c.data().folderErrorProperty().get() == null, "the folder check");
        TrainSettings s = new TrainSettings(images, 32, 8, BetaSchedule.COSINE, 100, 4, 1e-3, 100_000, 0.999, false,
                false, 100_000);
        robot.interact(() -> c.startTraining(s));
        waitUntil(() -> c.snapshotProperty().get() != null && c.snapshotProperty().get().step() >= 3, "the first steps");
    }

    /** What the window's close button does: a close request to the stage. */
    private void requestClose(FxRobot robot, CloseChoice answer) {
        train.setCloseQuestion(() -> {
            asked.incrementAndGet();
            return answer;
        });
        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    }

    @Test
    void withoutARunTheWindowClosesWithoutAsking(FxRobot robot) {
        requestClose(robot, CloseChoice.KEEP_TRAINING);
        assertEquals(0, asked.get());
        assertFalse(stage.isShowing());
    }

    @Test
    void keepTrainingLeavesTheRunGoingAndTheWindowOpen(FxRobot robot) {
        startTraining(robot);
        requestClose(robot, CloseChoice.KEEP_TRAINING);
        assertEquals(1, asked.get());
        assertTrue(stage.isShowing(), "the window stays");
        assertEquals(Phase.RUNNING, c.phaseProperty().get());
        long step = c.snapshotProperty().get().step();
        waitUntil(() -> c.snapshotProperty().get().step() > step + 2, "training to go on");
        assertFalse(bench.executor.isShutdown());
    }

    @Test
    void saveAndQuitWritesTheFinalCheckpointThenCloses(FxRobot robot) throws Exception {
        startTraining(robot);
        Path file = c.checkpointFileProperty().get();
        assertFalse(Files.exists(file), "no autosave yet: everything trained is only in memory");
        requestClose(robot, CloseChoice.SAVE_AND_QUIT);
        long seen = c.snapshotProperty().get().step();
        waitUntil(() -> !stage.isShowing(), "the window to close");
        assertEquals(1, asked.get());
        Checkpoint ck = Checkpoint.load(file);
        assertTrue(ck.header().step() >= seen, "the final step " + ck.header().step() + " was saved (saw " + seen + ")");
        assertTrue(ck.resumable(), "with the optimiser state, to go on later");
        assertTrue(bench.executor.isShutdown(), "closing stopped all work");
    }

    @Test
    void saveAndQuitKeepsTheWindowOpenWhenTheCheckpointCannotBeWritten(FxRobot robot) throws Exception {
        startTraining(robot);
        Path file = c.checkpointFileProperty().get();
        // the models folder goes away and a file takes its name: the final checkpoint cannot be written
        Path models = file.getParent();
        try (var s = Files.list(models)) {
            assertEquals(List.of(), s.toList());
        }
        Files.delete(models);
        Files.writeString(models, "in the way");
        requestClose(robot, CloseChoice.SAVE_AND_QUIT);
        waitUntil(() -> c.phaseProperty().get() == Phase.FINISHED, "the run to stop");
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.isShowing(), "the window stays open: the model is only in memory");
        assertTrue(c.errorProperty().get().contains("could not be written"), c.errorProperty().get());
        assertTrue(c.canSaveProperty().get(), "Save can still keep it");
        // the user saves it elsewhere; now the window closes without asking (no run)
        Path elsewhere = dir.resolve("rescued-" + UUID.randomUUID() + ".ckpt");
        robot.interact(() -> c.saveTo(elsewhere));
        waitUntil(() -> elsewhere.equals(c.lastSavedProperty().get()), "the save");
        assertTrue(Checkpoint.load(elsewhere).header().step() >= 3);
        requestClose(robot, CloseChoice.KEEP_TRAINING);
        assertFalse(stage.isShowing());
        assertEquals(1, asked.get(), "asked only while the run was going");
    }

    @Test
    void quitWithoutSavingClosesAtOnceAndLeavesTheLastSaveAsItWas(FxRobot robot) throws Exception {
        startTraining(robot);
        robot.interact(c::saveNow); // what the user had: a save at some step
        Path file = c.checkpointFileProperty().get();
        waitUntil(() -> file.equals(c.lastSavedProperty().get()), "the save");
        long savedStep = Checkpoint.load(file).header().step();
        waitUntil(() -> c.snapshotProperty().get().step() > savedStep + 2, "more steps after the save");
        requestClose(robot, CloseChoice.QUIT_WITHOUT_SAVING);
        assertFalse(stage.isShowing(), "closed at once");
        assertTrue(bench.executor.isShutdown(), "the run was stopped");
        assertEquals(savedStep, Checkpoint.load(file).header().step(), "the save is intact, not overwritten");
    }

    @Test
    void theDialogAsksAndKeepTrainingIsItsSafeAnswer(FxRobot robot) throws Exception {
        startTraining(robot);
        // the real dialog: it waits for the answer in a nested event loop, so the close request is posted
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitUntil(() -> robot.lookup("#close-training-dialog").tryQuery().isPresent(), "the question");
        DialogPane pane = robot.lookup("#close-training-dialog").queryAs(DialogPane.class);
        assertEquals("A training run is in progress", pane.getHeaderText());
        assertEquals(List.of("Save and quit", "Quit without saving", "Keep training"),
                pane.getButtonTypes().stream().map(b -> b.getText()).toList());
        robot.clickOn((Button) pane.lookupButton(pane.getButtonTypes().get(2)));
        waitUntil(() -> robot.lookup("#close-training-dialog").tryQuery().isEmpty(), "the dialog to close");
        assertTrue(stage.isShowing());
        assertEquals(Phase.RUNNING, c.phaseProperty().get());

        // asked again, "Save and quit" in the dialog
        Path file = c.checkpointFileProperty().get();
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitUntil(() -> robot.lookup("#close-training-dialog").tryQuery().isPresent(), "the question again");
        DialogPane again = robot.lookup("#close-training-dialog").queryAs(DialogPane.class);
        robot.clickOn((Button) again.lookupButton(again.getButtonTypes().get(0)));
        waitUntil(() -> !stage.isShowing(), "the window to close");
        assertNotNull(Checkpoint.load(file));
    }
}
