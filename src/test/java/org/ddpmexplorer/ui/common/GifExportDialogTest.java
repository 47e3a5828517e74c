package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.io.AnimationFrame;
import org.ddpmexplorer.io.AnimationSource;
import org.ddpmexplorer.io.AnimationSources;
import org.ddpmexplorer.io.GifDecoding;
import org.ddpmexplorer.io.GifOptions;
import org.ddpmexplorer.io.ImageTensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The export dialog on Monocle: validation, an export that writes a GIF, a cancel that writes nothing. */
@ExtendWith(ApplicationExtension.class)
class GifExportDialogTest {
    @TempDir
    Path dir;
    private Stage stage;
    private AppContext ctx;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ctx = new AppContext(new TaskExecutor(2), new StatusModel(),
                new RecentFiles(Preferences.userRoot().node("ddpm-explorer-test/gif-dialog")));
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 320, 200));
        stage.show();
    }

    @AfterEach
    void stop() {
        ctx.executor().shutdown();
    }

    private static final GaussianDiffusion D = new GaussianDiffusion(BetaSchedule.COSINE, 100);

    private static AnimationExport forward(int delayPerFrameMs) {
        return forward(delayPerFrameMs, () -> { });
    }

    private static AnimationExport forward(int delayPerFrameMs, Runnable beforeStart) {
        float[] v = new float[16 * 12 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 7) / 3.5f - 1;
        }
        ImageTensor x0 = new ImageTensor(12, 16, 3, v);
        return new AnimationExport("Noising test", "test.gif", 101, 1, false, 16, 12, 4, () -> {
            beforeStart.run();
            AnimationSource s = AnimationSources.forward(D, x0, 1, 100, false);
            if (delayPerFrameMs == 0) {
                return s;
            }
            return new AnimationSource() { // slow: each frame takes a while, so Cancel can catch it
                public int size() {
                    return s.size();
                }

                public int batch() {
                    return 1;
                }

                public boolean hasPredictedStart() {
                    return false;
                }

                public boolean hasNext() {
                    return s.hasNext();
                }

                public AnimationFrame next() {
                    try {
                        Thread.sleep(delayPerFrameMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return s.next();
                }
            };
        });
    }

    private GifExportDialog open(FxRobot robot, AnimationExport request) {
        GifExportDialog[] d = new GifExportDialog[1];
        robot.interact(() -> d[0] = GifExportDialog.show(stage, ctx, request));
        return d[0];
    }

    @Test
    void optionsValidateAndExportWritesTheGif(FxRobot robot) throws Exception {
        GifExportDialog d = open(robot, forward(0));
        Path out = dir.resolve("noising"); // no extension: .gif is added
        Button export = robot.lookup("#gif-export-button").queryButton();
        robot.interact(() -> d.file.setText(dir.resolve("missing/x.gif").toString()));
        assertTrue(export.isDisabled());
        assertTrue(d.problem.getText().contains("does not exist"), d.problem.getText());
        // the forward process has no x̂_0 and one image: only "x_t only" is offered
        assertEquals(List.of(GifOptions.Layout.X_T_ONLY), d.layout.getItems());
        // every k-th frame of 101 with k = 1 is allowed; a zoom that makes frames too large is not
        robot.interact(() -> {
            d.file.setText(out.toString());
            d.scale.getValueFactory().setValue(16);
        });
        assertFalse(export.isDisabled(), d.problem.getText()); // 16 px * 16 = 256: fine
        robot.interact(() -> {
            d.every.fire();
            d.everyK.getValueFactory().setValue(20); // t = 0, 20, ..., 100: 6 frames
            d.delay.getValueFactory().setValue(30);
            d.hold.getValueFactory().setValue(500);
            d.scale.getValueFactory().setValue(2);
            d.caption.setSelected(false);
        });
        assertTrue(d.summary.getText().startsWith("6 frames"), d.summary.getText());
        // typed nonsense in a spinner keeps the last valid value
        robot.interact(() -> {
            d.delay.getEditor().setText("abc");
            GifExportDialog.commit(d.delay);
        });
        assertEquals(30, d.delay.getValue());
        robot.clickOn("#gif-export-button");
        Path gif = dir.resolve("noising.gif");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !d.dialog().isShowing());
        GifDecoding g = GifDecoding.read(gif);
        assertEquals(6, g.frames().size());
        assertEquals(List.of(3, 3, 3, 3, 3, 53), g.delaysCs());
        assertEquals(32, g.frames().get(0).getWidth());
        assertEquals(24, g.frames().get(0).getHeight());
        assertTrue(g.loopsForever());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ctx.status().messageProperty().get().startsWith("Exported noising.gif: 6 frames"),
                ctx.status().messageProperty().get());
    }

    @Test
    void cancelStopsTheExportAndLeavesNoFile(FxRobot robot) throws Exception {
        GifExportDialog d = open(robot, forward(40)); // 101 frames x 40 ms: 4 s
        Path out = dir.resolve("cancelled.gif");
        robot.interact(() -> d.file.setText(out.toString()));
        robot.clickOn("#gif-export-button");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> d.progress.getProgress() > 0.05);
        assertTrue(d.runningProperty().get());
        robot.clickOn("#gif-cancel-button");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !d.dialog().isShowing());
        assertFalse(d.runningProperty().get());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no GIF and no temporary file");
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ctx.status().messageProperty().get().contains("cancelled"), ctx.status().messageProperty().get());
    }

    @Test
    void aFailedWriteIsShownInTheDialog(FxRobot robot) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("gone"));
        // the folder disappears between the dialog's check and the write
        GifExportDialog d = open(robot, forward(0, () -> {
            try {
                Files.delete(folder);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        robot.interact(() -> d.file.setText(folder.resolve("x.gif").toString()));
        robot.clickOn("#gif-export-button");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> d.problem.getText().contains("x.gif"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(d.dialog().isShowing());
        assertFalse(d.runningProperty().get());
        assertTrue(d.problem.isVisible() && d.problem.getText().startsWith("Cannot write"), d.problem.getText());
        robot.interact(() -> d.dialog().close());
    }
}
