package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.FailingDataset;
import org.ddpmexplorer.ui.common.PulseGaps;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.ddpmexplorer.ui.training.TrainForm.Field;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Train tab, headless (Monocle): a real (tiny) training run on a temporary folder of images. */
class TrainViewTest extends TrainTabTest {
    @Start
    void start(Stage stage) {
        openTrainTab(stage);
    }

    private boolean startDisabled(FxRobot robot) {
        return robot.lookup("#start-button").queryAs(Button.class).isDisabled();
    }

    private void useFolder(FxRobot robot, Path folder) {
        robot.clickOn("#folder-choice");
        robot.interact(() -> c.data().chooseFolder(folder));
        waitUntil(() -> !"Checking the folder…".equals(c.data().folderErrorProperty().get()), "the folder check");
    }

    @Test
    void aShortRunUpdatesTheChartsCanBePausedAndStoppedAndSavesACheckpoint(FxRobot robot) throws Exception {
        Path images = TestModels.imageFolder(dir.resolve("images-run"), 12, 40);
        useFolder(robot, images);
        assertEquals("12 images", c.data().folderInfoProperty().get());
        set(robot, Field.STEPS, "400");
        set(robot, Field.BATCH, "4");
        set(robot, Field.BASE_CHANNELS, "8");
        set(robot, Field.TIMESTEPS, "100");
        set(robot, Field.PREVIEW_EVERY, "10");
        assertFalse(startDisabled(robot));

        // record the gaps between FX pulses while training runs: the FX thread never waits for ND4J
        PulseGaps pulse = new PulseGaps();
        robot.clickOn("#start-button");
        waitUntil(() -> c.snapshotProperty().get() != null && c.snapshotProperty().get().step() >= 3, "the first steps");
        // a folder of pictures is flipped left-right at random (Fashion-MNIST is not: its shoes all point left)
        assertTrue(c.infoProperty().get().contains("random flips"), c.infoProperty().get());
        robot.interact(() -> {
            c.resetWorstApply(); // the first snapshot lays the charts out for the first time (about 0.1 s, once)
            pulse.start();
        });
        waitUntil(() -> c.snapshotProperty().get().step() >= 25 && c.previewProperty().get() != null, "25 steps and a preview");
        robot.interact(pulse::stop);
        java.util.List<Long> sorted = pulse.sorted();
        double worstMs = sorted.get(sorted.size() - 1) / 1e6, medianMs = sorted.get(sorted.size() / 2) / 1e6;
        double p95Ms = sorted.get((int) (sorted.size() * 0.95)) / 1e6;
        long over = sorted.stream().filter(g -> g > 33_400_000L).count();
        double applyMs = c.worstApplyNanos() / 1e6;
        java.util.List<Long> cpu = pulse.sortedCpu();
        double worstCpuMs = cpu.get(cpu.size() - 1) / 1e6, p95CpuMs = cpu.get((int) (cpu.size() * 0.95)) / 1e6;
        long overBudget = cpu.stream().filter(t -> t > 16_000_000L).count();
        String report = String.format(java.util.Locale.ROOT, "FX pulses while training: %d gaps, median %.1f ms, "
                + "95th percentile %.1f ms, worst %.1f ms, %d over two frames (33 ms); worst snapshot apply on the FX thread %.1f ms; "
                + "FX thread CPU per frame: median %.1f ms, 95th percentile %.1f ms, worst %.1f ms, %d over 16 ms%n",
                sorted.size(), medianMs, p95Ms, worstMs, over, applyMs, cpu.get(cpu.size() / 2) / 1e6, p95CpuMs, worstCpuMs, overBudget);
        System.out.print(report);
        Files.writeString(Path.of("target", "pulse-gap.txt"), report);
        assertTrue(sorted.size() > 10, "the FX thread kept pulsing: " + sorted.size());
        assertTrue(medianMs < 25, report); // 60 Hz pulses: about 16.7 ms apart
        // our work per snapshot takes 1-6 ms here; the bound leaves room for preemption on a shared 2-core machine
        assertTrue(applyMs < 50, report);
        // the FX thread's own work per frame (CSS, layout, our handlers): 3-15 ms at worst here; engine work
        // on the FX thread (one U-Net call is 30 ms and more) would show up here
        assertTrue(worstCpuMs < 50, report);
        // the budget, a frame's work under 16 ms: TrainPulseBench saw 21 frames over it in 107,000, so one
        // in this short window is already unlikely; CPU time, so a busy machine's preemption does not count against it
        assertTrue(overBudget <= 1, report);
        // single long gaps come from the machine (2 cores shared with other training jobs, GC), not from our handlers
        assertTrue(worstMs < 500, report);

        assertEquals(Phase.RUNNING, c.phaseProperty().get());
        assertTrue(view.dashboard.rawLoss.getData().size() >= 3, "loss chart has points");
        assertTrue(view.dashboard.smoothLoss.getData().size() >= 3);
        assertTrue(view.dashboard.bucketLoss.getData().stream().anyMatch(d -> d.getYValue().doubleValue() > 0), "bucket chart");
        assertTrue(c.snapshotProperty().get().progress() > 0);
        String progress = robot.lookup("#train-progress-text").queryAs(Label.class).getText();
        assertTrue(progress.contains("steps/s") && progress.contains("left"), progress);
        assertTrue(robot.lookup("#train-settings").query().isDisabled(), "settings are locked while training");

        // pause: the step count stops
        robot.clickOn("#pause-button");
        assertEquals(Phase.PAUSED, c.phaseProperty().get());
        WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS); // let the step in flight finish
        WaitForAsyncUtils.waitForFxEvents();
        long paused = c.snapshotProperty().get().step();
        WaitForAsyncUtils.sleep(800, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(paused, c.snapshotProperty().get().step(), "no steps while paused");
        assertEquals("Resume", robot.lookup("#pause-button").queryAs(Button.class).getText());

        // save while paused
        Path saved = dir.resolve("saved-while-paused.ckpt");
        robot.interact(() -> c.saveTo(saved));
        waitUntil(() -> saved.equals(c.lastSavedProperty().get()), "the save while paused");
        assertEquals(paused, Checkpoint.load(saved).header().step());

        // resume, then stop: the final checkpoint is written and becomes the loaded model
        robot.clickOn("#pause-button");
        assertEquals(Phase.RUNNING, c.phaseProperty().get());
        waitUntil(() -> c.snapshotProperty().get().step() > paused, "training to go on");
        robot.clickOn("#stop-button");
        waitUntil(() -> c.phaseProperty().get() == Phase.FINISHED, "the run to stop");
        Path file = c.checkpointFileProperty().get();
        assertTrue(Files.exists(file), "autosaved " + file);
        Checkpoint ck = Checkpoint.load(file);
        assertTrue(ck.header().step() > paused && ck.header().step() < 400, "stopped early at " + ck.header().step());
        assertEquals("images-run", ck.header().dataset());
        assertEquals(8, ck.header().unet().baseChannels());
        assertTrue(ck.resumable());
        assertNotNull(ctx.models().get());
        assertEquals(ck.header().step(), ctx.models().get().checkpoint().header().step(), "Generate gets the trained model");
        assertFalse(startDisabled(robot));
    }

