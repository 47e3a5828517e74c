package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.image.Image;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.SharedImage;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Generate tab with a tiny model, headless (Monocle), driven as a user would. */
class GenerateViewTest extends GenerateTabTest {
    /** T = 50 for quick runs; T = 1000 for a run long enough to cancel. */
    private static Checkpoint small, long1000;

    @BeforeAll
    static void models() {
        small = TestModels.tiny(50, 0);
        long1000 = TestModels.tiny(1000, 0);
    }

    @Start
    void start(Stage stage) {
        openGenerateTab(stage);
    }

    private static int[] pixels(FxRobot robot, Image img) {
        return UiTestBench.pixels(robot, img);
    }

    private void load(FxRobot robot, Checkpoint ck) {
        robot.interact(() -> ctx.models().publish(ck, "tiny test model", null));
    }

    @Test
    void withoutAModelTheViewSaysWhatToDoAndGenerateIsDisabled(FxRobot robot) {
        assertTrue(robot.lookup("#empty-state").query().isVisible());
        assertTrue(robot.lookup("#generate-button").queryAs(Button.class).isDisabled());
        robot.interact(c::generate);
        assertTrue(c.errorProperty().get().startsWith("No model loaded"), c.errorProperty().get());
        load(robot, small);
        assertFalse(robot.lookup("#empty-state").query().isVisible());
        assertFalse(robot.lookup("#generate-button").queryAs(Button.class).isDisabled());
    }

    @Test
    void generateProducesAnImageAndTheTimelineScrubsIt(FxRobot robot) {
        load(robot, small);
        robot.interact(() -> c.settings().setSteps(50)); // full DDPM: every t from 50 to 1
        java.util.function.Supplier<String> epsPlaceholder = () -> robot.lookup("#eps-pane .pixel-placeholder")
                .queryAs(javafx.scene.control.Label.class).getText();
        assertEquals("", epsPlaceholder.get(), "nothing to explain before a run");
        robot.clickOn("#generate-button");
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "sampling to finish");
        assertEquals("No ε̂ for the final sample", epsPlaceholder.get());
        Trajectory tr = c.trajectoryProperty().get();
        assertTrue(tr.complete());
        assertEquals(51, tr.size(), "50 steps and the final sample");
        assertEquals(4, tr.n());
        assertNotNull(c.xtImageProperty().get());
        assertTrue(c.stepProperty().get().isFinal());
        int[] sample = pixels(robot, c.xtImageProperty().get());
        // 4 samples of 16x16 as a 2x2 grid with a 1 px gap
        assertEquals(33, (int) c.xtImageProperty().get().getWidth());

        // scrub to the start: pure noise at t = 50, its numbers in the equation panel
        robot.interact(() -> view.timeline.setValue(0));
        assertEquals(0, c.positionProperty().get());
        StepInfo first = c.stepProperty().get();
        assertEquals(50, first.t());
        assertEquals(49, first.tPrev());
        assertFalse(Arrays.equals(sample, pixels(robot, c.xtImageProperty().get())), "x_T differs from the sample");
        String numbers = robot.lookup("#equation-numbers").queryAll().stream().findFirst()
                .map(n -> ((javafx.scene.text.TextFlow) n).getChildren().stream().map(t -> ((Text) t).getText())
                        .reduce("", String::concat)).orElse("");
        assertTrue(numbers.contains(EquationPanel.fmt(first.meanScale())), numbers);
        assertTrue(numbers.contains(EquationPanel.fmt(first.noiseScale())), numbers);
        // the coefficients are Algorithm 2's
        assertEquals(1 / Math.sqrt(1 - first.beta()), first.meanScale(), 1e-12);
        assertEquals(first.beta() / Math.sqrt(1 - first.alphaBar()), first.noiseScale(), 1e-12);

        // the middle, then step and play to the end
        robot.interact(() -> view.timeline.setValue(25));
        assertEquals(25, c.stepProperty().get().t());
        robot.interact(() -> c.stepPosition(1));
        assertEquals(24, c.stepProperty().get().t());
        robot.interact(() -> c.setSpeed(4));
        robot.clickOn("#trajectory-play");
        assertTrue(c.playingProperty().get());
        waitUntil(() -> !c.playingProperty().get(), "playback to reach the end");
        assertEquals(50, c.positionProperty().get());
        assertTrue(Arrays.equals(sample, pixels(robot, c.xtImageProperty().get())), "back at the sample");

