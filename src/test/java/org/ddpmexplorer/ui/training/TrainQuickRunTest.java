package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.FashionMnist;
import org.ddpmexplorer.train.TrainPreset;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.ddpmexplorer.ui.training.TrainForm.Choice;
import org.ddpmexplorer.ui.training.TrainForm.Field;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Train tab's "Quick run": the first choice and the one the tab opens with, what it sets, and a run that its time budget ends. */
class TrainQuickRunTest extends TrainTabTest {
    @Start
    void start(Stage stage) {
        openTrainTab(stage);
    }

    private String text(Field f) {
        return view.sidebar.fields.get(f).getText();
    }

    @Test
    void quickRunIsTheFirstChoiceAndChoosingItSetsTheForm(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<Choice> box = robot.lookup("#run-choice").queryAs(ComboBox.class);
        assertEquals(Choice.QUICK_RUN, box.getItems().get(0), "the first choice");
        assertEquals(Choice.QUICK_RUN, box.getValue(), "what a new user who presses Start trains");
        TrainSettings opened = org.testfx.util.WaitForAsyncUtils.asyncFx(view.sidebar::settings).get();
        assertEquals(TrainSettings.quickRun(), opened, "the form opens with the quick run's settings");
        TrainPreset q = TrainPreset.QUICK;
        assertEquals("10", text(Field.MINUTES));
        assertEquals(Integer.toString(q.batchSize()), text(Field.BATCH));
        assertEquals(Integer.toString(q.baseChannels()), text(Field.BASE_CHANNELS));
        assertEquals("0.001", text(Field.LEARNING_RATE));
        assertTrue(view.sidebar.fmnist.isSelected() && view.sidebar.conditional.isSelected(), "Fashion-MNIST, by class");

        // the full settings, then the quick run again as a user picks it from the list
        robot.interact(() -> box.setValue(Choice.FULL));
        assertEquals("0", text(Field.MINUTES), "no time budget");
        assertEquals(Field.STEPS.defaultText, text(Field.STEPS));
        assertEquals(Field.BATCH.defaultText, text(Field.BATCH));
        assertFalse(view.sidebar.conditional.isSelected());
        robot.interact(() -> view.sidebar.scheduleBox.setValue(BetaSchedule.LINEAR));
        robot.clickOn("#run-choice");
        robot.clickOn((javafx.scene.Node) robot.lookup(n -> n instanceof javafx.scene.control.ListCell<?> cell
                && Choice.QUICK_RUN.label.equals(cell.getText())).query());
        assertEquals(Choice.QUICK_RUN, box.getValue());
        assertEquals("10", text(Field.MINUTES));
        assertEquals(Integer.toString(q.batchSize()), text(Field.BATCH));
        assertEquals(q.schedule(), view.sidebar.scheduleBox.getValue());
        assertTrue(view.sidebar.conditional.isSelected());
        TrainSettings s = org.testfx.util.WaitForAsyncUtils.asyncFx(view.sidebar::settings).get();
        assertEquals(TrainSettings.quickRun(), s, "the form gives back the quick run's settings");
    }

    /** Under the grid, while the form holds the quick run: what its reference run scored, from the bundled curve. */
    @Test
    void theReferenceCurveIsShownWithTheQuickRunOnly(FxRobot robot) {
        Label caption = robot.lookup("#reference-caption").queryAs(Label.class);
        String expected = ReferenceCurve.bundled().caption(-1);
        assertTrue(caption.isVisible());
        assertEquals(expected, caption.getText(), "the tab opens with the quick run");
        assertTrue(caption.getTooltip().getText().contains("quiet 2-core machine"), caption.getTooltip().getText());
        set(robot, Field.BATCH, "32");
        assertFalse(caption.isVisible(), "another batch size: the reference does not apply");
        set(robot, Field.BATCH, "64");
        assertEquals(expected, caption.getText());
        set(robot, Field.MINUTES, "25");
        assertTrue(caption.isVisible(), "a longer budget: the curve goes to 25 minutes");
        robot.interact(() -> view.sidebar.choiceBox.setValue(Choice.FULL));
        assertFalse(caption.isVisible(), "the full settings");
        robot.interact(() -> view.sidebar.choiceBox.setValue(Choice.QUICK_RUN));
        assertTrue(caption.isVisible());
        robot.clickOn("#folder-choice");
        assertFalse(caption.isVisible(), "a folder of images");
    }

