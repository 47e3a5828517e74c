package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.nn.MlpDenoiser;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Compare section's choices, driven through its controls after a short training run. */
class PlaneCompareTest extends PlaneTabTest {
    @Start
    void start(Stage stage) {
        openPlane(stage);
    }

    private void choose(FxRobot robot, PlaneCompare.What what) {
        clickInSidebar(robot, "#compare-what");
        robot.clickOn(what.label);
        assertEquals(what, c.compare.what.get());
    }

    @Test
    void oneShotJumpsFromTheSameXtToTheNetworksPredictionInOneStep(FxRobot robot) {
        trainBriefly(robot, 40);
        clickInSidebar(robot, "#compare-toggle");
        choose(robot, PlaneCompare.What.ONE_SHOT);
        waitUntil(() -> c.compare.b.sampling.trajectoryProperty().get() != null, "the one-shot side");
        Trajectory walk = c.sampling.trajectoryProperty().get(), shot = c.compare.b.sampling.trajectoryProperty().get();
        GaussianDiffusion d = c.diffusionProperty().get();
        int T = d.timesteps();
        assertArrayEquals(new int[] {T, 0}, shot.ts(), "one step: x_T, then x̂_0");
        assertArrayEquals(walk.x()[0], shot.x()[0], "the same x_T on both sides");
        // x̂_0 = (x_T − √(1-ᾱ_T) ε̂)/√ᾱ_T of the model's ε̂ at x_T
        float[] xT = walk.x()[0];
        float[] eps = ((MlpDenoiser) c.training.modelProperty().get().denoiser()).predictNoise(xT, T);
        float[] x0 = shot.x()[1];
        for (int i = 0; i < 20; i++) {
            double want = (xT[i] - d.sqrtOneMinusAlphaBar(T) * eps[i]) / d.sqrtAlphaBar(T);
            assertEquals(want, x0[i], 1e-3 * Math.max(1, Math.abs(want)), "x̂_0 of value " + i);
        }
        assertTrue(walk.states() > 2, "the other side walks every step: " + walk.states());

        // captions say which is which; the forward view says why it has no comparison
        robot.interact(view::requestRedraw);
        waitUntil(() -> view.plots.comparing(), "the second plot");
        robot.interact(() -> c.mode.set(PlaneController.Mode.FORWARD));
        waitUntil(() -> view.plots.sameNote.isVisible(), "the note over the second plot");
        assertTrue(view.plots.sameNote.getText().contains("same"), view.plots.sameNote.getText());
        robot.interact(() -> c.mode.set(PlaneController.Mode.REVERSE));
        waitUntil(() -> !view.plots.sameNote.isVisible(), "no note in the reverse view");
        assertTrue(c.main.caption().get().startsWith("Iterative"), c.main.caption().get());
        assertTrue(c.compare.side.caption().get().startsWith("One shot"), c.compare.side.caption().get());
        assertTrue(robot.lookup("#compare-note").queryLabeled().getText().contains("x̂₀ = (x_T − √(1−ᾱ_T) ε̂)/√ᾱ_T"));

        // at t = 0 the one-shot plot says how many of its points the jump put beyond the plot: with the
        // cosine schedule's tiny √ᾱ_T, most
        int off = OneShot.offPlot(x0);
        assertTrue(off > x0.length / 4, "√ᾱ_T = " + d.sqrtAlphaBar(T) + ": " + off + " points off the plot");
        robot.interact(() -> {
            c.timeline.t.set(0);
            view.requestRedraw();
        });
        String want = String.format(java.util.Locale.ROOT, "%,d of %,d points off the plot", off, x0.length / 2);
        waitUntil(() -> String.join(" ", view.plots.plotB.captionLines()).contains(want), "the count in the caption: " + want);
    }

