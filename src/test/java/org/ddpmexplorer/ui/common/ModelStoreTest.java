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
    void aDamagedOrHostileFileIsRefusedWithItsReasonAndTheLoadedModelStays(FxRobot robot) throws Exception {
        Path good = dir.resolve("good.ckpt");
        TestModels.tiny(20, 0).save(good);
        byte[] bytes = java.nio.file.Files.readAllBytes(good);
        // bit rot in the middle of the weights
        byte[] rotten = bytes.clone();
        rotten[bytes.length / 2] ^= 0x10;
        Path rot = java.nio.file.Files.write(dir.resolve("rot.ckpt"), rotten);
        // a few hundred bytes whose header asks for a network of a million base channels
        Path huge = dir.resolve("huge.ckpt");
        try (var zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(huge));
             var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            in.getNextEntry();
            String header = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"baseChannels\" : 8", "\"baseChannels\" : 1000000");
            zip.putNextEntry(new java.util.zip.ZipEntry("header.json"));
            zip.write(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        TaskExecutor ex = new TaskExecutor(1);
        StatusModel status = new StatusModel();
        ModelStore store = new ModelStore(ex, status, () -> true);
        robot.interact(() -> store.open(good));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> store.get() != null);
        ModelStore.LoadedModel loaded = store.get();
        for (var c : java.util.List.of(java.util.Map.entry(rot, " is damaged: "),
                java.util.Map.entry(huge, "base channels 1000000 is outside"))) {
            var done = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<ModelStore.LoadedModel>>();
            robot.interact(() -> done.set(store.open(c.getKey())));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> done.get().isDone());
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(done.get().isCompletedExceptionally());
            String error = store.errorProperty().get();
            assertTrue(error != null && error.contains(c.getKey().toString()) && error.contains(c.getValue()), error);
            assertTrue(status.messageProperty().get().startsWith("Cannot load the model: " + c.getKey()),
                    status.messageProperty().get());
            assertFalse(store.loadingProperty().get());
            assertTrue(store.get() == loaded, "the model loaded before stays");
        }
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