        // the chart has a point per step
        assertEquals(51, view.chart.std.getData().size());
        assertEquals(51, view.chart.dist.getData().size());
        assertEquals(0.0, view.chart.dist.getData().get(50).getYValue().doubleValue(), 1e-9);
    }

    @Test
    void theStdCurveIsDrawnWhileSamplingAndTheDistanceOnceTheSampleIsKnown(FxRobot robot) throws Exception {
        load(robot, small);
        robot.interact(() -> c.settings().setSteps(50));
        // a denoiser that takes a live frame's time per call for 10 calls (each step then shows), then holds step 11
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        c.setDenoiserWrapper(d -> (xt, t, classes) -> {
            int k = calls.incrementAndGet();
            try {
                if (k <= 10) {
                    Thread.sleep(1000 / SamplingRun.LIVE_FPS + 5);
                } else if (k == 11) {
                    release.await(60, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return d.predictNoise(xt, t, classes);
        });
        try {
            robot.clickOn("#generate-button");
            waitUntil(() -> calls.get() >= 11 && view.chart.std.getData().size() >= 10, "the live std curve of 10 steps");
            assertTrue(c.runningProperty().get(), "the run is still going");
            assertTrue(view.chart.isVisible(), "the chart shows while sampling");
            assertEquals(10, view.chart.std.getData().size(), "a point per step taken, none ahead");
            assertEquals(0, view.chart.dist.getData().size(), "the distance needs the final sample");
            double first = view.chart.std.getData().get(0).getYValue().doubleValue();
            assertEquals(1.0, first, 0.15, "x_T is pure noise: std about 1");
            assertEquals(0, view.chart.std.getData().get(0).getXValue().intValue());
            assertEquals(9, view.chart.std.getData().get(9).getXValue().intValue());
        } finally {
            release.countDown();
        }
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "sampling to finish");
        assertEquals(51, view.chart.std.getData().size());
        assertEquals(51, view.chart.dist.getData().size(), "the distance curve once the sample is known");
        c.setDenoiserWrapper(java.util.function.UnaryOperator.identity());
    }

    @Test
    void cancelStopsSampling(FxRobot robot) {
        load(robot, long1000);
        robot.interact(() -> {
            c.settings().setSteps(1000);
            c.settings().setSampleCount(16);
        });
        robot.clickOn("#generate-button");
        waitUntil(() -> c.liveFramesProperty().get() > 0, "the first live frame");
        assertTrue(c.runningProperty().get());
        assertTrue(robot.lookup("#cancel-button").query().isVisible());
        robot.clickOn("#cancel-button");
        waitUntil(() -> !c.runningProperty().get(), "sampling to stop");
        Trajectory tr = c.trajectoryProperty().get();
        assertNotNull(tr, "what was sampled stays on the timeline");
        assertFalse(tr.complete());
        assertTrue(tr.size() < 1000, "stopped early: " + tr.size());
        int frames = c.liveFramesProperty().get();
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(frames, c.liveFramesProperty().get(), "no frames after cancel");
    }

    @Test
    void ddimShowsItsOwnUpdate(FxRobot robot) {
        load(robot, small);
        robot.interact(() -> {
            c.settings().setKind(SamplerConfig.Kind.DDIM);
            c.settings().setSteps(10);
            c.settings().setEta(0);
            c.settings().setSampleCount(1);
        });
        robot.clickOn("#generate-button");
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "sampling to finish");
        assertEquals(11, c.trajectoryProperty().get().size());
        robot.interact(() -> c.setPosition(0));
        StepInfo s = c.stepProperty().get();
        assertEquals(50, s.t());
        assertEquals(0, s.sigma(), 0, "η = 0 is deterministic");
        assertEquals(Math.sqrt(1 - s.alphaBarPrev()), s.directionScale(), 1e-12);

        // the kept trajectory exports as a GIF: one frame per step plus the sample, x_t | x̂_0 side by side
        org.ddpmexplorer.ui.common.AnimationExport request = c.animationExport();
        assertEquals(11, request.frames());
        assertTrue(request.hasPredictedStart());
        try {
            java.nio.file.Path gif = java.nio.file.Files.createTempDirectory("gen-gif").resolve("denoising.gif");
            org.ddpmexplorer.io.GifExport.export(request.source().get(), org.ddpmexplorer.io.GifOptions.defaults(2)
                    .withFrames(org.ddpmexplorer.io.GifOptions.FrameSelection.everyK(1)), gif, () -> false, (a, b, w) -> { });
            org.ddpmexplorer.io.GifDecoding d = org.ddpmexplorer.io.GifDecoding.read(gif);
            assertEquals(11, d.frames().size());
            assertTrue(d.loopsForever());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void denoiseFromHereStartsAtTheForwardViewsT(FxRobot robot) {
        load(robot, small);
        assertTrue(robot.lookup("#denoise-button").queryAs(Button.class).isDisabled(), "no image yet");
        float[] px = new float[40 * 30 * 3];
        Arrays.fill(px, 0.5f);
        // the forward view at t = 400 of 1000: 40 % of the way to noise, t = 20 of the model's 50
        robot.interact(() -> ctx.forwardImage().publish(new SharedImage.NoisedImage("grey.png",
                new ImageTensor(30, 40, 3, px), 400, 1000)));
        robot.interact(() -> c.settings().setSteps(50));
        robot.clickOn("#denoise-button");
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "denoising to finish");
        Trajectory tr = c.trajectoryProperty().get();
        assertEquals(20, tr.get(0).info().t());
        assertEquals(21, tr.size(), "steps scaled by t/T: 20, and the sample");
        assertTrue(c.runTitleProperty().get().contains("grey.png"), c.runTitleProperty().get());
    }

    @Test
    void denoiseFromHereSaysWhyWhenThereIsNothingToDenoise(FxRobot robot) {
        load(robot, small);
        robot.interact(() -> ctx.forwardImage().publish(new SharedImage.NoisedImage("x.png",
                new ImageTensor(4, 4, 1, new float[16]), 0, 1000)));
        robot.interact(c::denoiseFromHere);
        assertTrue(c.errorProperty().get().contains("t = 0"), c.errorProperty().get());
        assertFalse(c.runningProperty().get());
        assertNull(c.trajectoryProperty().get());
    }

    @Test
    void settingVerbsClampToWhatTheModelAllows(FxRobot robot) {
        load(robot, small);
        robot.interact(() -> {
            c.settings().setSteps(5000);
            c.settings().setSampleCount(7);
            c.settings().setEta(3);
            c.settings().setGuidance(-2);
            c.settings().setSeed(-5);
        });
        assertEquals(50, c.settings().stepsProperty().get(), "at most T of the model");
        assertEquals(4, c.settings().sampleCountProperty().get(), "1, 4 or 16");
        assertEquals(1, c.settings().etaProperty().get());
        assertEquals(0, c.settings().guidanceProperty().get());
        assertEquals(0, c.settings().seedProperty().get());
        long before = c.settings().seedProperty().get();
        robot.interact(c.settings()::rollSeed);
        robot.interact(c.settings()::rollSeed);
        assertNotEquals(before, c.settings().seedProperty().get(), "the dice draws a seed");
        SamplerConfig cfg = c.settings().config();
        assertEquals(50, cfg.steps());
        assertEquals(1.0, cfg.eta());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConditionalModelOffersAnyEachClassAndNoClass(FxRobot robot) {
        load(robot, TestModels.tiny(50, 3));
        javafx.scene.control.ComboBox<Integer> box = robot.lookup("#class-box").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(java.util.List.of(GenerateSettings.ANY_CLASS, 0, 1, 2, GenerateSettings.NO_CLASS), box.getItems());
        assertEquals("Any class (each in turn)", box.getConverter().toString(box.getValue()));
        javafx.scene.Node guidance = robot.lookup("#guidance-spinner").query();
        assertFalse(guidance.isDisabled());
        robot.interact(() -> box.setValue(GenerateSettings.NO_CLASS));
        assertEquals(GenerateSettings.NO_CLASS, c.settings().classIndexProperty().get());
        assertTrue(guidance.isDisabled(), "w changes nothing without a class");
        robot.interact(() -> box.setValue(1));
        assertEquals(1, c.settings().classIndexProperty().get());
        assertFalse(guidance.isDisabled());
    }

    @Test
    void modelInputPadsTheContentAndConvertsChannels() {
        float[] rgb = new float[8 * 8 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = 1;
            rgb[i + 1] = 1;
            rgb[i + 2] = 1;
        }
        float[] in = GenerateImages.modelInput(new ImageTensor(8, 8, 3, rgb), 8, 1, 6);
        assertEquals(64, in.length);
        assertEquals(-1, in[0], 1e-6, "padding is black");
        assertEquals(1, in[8 + 1], 1e-5, "white content, as luma");
        assertEquals(-1, in[63], 1e-6);
        assertNotEquals(in[0], in[9]);
    }
}
