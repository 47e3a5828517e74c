package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.Trainer;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.PixelPane;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Generate tab with models of each parameterisation (tiny untrained U-Nets): the captions say what
 * the network predicted, the σ² chart shows a learned variance only for a model that learns it, and the
 * equation panel shows the update of the model's parameterisation with the step's numbers.
 */
class GenerateParameterizationTest extends GenerateTabTest {
    private static final int T = 50;

    @Start
    void start(Stage stage) {
        openGenerateTab(stage);
    }

    /** A tiny untrained U-Net (16x16 gray) that predicts {@code p} with variance {@code v}, on a cosine schedule of T steps. */
    static Checkpoint untrained(Prediction p, VarianceType v) {
        int n = 4, side = 16;
        ByteImageDataset data = new ByteImageDataset("blank", new byte[n * side * side], null, n, side, 1, side,
                java.util.List.of());
        return new Trainer(TestModels.TINY.withParameterization(p, v), new GaussianDiffusion(BetaSchedule.COSINE, T), data,
                TrainConfig.defaults(1).withBatch(2)).checkpoint();
    }

    private void load(FxRobot robot, Checkpoint ck) {
        robot.interact(() -> ctx.models().publish(ck, "untrained test model", null));
    }

    private String caption(FxRobot robot, String pane) {
        return robot.lookup("#" + pane).queryAs(PixelPane.class).caption().getText();
    }