    @Test
    void runningOutOfMemoryForTheBatchSuggestsASmallerOneStopsAndKeepsTheStepsDone(FxRobot robot) throws Exception {
        Path images = TestModels.imageFolder(dir.resolve("images-oom"), 8, 40);
        useFolder(robot, images);
        set(robot, Field.STEPS, "400");
        set(robot, Field.BATCH, "8");
        set(robot, Field.BASE_CHANNELS, "8");
        set(robot, Field.TIMESTEPS, "100");
        set(robot, Field.PREVIEW_EVERY, "1000");
        // the 6th batch runs out of memory, as the JVM would say it
        c.setDataWrapper(d -> new FailingDataset(d, 6, () -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        robot.clickOn("#start-button");
        waitUntil(() -> c.phaseProperty().get() == Phase.FAILED, "the run to fail");
        String msg = c.errorProperty().get();
        assertEquals("Not enough memory for a batch of 8 images at 32x32: try a smaller batch (e.g. 4)", msg);
        atlantafx.base.controls.Message shown = robot.lookup("#train-error").queryAs(atlantafx.base.controls.Message.class);
        assertTrue(shown.isVisible());
        assertEquals(msg, shown.getDescription(), "the message is on screen");
        Path first = c.checkpointFileProperty().get();
        assertEquals(5, Checkpoint.load(first).header().step(), "the five whole steps are kept");
        assertEquals(first, c.lastSavedProperty().get());
        assertTrue(robot.lookup("#train-info").queryAs(Label.class).getText().contains("step 5"));
        assertFalse(startDisabled(robot), "the user can take the advice and start again");
        assertFalse(robot.lookup("#train-settings").query().isDisabled());

        // the smaller batch; this time ND4J's native allocation fails (a RuntimeException carrying the C++ error)
        set(robot, Field.BATCH, "4");
        c.setDataWrapper(d -> new FailingDataset(d, 4, () -> {
            throw new RuntimeException("Op [conv2d] failed to execute", new RuntimeException("std::bad_alloc"));
        }));
        robot.clickOn("#start-button");
        waitUntil(() -> !first.equals(c.checkpointFileProperty().get()) && c.phaseProperty().get() == Phase.FAILED,
                "the second run to fail");
        assertEquals("Not enough memory for a batch of 4 images at 32x32: try a smaller batch (e.g. 2)", c.errorProperty().get());
        assertEquals(3, Checkpoint.load(c.checkpointFileProperty().get()).header().step());
        assertEquals(5, Checkpoint.load(first).header().step(), "the first run's checkpoint is untouched");
    }

    @Test
    void memoryFailuresAreToldApartFromOtherFailures() {
        assertTrue(TrainRun.isMemoryFailure(new OutOfMemoryError("Java heap space")));
        assertTrue(TrainRun.isMemoryFailure(new OutOfMemoryError("Cannot allocate new FloatPointer(4194304)")));
        assertTrue(TrainRun.isMemoryFailure(new RuntimeException("Failed to allocate [1073741824] bytes")));
        assertTrue(TrainRun.isMemoryFailure(new RuntimeException("Op [matmul] failed",
                new RuntimeException("std::bad_alloc"))));
        assertTrue(TrainRun.isMemoryFailure(new IllegalStateException("wrapped", new OutOfMemoryError())));
        assertFalse(TrainRun.isMemoryFailure(new IllegalArgumentException("the model expects 32x32x1 images")));
        assertFalse(TrainRun.isMemoryFailure(new RuntimeException((String) null)));
    }

    @Test
    void invalidFieldsSayWhatIsWrongAndDisableStart(FxRobot robot) {
        assertFalse(startDisabled(robot), "the defaults are valid");
        set(robot, Field.STEPS, "abc");
        assertTrue(startDisabled(robot));
        Label err = robot.lookup("#field-steps-error").queryAs(Label.class);
        assertTrue(err.isVisible());
        assertEquals("Enter a whole number, e.g. 2000", err.getText());
        assertEquals("Fix the fields marked in red to start.", robot.lookup("#start-reason").queryAs(Label.class).getText());
        set(robot, Field.STEPS, "100");
        assertFalse(err.isVisible());
        assertFalse(startDisabled(robot));
        set(robot, Field.BATCH, "0");
        assertTrue(startDisabled(robot));
        assertEquals("Must be between 1 and 512", robot.lookup("#field-batch-error").queryAs(Label.class).getText());
        set(robot, Field.BATCH, "16");
        set(robot, Field.LEARNING_RATE, "-1");
        assertTrue(startDisabled(robot));
        set(robot, Field.LEARNING_RATE, "1e-3");
        set(robot, Field.BASE_CHANNELS, "12");
        assertTrue(startDisabled(robot));
        assertTrue(robot.lookup("#field-base-channels-error").queryAs(Label.class).getText().contains("multiple of 8"));
        set(robot, Field.BASE_CHANNELS, "16");
        assertFalse(startDisabled(robot));
    }

    @Test
    void emptyFoldersAndFoldersWithoutImagesAreRefused(FxRobot robot) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        useFolder(robot, empty);
        assertTrue(c.data().folderErrorProperty().get().contains("empty"), c.data().folderErrorProperty().get());
        assertTrue(startDisabled(robot));
        assertTrue(robot.lookup("#folder-error").query().isVisible());

        Path text = Files.createDirectories(dir.resolve("text"));
        Files.writeString(text.resolve("notes.txt"), "hello");
        useFolder(robot, text);
        assertTrue(c.data().folderErrorProperty().get().startsWith("No images"), c.data().folderErrorProperty().get());
        assertTrue(startDisabled(robot));

        robot.clickOn("#fmnist-choice");
        assertFalse(startDisabled(robot), "Fashion-MNIST needs no folder");
    }

    @Test
    void imagesSmallerThanTheModelGetAClearMessage(FxRobot robot) throws Exception {
        Path tiny = TestModels.imageFolder(dir.resolve("small-images"), 3, 20);
        useFolder(robot, tiny);
        assertEquals(null, c.data().folderErrorProperty().get());
        robot.clickOn("#start-button");
        waitUntil(() -> c.phaseProperty().get() == Phase.FAILED, "the run to fail");
        String msg = c.errorProperty().get();
        assertTrue(msg.contains("smaller than the model size"), msg);
        assertTrue(robot.lookup("#train-error").query().isVisible());
        assertFalse(startDisabled(robot), "the user can fix it and start again");
    }

    @Test
    void fineTuningWithoutALoadedModelSaysSo(FxRobot robot) {
        assertTrue(robot.lookup("#fine-tune-check").query().isDisabled(), "nothing to fine-tune");
        robot.interact(() -> c.startTraining(TrainSettings.defaults().withFineTune(true)));
        assertTrue(c.errorProperty().get().startsWith("No model is loaded to fine-tune"), c.errorProperty().get());
        assertEquals(Phase.IDLE, c.phaseProperty().get());
        robot.interact(() -> c.saveTo(dir.resolve("nothing.ckpt")));
        assertEquals("Nothing to save yet: train first", c.errorProperty().get());
        assertFalse(Files.exists(dir.resolve("nothing.ckpt")));
    }

    @Test
    void formValidationAndMessages() {
        assertEquals(null, TrainForm.check(Field.STEPS, "1,000"));
        assertEquals("Enter a number", TrainForm.check(Field.EMA, " "));
        assertEquals("Must be between 0.0 and 0.99999", TrainForm.check(Field.EMA, "1"));
        assertEquals(null, TrainForm.check(Field.LEARNING_RATE, "2e-4"));
        String mem = TrainRun.memoryMessage(TrainSettings.defaults().withBatch(64));
        assertEquals("Not enough memory for a batch of 64 images at 32x32: try a smaller batch (e.g. 32)", mem);
    }
}