    /** The run stops by itself when its budget is spent (nothing here stops it) and saves, as on Stop. */
    @Test
    void aQuickRunWithATinyBudgetStopsByItselfAndSaves(FxRobot robot) throws Exception {
        // the quick run (the tab opens with it), made tiny: each field can still be changed
        set(robot, Field.BASE_CHANNELS, "8");
        set(robot, Field.BATCH, "2");
        set(robot, Field.TIMESTEPS, "50");
        set(robot, Field.MINUTES, "0.02"); // 1.2 s of training
        robot.clickOn("#start-button");
        waitUntil(() -> c.phaseProperty().get() == Phase.FINISHED, "the budget to end the run");
        Path file = c.checkpointFileProperty().get();
        assertTrue(Files.exists(file), "saved");
        assertEquals(file, c.lastSavedProperty().get());
        Checkpoint ck = Checkpoint.load(file);
        long step = ck.header().step();
        assertTrue(step >= 1 && step < TrainSettings.QUICK_RUN_STEP_CAP, "ended by the budget: " + step);
        assertEquals(FashionMnist.CLASSES.size(), ck.header().unet().numClasses(), "class-conditional");
        assertEquals(8, ck.header().unet().baseChannels());
        assertFalse(ck.header().train().flip());
        TrainController.Snapshot snap = c.snapshotProperty().get();
        assertTrue(snap.hasBudget());
        assertEquals(step, snap.step());
        assertEquals(1.0, snap.progress(), "the budget is spent");
        assertEquals(step, snap.previewStep(), "a last grid as the budget ran out");
        assertNotNull(c.previewProperty().get());
        waitUntil(() -> robot.lookup("#train-progress").queryAs(ProgressBar.class).getProgress() == 1.0, "the bar full");
        String progress = robot.lookup("#train-progress-text").queryAs(Label.class).getText();
        assertTrue(progress.startsWith("Done: "), progress);
        double axisEnd = view.dashboard.stepAxis.getUpperBound();
        assertTrue(axisEnd < 1000, "the loss chart spans the steps of the budget, not the cap: " + axisEnd);
        assertTrue(c.infoProperty().get().contains("Saved step " + step), c.infoProperty().get());
    }

    @Test
    void theProgressLineShowsTheTimeBudget() {
        TrainController.Snapshot s = new TrainController.Snapshot(1234, 100_000, 0.05, 0.05, 8.1, 400, 1e-3,
                new double[0], new double[0], new double[0], new double[10], null, -1, 600, 200);
        assertEquals(200.0 / 600, s.progress(), 1e-12, "the share of the budget, not of the step cap");
        TrainController.Snapshot byStepsFirst = new TrainController.Snapshot(40, 40, 0.05, 0.05, 8.1, 400, 1e-3,
                new double[0], new double[0], new double[0], new double[10], null, -1, 600, 5);
        assertEquals(1.0, byStepsFirst.progress(), "a run whose steps end before its budget is done");
        // the loss chart's step axis ends where the budget is expected to end, not at the step cap
        assertEquals(1234 + 8.1 * 400, TrainDashboard.stepAxisEnd(s, 0), 1e-9);
        assertEquals(9000, TrainDashboard.stepAxisEnd(s, 9000), "it never moves back");
        assertEquals(40, TrainDashboard.stepAxisEnd(byStepsFirst, 0), "the step count when that comes first");
        assertEquals("3 min 20 s of 10 min · step 1,234 · 8.1 steps/s · 6 min 40 s left",
                TrainText.progressText(s, Phase.RUNNING));
    }
}
