package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** What the window says while a model loads: a first start also prepares the engine. */
@ExtendWith(ApplicationExtension.class)
class ModelStoreTest {
    @TempDir
    Path dir;

    private void loadAndCheck(FxRobot robot, boolean engineReady, String expected) throws Exception {
        Path file = dir.resolve("m.ckpt");
        TestModels.tiny(20, 0).save(file);
        TaskExecutor ex = new TaskExecutor(1);
        ex.hold(); // the load waits, so its message can be read
        StatusModel status = new StatusModel();
        ModelStore store = new ModelStore(ex, status, () -> engineReady);
        robot.interact(() -> store.open(file));
        assertTrue(store.loadingProperty().get());
        assertTrue(store.loadingTextProperty().get().startsWith(expected), store.loadingTextProperty().get());
        assertTrue(status.messageProperty().get().startsWith(engineReady ? "Loading m.ckpt…" : expected),
                status.messageProperty().get());
        ex.release();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> store.get() != null);
        assertFalse(store.loadingProperty().get());
        assertEquals("m.ckpt", store.get().source());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(status.messageProperty().get().startsWith("Loaded m.ckpt: "), status.messageProperty().get());
        ex.shutdown();
    }

    @Test
    void theBundledModelIsNamedAsSuchInTheStatusBar(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.ddpmexplorer.train.Models.hasPretrained(), "a build with the bundled model");
        TaskExecutor ex = new TaskExecutor(1);
        StatusModel status = new StatusModel();
        ModelStore store = new ModelStore(ex, status, () -> true);
        robot.interact(store::loadPretrained);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> store.get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(status.messageProperty().get().startsWith("Loaded the bundled pretrained model: fashion-mnist-train"),
                status.messageProperty().get());
        ex.shutdown();
    }

    @Test
    void aFirstStartSaysTheEngineIsBeingPrepared(FxRobot robot) throws Exception {
        loadAndCheck(robot, false, "Preparing the engine (first start only");
    }

    @Test
    void laterStartsSayTheModelIsLoading(FxRobot robot) throws Exception {
        loadAndCheck(robot, true, "Loading the model");
    }
}
