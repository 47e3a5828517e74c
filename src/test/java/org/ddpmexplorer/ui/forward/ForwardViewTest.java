package org.ddpmexplorer.ui.forward;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.ui.common.RecentFiles;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The forward view, headless (Monocle), driven like a user would. */
@ExtendWith(ApplicationExtension.class)
class ForwardViewTest {
    private UiTestBench bench;
    private ForwardController c;
    private ForwardView view;
    private RecentFiles recent;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        bench = new UiTestBench();
        recent = bench.recentFiles;
        c = new ForwardController(bench.ctx);
        view = new ForwardView(c, bench.ctx);
        bench.show(stage, view, c::dispose);
        c.loadSample("astronaut.png");
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    private void waitForImage() {
        waitUntil(() -> c.xtImageProperty().get() != null && c.framesProperty().get() > 0, "the first frame");
    }

    /** The pixels of an image, read on the FX thread. */
    private static int[] pixels(FxRobot robot, Image img) {
        return UiTestBench.pixels(robot, img);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** Waits until the frame for the current state is on screen. */
    private void settle(FxRobot robot) {
        int[] before = {-1};
        waitUntil(() -> {
            int f = c.framesProperty().get();
            boolean same = f == before[0];
            before[0] = f;
            if (!same) {
                sleep(150);
            }
            return same && c.readoutsProperty().get().t() == c.tProperty().get()
                    && !Double.isNaN(c.readoutsProperty().get().psnr());
        }, "rendering to settle");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void draggingTheSliderRedrawsTheImageAndTheReadouts(FxRobot robot) {
        waitForImage();
        settle(robot);
        int t0 = c.tProperty().get();
        int[] before = pixels(robot, c.xtImageProperty().get());
        String alphaBefore = text(robot, "#readout-");
        String psnrBefore = text(robot, "#readout-PSNR");
        Node thumb = robot.lookup("#t-slider .thumb").query();
        robot.drag(thumb, MouseButton.PRIMARY).moveBy(220, 0).drop();
        waitUntil(() -> c.tProperty().get() > t0 + 50, "t to follow the slider");
        settle(robot);
        int[] after = pixels(robot, c.xtImageProperty().get());
        assertEquals(before.length, after.length);
        int changed = 0;
        for (int i = 0; i < after.length; i++) {
            if (after[i] != before[i]) {
                changed++;
            }
        }
        assertTrue(changed > after.length / 2, "most pixels change: " + changed + " of " + after.length);
        assertNotEquals(alphaBefore, text(robot, "#readout-"));
        assertNotEquals(psnrBefore, text(robot, "#readout-PSNR"));
        assertTrue(text(robot, "#t-label").startsWith("t = " + c.tProperty().get() + " / 1000"));
        // more noise, lower PSNR
        Readouts r = c.readoutsProperty().get();
        assertTrue(r.alphaBar() < 0.5, "ᾱ fell: " + r.alphaBar());
    }

    @Test
    void switchingTheScheduleRedrawsTheChart(FxRobot robot) {
        waitForImage();
        settle(robot);
        WritableImage before = snapshot(robot, view.chart);
        int draws = view.chart.drawCount();
        int[] xtBefore = pixels(robot, c.xtImageProperty().get());
        robot.clickOn("#schedule-box");
        // the combo box's item, not the chart legend's "Cosine"
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(org.testfx.matcher.control.LabeledMatchers.hasText("Cosine"))
                .queryAs(Node.class));
        waitUntil(() -> c.scheduleProperty().get() == BetaSchedule.COSINE, "the schedule to change");
        settle(robot);
        assertEquals(BetaSchedule.COSINE, view.chart.selected());
        assertTrue(view.chart.drawCount() > draws, "the chart was redrawn");
        int[] a = pixels(robot, before), b = pixels(robot, snapshot(robot, view.chart));
        int changed = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                changed++;
            }
        }
        assertTrue(changed > 500, "the chart's pixels changed: " + changed);
        // and the image: at t = 250 cosine keeps much more of the signal than linear
        int[] xtAfter = pixels(robot, c.xtImageProperty().get());
        assertFalse(java.util.Arrays.equals(xtBefore, xtAfter));
        assertTrue(c.readoutsProperty().get().alphaBar() > 0.8);
        // T changes redraw it too
        int d2 = view.chart.drawCount();
        robot.interact(() -> c.setTimesteps(200));
        assertTrue(view.chart.drawCount() > d2);
        assertEquals(200, (int) view.slider.getMax());
    }

    private static WritableImage snapshot(FxRobot robot, Node n) {
        AtomicReference<WritableImage> img = new AtomicReference<>();
        robot.interact(() -> img.set(n.snapshot(null, null)));
        return img.get();
    }

    private DragEvent drop(Path file) {
        Dragboard db = mock(Dragboard.class);
        when(db.hasFiles()).thenReturn(true);
        when(db.getFiles()).thenReturn(List.of(file.toFile()));
        return new DragEvent(view.imageStage, view.imageStage, DragEvent.DRAG_DROPPED, db, 100, 100, 100, 100,
                TransferMode.COPY, null, null, null);
    }

    @Test
    void droppingAFileLoadsIt(FxRobot robot) throws Exception {
        waitForImage();
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, 0x00ff00);
            }
        }
        File f = dir.resolve("green.png").toFile();
        ImageIO.write(img, "png", f);
        DragEvent e = drop(f.toPath());
        robot.interact(() -> Event.fireEvent(view.imageStage, e));
        waitUntil(() -> c.imageProperty().get() != null && c.imageProperty().get().name().equals("green.png"), "the dropped image");
        settle(robot);
        assertEquals(40, c.x0Property().get().width());
        assertEquals(30, c.x0Property().get().height());
        assertEquals(40, (int) c.xtImageProperty().get().getWidth());
        assertEquals(f.toPath().toAbsolutePath(), recent.files().get(0), "remembered in recent files");
        assertNull(c.errorProperty().get());
    }

    @Test
    void aBadDropShowsAMessageAndKeepsThePreviousImage(FxRobot robot) throws Exception {
        waitForImage();
        var previous = c.imageProperty().get();
        Path bad = Files.writeString(dir.resolve("broken.jpg"), "not a jpeg at all");
        robot.interact(() -> Event.fireEvent(view.imageStage, drop(bad)));
        waitUntil(() -> c.errorProperty().get() != null, "the error");
        assertTrue(c.errorProperty().get().contains("broken.jpg"), c.errorProperty().get());
        assertTrue(robot.lookup("#error-message").query().isVisible());
        assertTrue(c.imageProperty().get() == previous, "the previous image stays");
        assertTrue(recent.files().isEmpty());
    }

    @Test
    void keyboardStepsAndJumps(FxRobot robot) {
        waitForImage();
        robot.clickOn("#image-stage");
        int t = c.tProperty().get();
        robot.type(KeyCode.RIGHT);
        assertEquals(t + 1, c.tProperty().get());
        robot.type(KeyCode.LEFT, 3);
        assertEquals(t - 2, c.tProperty().get());
        robot.type(KeyCode.END);
        assertEquals(1000, c.tProperty().get());
        robot.type(KeyCode.HOME);
        assertEquals(0, c.tProperty().get());
        settle(robot);
        assertEquals(Double.POSITIVE_INFINITY, c.readoutsProperty().get().psnr(), "t = 0 is the clean image");
        assertEquals("∞ dB", text(robot, "#readout-PSNR"));
        long seed = c.seedProperty().get();
        robot.type(KeyCode.N);
        assertEquals(seed + 1, c.seedProperty().get());
    }

    @Test
    void playAnimatesTAndPauseStopsIt(FxRobot robot) {
        waitForImage();
        robot.interact(() -> c.setT(0));
        robot.clickOn("#play-button");
        waitUntil(() -> c.tProperty().get() > 30, "t to advance");
        assertTrue(c.playingProperty().get());
        robot.clickOn("#play-button");
        assertFalse(c.playingProperty().get());
        int t = c.tProperty().get();
        sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(t, c.tProperty().get(), "paused");
    }

    @Test
    void newNoiseChangesXtButTheSameSeedGivesTheSameXt(FxRobot robot) {
        waitForImage();
        settle(robot);
        int[] a = pixels(robot, c.xtImageProperty().get());
        robot.clickOn("#resample-button");
        settle(robot);
        int[] b = pixels(robot, c.xtImageProperty().get());
        assertFalse(java.util.Arrays.equals(a, b), "new noise");
        robot.interact(() -> c.setSeed(c.seedProperty().get() - 1));
        settle(robot);
        assertTrue(java.util.Arrays.equals(a, pixels(robot, c.xtImageProperty().get())), "repeatable");
    }

    @Test
    void theIterativeChainHasTheClosedFormsStatistics(FxRobot robot) {
        waitForImage();
        toggle(robot, "#chain-switch");
        assertTrue(c.iterativeProperty().get());
        for (int t : new int[] {100, 400, 37}) {
            robot.interact(() -> c.setT(t));
            settle(robot);
            Readouts r = c.readoutsProperty().get();
            assertEquals(t, r.t());
            // 196k noise values: the measured std is within 1% of √(1-ᾱ_t)
            assertEquals(r.sqrtOneMinus(), r.noiseStd(), 0.01 * r.sqrtOneMinus(), "noise σ at t=" + t);
        }
    }

    @Test
    void compareShowsThatLinearDestroysTheImageEarlier(FxRobot robot) {
        waitForImage();
        robot.interact(() -> c.setT(300));
        toggle(robot, "#compare-switch");
        waitUntil(() -> c.linearImageProperty().get() != null && c.cosineImageProperty().get() != null, "both images");
        settle(robot);
        assertTrue(robot.lookup("#compare-view").query().isVisible());
        int[] x0 = pixels(robot, c.x0ImageProperty().get());
        double lin = mse(x0, pixels(robot, c.linearImageProperty().get()));
        double cos = mse(x0, pixels(robot, c.cosineImageProperty().get()));
        assertTrue(lin > 2 * cos, "linear is noisier at t=300: MSE " + lin + " vs " + cos);
    }

    /** Flips a switch of the side panel (which may be scrolled out of sight on the small test screen). */
    private static void toggle(FxRobot robot, String id) {
        atlantafx.base.controls.ToggleSwitch s = robot.lookup(id).queryAs(atlantafx.base.controls.ToggleSwitch.class);
        robot.interact(() -> s.setSelected(!s.isSelected()));
    }

    private static double mse(int[] a, int[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int sh = 0; sh <= 16; sh += 8) {
                double d = ((a[i] >> sh) & 0xff) - ((b[i] >> sh) & 0xff);
                s += d * d;
            }
        }
        return s / (3.0 * a.length);
    }

    @Test
    void rapidScrubbingIsCoalesced(FxRobot robot) {
        waitForImage();
        settle(robot);
        int frames = c.framesProperty().get();
        robot.interact(() -> {
            for (int t = 1; t <= 1000; t++) {
                c.setT(t);
            }
        });
        settle(robot);
        assertEquals(1000, c.readoutsProperty().get().t());
        int drawn = c.framesProperty().get() - frames;
        assertTrue(drawn >= 1 && drawn < 100, "1000 slider steps drew " + drawn + " frames");
    }

    @Test
    void workingSizeChangesTheResolution(FxRobot robot) {
        waitForImage();
        robot.interact(() -> c.setWorkingSize(64));
        waitUntil(() -> c.x0Property().get().width() == 64, "x0 at 64 px");
        settle(robot);
        assertEquals(64, (int) c.xtImageProperty().get().getWidth());
        robot.interact(() -> c.setWorkingSize(512));
        waitUntil(() -> c.x0Property().get().width() == 512, "x0 at 512 px (astronaut is 512 px)");
        robot.interact(() -> c.setWorkingSize(4096));
        assertEquals(512, c.workingSizeProperty().get(), "clamped to 512");
    }

    @Test
    void readoutsWrapIntoTwoRowsOnANarrowWindowInsteadOfTruncating(FxRobot robot) {
        waitForImage();
        settle(robot);
        var cards = robot.lookup("#readouts").queryParent().getChildrenUnmodifiable();
        assertEquals(7, cards.size());
        for (Node card : cards) {
            assertTrue(card.getLayoutBounds().getWidth() >= ForwardView.READOUT_MIN_WIDTH - 0.5, "card width " + card.getLayoutBounds());
        }
        // the test window is 1270 px wide: 7 cards of 100 px do not fit next to the side panels
        assertTrue(cards.get(6).getBoundsInParent().getMinY() > cards.get(0).getBoundsInParent().getMaxY(), "second row");
        for (String id : new String[] {"#readout-", "#readout-PSNR", "#readout-SNR", "#readout-noiseσ"}) {
            Label value = (Label) robot.lookup(id).query();
            javafx.scene.text.Text shown = (javafx.scene.text.Text) value.lookup(".text"); // what the skin draws
            assertEquals(value.getText(), shown.getText(), "not truncated: " + id);
        }
    }

    @Test
    void aWorkingSizeChangeDuringALoadIsNotLost(FxRobot robot) throws Exception {
        waitForImage();
        BufferedImage img = new BufferedImage(2000, 1000, BufferedImage.TYPE_INT_RGB);
        Path jpg = dir.resolve("wide.jpg");
        ImageIO.write(img, "jpeg", jpg.toFile());
        robot.interact(() -> {
            c.loadImage(jpg);
            c.setWorkingSize(64);
        });
        waitUntil(() -> c.imageProperty().get().name().equals("wide.jpg") && !c.loadingProperty().get()
                && c.x0Property().get().width() == 64, "wide.jpg at 64 px");
        assertEquals(32, c.x0Property().get().height());
        settle(robot);
        assertEquals(64, (int) c.xtImageProperty().get().getWidth());
    }

    @Test
    void aBigJpegLoadsWithoutFreezingTheUi(FxRobot robot) throws Exception {
        waitForImage();
        BufferedImage big = new BufferedImage(3000, 3000, BufferedImage.TYPE_INT_RGB);
        var g = big.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, java.awt.Color.ORANGE, 3000, 3000, java.awt.Color.BLUE));
        g.fillRect(0, 0, 3000, 3000);
        g.dispose();
        Path jpg = dir.resolve("big.jpg");
        ImageIO.write(big, "jpeg", jpg.toFile());
        robot.interact(() -> Event.fireEvent(view.imageStage, drop(jpg)));
        // while it decodes, the FX thread keeps answering
        long start = System.nanoTime();
        robot.interact(() -> c.setT(10));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "the FX thread answered");
        waitUntil(() -> c.imageProperty().get().name().equals("big.jpg"), "the big image");
        assertEquals(3000, c.imageProperty().get().originalWidth());
        assertEquals(256, c.x0Property().get().width());
        assertNotNull(c.xtImageProperty().get());
    }
}
