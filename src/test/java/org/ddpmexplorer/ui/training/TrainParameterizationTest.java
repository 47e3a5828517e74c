package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.ui.common.ParameterizationText;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.ddpmexplorer.ui.training.TrainForm.Field;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Train tab's choice of prediction and variance: explained, passed to the run, locked while it runs, named after. */
class TrainParameterizationTest extends TrainTabTest {
    @Start
    void start(Stage stage) {
        openTrainTab(stage);
    }

    @Test
    void theChosenPredictionAndVarianceAreTrainedAndNamed(FxRobot robot) throws Exception {
        ComboBox<Prediction> prediction = view.sidebar.parameterization.prediction;
        ComboBox<VarianceType> variance = view.sidebar.parameterization.variance;
        assertEquals(Prediction.START_X, prediction.getValue(), "the quick run (the tab opens with it) predicts x₀");
        assertEquals("Loss ‖x₀ − x̂₀‖²", view.dashboard.lossChart.getTitle());
        chooseFull(robot);
        assertEquals(Prediction.EPSILON, prediction.getValue(), "the full settings: ε, as the papers");
        assertEquals(VarianceType.FIXED_LARGE, variance.getValue());
        assertEquals(ParameterizationText.explain(Prediction.EPSILON), prediction.getTooltip().getText());
        assertEquals("Loss ‖ε − ε̂‖²", view.dashboard.lossChart.getTitle());

        Path images = TestModels.imageFolder(dir.resolve("images"), 8, 40);
        robot.clickOn("#folder-choice");
        robot.interact(() -> c.data().chooseFolder(images));
        waitUntil(() -> "8 images".equals(c.data().folderInfoProperty().get()), "the folder check");
        robot.interact(() -> {
            view.sidebar.fields.get(Field.STEPS).setText("3");
            view.sidebar.fields.get(Field.BATCH).setText("2");
            view.sidebar.fields.get(Field.BASE_CHANNELS).setText("8");
            view.sidebar.fields.get(Field.TIMESTEPS).setText("20");
            view.sidebar.fields.get(Field.PREVIEW_EVERY).setText("100");
            prediction.setValue(Prediction.START_X);
            variance.setValue(VarianceType.LEARNED_RANGE);
        });
        // each choice explains itself
        assertEquals(ParameterizationText.explain(Prediction.START_X), prediction.getTooltip().getText());
        assertEquals(ParameterizationText.explain(VarianceType.LEARNED_RANGE), variance.getTooltip().getText());
        assertEquals("Loss ‖x₀ − x̂₀‖² + λ L_vlb", view.dashboard.lossChart.getTitle());
        assertEquals(Prediction.START_X, view.sidebar.settings().prediction());
        assertEquals(VarianceType.LEARNED_RANGE, view.sidebar.settings().variance());

        robot.clickOn("#start-button");
        assertTrue(prediction.isDisabled() && variance.isDisabled(), "locked while the run is on");
        waitUntil(() -> c.phaseProperty().get() == Phase.FINISHED || c.phaseProperty().get() == Phase.FAILED, "the run to end");
        assertEquals(Phase.FINISHED, c.phaseProperty().get(), String.valueOf(c.errorProperty().get()));
        waitUntil(() -> ctx.models().get() != null, "the trained model to be published");
        UNetConfig u = ctx.models().get().checkpoint().header().unet();
        assertEquals(Prediction.START_X, u.prediction());
        assertEquals(VarianceType.LEARNED_RANGE, u.variance());
        assertEquals(2, u.outputChannels(), "a learned variance doubles the output channels");
        assertTrue(c.infoProperty().get().contains("predicts x₀ · σ² learned"), c.infoProperty().get());
        assertTrue(ctx.models().get().summary().endsWith("predicts x₀ · σ² learned"), ctx.models().get().summary());
        assertFalse(prediction.isDisabled(), "free again after the run");
        assertNotNull(ctx.models().get().file());
    }
}