    @Test
    void linearVsCosineComparesTheForwardProcessAndTheFieldToo(FxRobot robot) {
        trainBriefly(robot, 20);
        clickInSidebar(robot, "#compare-toggle");
        choose(robot, PlaneCompare.What.SCHEDULE);
        // turned on after training: the second model trains now; a short run will do
        waitUntil(() -> c.compare.b.training.progressProperty().get() != null
                && c.compare.b.training.progressProperty().get().step() >= 20, "the second model training");
        robot.interact(c::stop);
        waitUntil(() -> c.compare.b.training.modelProperty().get() != null, "the second model (linear)");
        assertEquals(BetaSchedule.LINEAR, c.compare.b.diffusion().schedule());

        robot.clickOn("#mode-forward");
        int T = c.timeline.timesteps.get();
        robot.interact(() -> c.timeline.t.set(T / 2));
        waitUntil(() -> c.density.get(T / 2) != null && c.compare.b.density.get(T / 2) != null, "both densities");
        assertFalse(view.plots.sameNote.isVisible(), "the forward processes differ: no note");
        int[] a = pixels(robot, view.plot), b = pixels(robot, view.plotB);
        assertTrue(changed(a, b) > 2000, "cosine and linear noise the data differently at t = T/2: " + changed(a, b));

        robot.clickOn("#mode-field");
        robot.clickOn("#show-exact");
        waitUntil(() -> c.compare.b.modelField.get(T / 2) != null && c.compare.b.exactField.get(T / 2) != null,
                "the second model's field and its exact field");
        assertFalse(view.plots.sameNote.isVisible());
        assertTrue(changed(pixels(robot, view.plot), pixels(robot, view.plotB)) > 500, "two fields");

        // DDPM vs DDIM: one model, so the field view says why both sides are the same
        choose(robot, PlaneCompare.What.SAMPLER);
        robot.interact(view::requestRedraw);
        waitUntil(() -> view.plots.sameNote.isVisible(), "the note");
        assertTrue(view.plots.sameNote.getText().contains("same model"), view.plots.sameNote.getText());
    }

    @Test
    void epsVsX0VsMeanTrainsThreeModelsOnTheSameDataSideBySide(FxRobot robot) {
        waitForData();
        clickInSidebar(robot, "#compare-toggle");
        choose(robot, PlaneCompare.What.PREDICTION);
        assertEquals(CompareControls.PREDICTION_NOTE, robot.lookup("#compare-note").queryLabeled().getText());
        trainBriefly(robot, 20);
        waitUntil(() -> c.compare.b.training.modelProperty().get() != null && c.compare.third.training.modelProperty().get() != null,
                "the x₀ and μ models");
        var main = c.training.modelProperty().get();
        var x0 = c.compare.b.training.modelProperty().get();
        var mean = c.compare.third.training.modelProperty().get();
        assertEquals(Prediction.EPSILON, main.denoiser().prediction());
        assertEquals(Prediction.START_X, x0.denoiser().prediction());
        assertEquals(Prediction.PREVIOUS_X, mean.denoiser().prediction());
        assertTrue(main.data() == x0.data() && x0.data() == mean.data(), "the same data");
        waitUntil(() -> view.plots.plotC.getParent().isVisible() && c.compare.third.sampling.trajectoryProperty().get() != null
                && c.compare.b.sampling.trajectoryProperty().get() != null,
                "the third plot's samples");
        assertEquals("Predicts x₀", c.compare.side.caption().get());
        assertEquals("Predicts μ", c.compare.third.side.caption().get());
        assertArrayEquals(c.compare.b.sampling.trajectoryProperty().get().x()[0], c.compare.third.sampling.trajectoryProperty().get().x()[0],
                "the same x_T");
        assertTrue(changed(pixels(robot, view.plotB), pixels(robot, view.plots.plotC)) > 200, "two different models drawn");

        // fixed vs learned variance: the second model learns its variance, the third plot goes
        choose(robot, PlaneCompare.What.VARIANCE);
        waitUntil(() -> c.compare.b.training.progressProperty().get() != null
                && c.compare.b.training.progressProperty().get().step() >= 10, "the learned-variance model training");
        robot.interact(c::stop);
        waitUntil(() -> c.compare.b.training.modelProperty().get() != null, "the learned-variance model");
        assertEquals(VarianceType.LEARNED_RANGE, c.compare.b.training.modelProperty().get().denoiser().varianceType());
        assertEquals("σ² learned", c.compare.side.caption().get());
        robot.interact(view::requestRedraw);
        waitUntil(() -> !view.plots.plotC.getParent().isVisible(), "two plots");
    }
}