    private void generate(FxRobot robot, int steps) {
        robot.interact(() -> c.settings().setSteps(steps));
        robot.clickOn("#generate-button");
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "sampling to finish");
    }

    private static String text(FxRobot robot, String id) {
        TextFlow f = robot.lookup("#" + id).queryAs(TextFlow.class);
        return f.getChildren().stream().map(t -> ((Text) t).getText()).collect(Collectors.joining())
                .replace(EquationPanel.NO_BREAK_SPACE, ' ');
    }

    @Test
    void anX0ModelShowsItsX0AsPredictedAndItsNoiseAsDerived(FxRobot robot) {
        load(robot, untrained(Prediction.START_X, VarianceType.FIXED_LARGE));
        assertTrue(caption(robot, "x0-pane").contains("predicted"), caption(robot, "x0-pane"));
        assertFalse(caption(robot, "x0-pane").contains("derived"), caption(robot, "x0-pane"));
        assertTrue(caption(robot, "eps-pane").contains("derived"), caption(robot, "eps-pane"));
        generate(robot, T);
        assertTrue(caption(robot, "x0-pane").contains("predicted"), "the run's captions: " + caption(robot, "x0-pane"));
        assertTrue(caption(robot, "eps-pane").contains("derived"), caption(robot, "eps-pane"));

        // the equation panel: DDPM's posterior mean μ̃ = c₁ x̂₀ + c₂ xₜ with this step's c₁ and c₂
        robot.interact(() -> view.timeline.setValue(10));
        StepInfo s = c.stepProperty().get();
        assertEquals(Prediction.START_X, s.prediction());
        String formula = text(robot, "equation-formula"), numbers = text(robot, "equation-numbers");
        assertTrue(formula.contains("μ̃ = c₁ · x̂₀ + c₂ · xₜ"), formula);
        assertTrue(numbers.contains("μ̃ = " + EquationPanel.fmt(s.posteriorStartScale()) + " · x̂₀ + "
                + EquationPanel.fmt(s.posteriorInputScale()) + " · xₜ"), numbers);
        // c₁ x̂₀ + c₂ xₜ is Ho et al.'s eq. 7: with x̂₀ = x₀ and xₜ = √ᾱₜ x₀ it gives √ᾱₜ₋₁ x₀ (the noise-free path)
        assertEquals(Math.sqrt(s.alphaBarPrev()), s.posteriorStartScale() + s.posteriorInputScale() * Math.sqrt(s.alphaBar()),
                1e-9);
        String values = robot.lookup("#equation-values").queryAll().stream().flatMap(n -> ((javafx.scene.layout.Pane) n)
                .getChildren().stream()).map(n -> ((Label) n).getText()).collect(Collectors.joining(" | "));
        assertTrue(values.contains("x̂₀ = predicted"), values);
        assertTrue(values.contains("ε̂ = (xₜ − √ᾱₜ x̂₀)/√(1−ᾱₜ)"), values);

        // fixed variance: β and β̃ per step, no learned series
        assertFalse(view.varianceChart.showsLearned());
        assertFalse(view.varianceChart.getData().contains(view.varianceChart.learned));
        assertEquals(T, view.varianceChart.beta.getData().size());
        assertFalse(robot.lookup("#learned-variance-note").query().isVisible());
    }

    @Test
    void anEpsModelWithLearnedVarianceShowsTheLearnedValueWithinItsRange(FxRobot robot) {
        load(robot, untrained(Prediction.EPSILON, VarianceType.LEARNED_RANGE));
        assertTrue(caption(robot, "x0-pane").contains("derived"), caption(robot, "x0-pane"));
        assertTrue(caption(robot, "eps-pane").contains("predicted"), caption(robot, "eps-pane"));
        assertTrue(robot.lookup("#learned-variance-note").query().isVisible());
        assertTrue(robot.lookup("#variance-box").queryAs(ComboBox.class).isDisabled(), "the model chooses its own σ²");
        generate(robot, 20);
        VarianceChart chart = view.varianceChart;
        assertTrue(chart.showsLearned());
        assertEquals(20, chart.learned.getData().size());
        for (int i = 0; i < 20; i++) {
            double l = chart.learned.getData().get(i).getYValue().doubleValue();
            double lo = chart.betaTilde.getData().get(i).getYValue().doubleValue();
            double hi = chart.beta.getData().get(i).getYValue().doubleValue();
            assertTrue(l >= lo - 1e-6 && l <= hi + 1e-6, "step " + (i + 1) + ": log σ² " + l + " in [" + lo + ", " + hi + "]");
        }
        // the values name the learned σ² and its range
        robot.interact(() -> view.timeline.setValue(5));
        StepInfo s = c.stepProperty().get();
        assertTrue(s.learned());
        String values = robot.lookup("#equation-values").queryAll().stream().flatMap(n -> ((javafx.scene.layout.Pane) n)
                .getChildren().stream()).map(n -> ((Label) n).getText()).collect(Collectors.joining(" | "));
        assertTrue(values.contains("σₜ² learned = " + EquationPanel.fmt(s.variance())), values);

        // a fixed-variance model loaded next drops the learned series with its first run
        load(robot, untrained(Prediction.VELOCITY, VarianceType.FIXED_SMALL));
        assertTrue(caption(robot, "x0-pane").contains("derived"), "the shown run is still the ε model's");
        generate(robot, 10);
        assertFalse(chart.showsLearned());
        assertTrue(caption(robot, "x0-pane").contains("derived"), caption(robot, "x0-pane"));
        assertTrue(caption(robot, "eps-pane").contains("derived"), caption(robot, "eps-pane"));
    }

    /**
     * A wrapper that adds {@code shift} to every raw output of the model (so an x_0 model's x̂_0 leaves
     * [−1, 1]) and records each output as the sampler received it.
     */
    private static java.util.function.UnaryOperator<org.ddpmexplorer.diffusion.Denoiser> recording(float shift,
            java.util.List<float[]> outputs) {
        return d -> new org.ddpmexplorer.diffusion.Denoiser() {
            @Override
            public org.nd4j.linalg.api.ndarray.INDArray predictNoise(org.nd4j.linalg.api.ndarray.INDArray x, int[] t, int[] y) {
                throw new IllegalStateException("the sampler asks for the raw output");
            }

            @Override
            public org.nd4j.linalg.api.ndarray.INDArray predict(org.nd4j.linalg.api.ndarray.INDArray x, int[] t, int[] y) {
                org.nd4j.linalg.api.ndarray.INDArray o = d.predict(x, t, y).addi(shift);
                outputs.add(o.dup('c').reshape(-1).toFloatVector());
                return o;
            }

            @Override
            public Prediction prediction() {
                return d.prediction();
            }

            @Override
            public VarianceType varianceType() {
                return d.varianceType();
            }

            @Override
            public double denoisedBound() {
                return d.denoisedBound();
            }
        };
    }

    @Test
    void theX0PanelOfAnX0ModelIsTheRawNetworkOutputNotTheClippedOne(FxRobot robot) {
        load(robot, untrained(Prediction.START_X, VarianceType.FIXED_SMALL));
        java.util.List<float[]> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
        c.setDenoiserWrapper(recording(2f, outputs));
        robot.interact(() -> c.settings().setClip(true));
        generate(robot, 10);
        Trajectory tr = c.trajectoryProperty().get();
        assertEquals(10, outputs.size());
        assertEquals(11, tr.size());
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < 10; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(outputs.get(i), tr.get(i).x0(), "step " + (i + 1));
            for (float v : tr.get(i).x0()) {
                max = Math.max(max, v);
            }
        }
        assertTrue(max > 1, "the sampler clips x̂₀ to [−1, 1]; the panel shows the output before that: max " + max);
        assertTrue(caption(robot, "x0-pane").contains("predicted"), caption(robot, "x0-pane"));
        assertTrue(caption(robot, "eps-pane").contains("derived"), caption(robot, "eps-pane"));
    }

    @Test
    void theNoisePanelOfAnEpsModelIsTheRawNetworkOutputUnderClippedDdim(FxRobot robot) {
        load(robot, untrained(Prediction.EPSILON, VarianceType.FIXED_SMALL));
        java.util.List<float[]> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
        c.setDenoiserWrapper(recording(3f, outputs));
        robot.interact(() -> {
            c.settings().setClip(true);
            c.settings().setKind(org.ddpmexplorer.diffusion.SamplerConfig.Kind.DDIM);
        });
        generate(robot, 10);
        Trajectory tr = c.trajectoryProperty().get();
        assertEquals(10, outputs.size());
        for (int i = 0; i < 10; i++) {
            // DDIM with clipping steps with the ε̂ of the clipped x̂₀; the panel shows what the network said
            org.junit.jupiter.api.Assertions.assertArrayEquals(outputs.get(i), tr.get(i).eps(), "step " + (i + 1));
        }
        assertTrue(caption(robot, "eps-pane").contains("predicted"), caption(robot, "eps-pane"));
        assertTrue(caption(robot, "x0-pane").contains("derived"), caption(robot, "x0-pane"));
    }

    private static String readout(FxRobot robot) {
        return robot.lookup("#variance-readout").queryAs(Label.class).getText();
    }

    @Test
    void theVarianceReadoutNamesTheStepItsVarianceAndWhereALearnedOneLies(FxRobot robot) {
        load(robot, untrained(Prediction.EPSILON, VarianceType.LEARNED_RANGE));
        generate(robot, 20);
        robot.interact(() -> view.timeline.setValue(4));
        StepInfo s = c.stepProperty().get();
        double pct = VarianceChart.learnedPercent(s);
        assertTrue(pct >= 0 && pct <= 100, "learned σ² inside [β˜, β]: " + pct);
        // the percentage is the log-scale position: σ² = β˜^(1−p) β^p
        assertEquals(Math.log(s.variance()), (1 - pct / 100) * Math.log(s.varianceMin()) + pct / 100 * Math.log(s.varianceMax()),
                1e-9);
        String text = readout(robot);
        assertTrue(text.startsWith("t = " + s.t() + " · "), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.2e", s.variance())), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.0f %%", pct)), text);
        assertTrue(robot.lookup("#variance-readout").query().isVisible());

        // a fixed variance: which end is in use, with its value
        load(robot, untrained(Prediction.EPSILON, VarianceType.FIXED_SMALL));
        robot.interact(() -> c.settings().setVariance(org.ddpmexplorer.diffusion.SamplerConfig.Variance.BETA));
        generate(robot, 20);
        robot.interact(() -> view.timeline.setValue(3));
        s = c.stepProperty().get();
        assertEquals("t = " + s.t() + " · σₜ² = βₜ = " + String.format(java.util.Locale.ROOT, "%.2e", s.varianceMax()),
                readout(robot));
        robot.interact(() -> c.settings().setVariance(org.ddpmexplorer.diffusion.SamplerConfig.Variance.POSTERIOR));
        generate(robot, 20);
        robot.interact(() -> view.timeline.setValue(3));
        s = c.stepProperty().get();
        assertEquals("t = " + s.t() + " · σₜ² = β˜ₜ = " + String.format(java.util.Locale.ROOT, "%.2e", s.varianceMin()),
                readout(robot));
        robot.interact(() -> view.timeline.setValue(20));
        assertTrue(readout(robot).startsWith("t = 0: the sample"), readout(robot));
    }
}
