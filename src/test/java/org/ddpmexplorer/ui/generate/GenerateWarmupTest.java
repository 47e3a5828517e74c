package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.SamplingWarmup;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.TestModels;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Generate tab warms its sampling path up when a model is loaded: on a worker thread, at the
 * tab's batch, cancelled by a press of Generate and by closing the window.
 */
class GenerateWarmupTest extends GenerateTabTest {
    private static Checkpoint small;
    /** Per warm-up call: whether it ran on the FX thread, its thread's name, its batch. */
    private final List<Boolean> onFx = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<Long> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void models() {
        small = TestModels.tiny(50, 0);
    }

    @Start
    void start(Stage stage) {
        openGenerateTab(stage);
    }

    /** Records every warm-up call; the {@code holdAt}-th waits for the latch (0: none waits). */
    private CountDownLatch recordWarmup(int holdAt) {
        CountDownLatch release = new CountDownLatch(1);
        c.denoisers().setWarmupWrapper(d -> (xt, t, classes) -> {
            onFx.add(Platform.isFxApplicationThread());
            threads.add(Thread.currentThread().getName());
            batches.add(xt.size(0));
            if (calls.incrementAndGet() == holdAt) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return d.predict(xt, t, classes);
        });
        return release;
    }

    private WarmDenoiser.Warmup load(FxRobot robot) {
        robot.interact(() -> ctx.models().publish(small, "tiny test model", null));
        WarmDenoiser.Warmup w = c.denoisers().current();
        assertNotNull(w, "loading a model starts a warm-up");
        return w;
    }

    private static int stepsOf(WarmDenoiser.Warmup w) throws Exception {
        return w.steps.get(90, TimeUnit.SECONDS);
    }

    @Test
    void loadingAModelWarmsItUpOnAWorkerAtTheTabsBatch(FxRobot robot) throws Exception {
        recordWarmup(0);
        WarmDenoiser.Warmup w = load(robot);
        assertEquals(SamplingWarmup.DEFAULT_STEPS, stepsOf(w));
        assertEquals(SamplingWarmup.DEFAULT_STEPS, calls.get());
        assertFalse(onFx.contains(true), "never on the FX thread");
        assertTrue(threads.stream().allMatch(n -> n.startsWith("ddpm-worker-")), threads.toString());
        assertTrue(batches.stream().allMatch(b -> b == c.settings().sampleCountProperty().get()), batches.toString());
        // the run uses the denoiser the warm-up built
        assertSame(c.denoisers().get(small), c.denoisers().get(small));
    }

    @Test
    void closingTheWindowCancelsTheWarmUp(FxRobot robot) throws Exception {
        CountDownLatch release = recordWarmup(2);
        WarmDenoiser.Warmup w = load(robot);
        try {
            waitUntil(() -> calls.get() >= 2, "the warm-up's second step");
            robot.interact(c::dispose); // what closing the window does to the tab
        } finally {
            release.countDown();
        }
        assertEquals(2, stepsOf(w), "the step under way finishes, no other starts");
        assertEquals(2, calls.get());
        assertTrue(w.cancelled.get());
    }

    @Test
    void aPressOfGenerateCancelsTheWarmUpAndItsRunCompletes(FxRobot robot) throws Exception {
        CountDownLatch release = recordWarmup(2);
        WarmDenoiser.Warmup w = load(robot);
        try {
            waitUntil(() -> calls.get() >= 2, "the warm-up's second step");
            robot.interact(() -> {
                c.settings().setSteps(10);
                c.generate();
            });
        } finally {
            release.countDown();
        }
        assertEquals(2, stepsOf(w));
        waitUntil(() -> !c.runningProperty().get() && c.trajectoryProperty().get() != null, "the run to finish");
        assertTrue(c.trajectoryProperty().get().complete());
        assertEquals(2, calls.get(), "the run's steps do not go through the warm-up");
    }

    @Test
    void anotherModelCancelsTheWarmUpOfThePreviousOne(FxRobot robot) throws Exception {
        CountDownLatch release = recordWarmup(1);
        WarmDenoiser.Warmup first = load(robot);
        Checkpoint other = TestModels.tiny(20, 0);
        WarmDenoiser.Warmup second;
        try {
            waitUntil(() -> calls.get() >= 1, "the first warm-up's first step");
            robot.interact(() -> ctx.models().publish(other, "another tiny model", null));
            second = c.denoisers().current();
        } finally {
            release.countDown();
        }
        assertEquals(1, stepsOf(first));
        assertEquals(SamplingWarmup.DEFAULT_STEPS, stepsOf(second));
    }
}
