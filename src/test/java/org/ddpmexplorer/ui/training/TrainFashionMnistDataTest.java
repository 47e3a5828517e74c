package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.Styles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.ddpmexplorer.ui.training.TrainForm.Choice;
import org.ddpmexplorer.ui.training.TrainForm.Field;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * Which Fashion-MNIST images the Train tab uses: the 60,000 training images when their folder is
 * found (here a temporary folder with a few images in their format), else the 10,000 bundled ones,
 * and the form says which, warning when the quick run would train without the training set.
 */
class TrainFashionMnistDataTest extends TrainTabTest {
    private Path fmDir;

    @Start
    void start(Stage stage) {
        fmDir = dir.resolve("fashion-mnist-" + UUID.randomUUID());
        openTrainTab(stage, List.of(fmDir));
    }

    /** {@code n} 28x28 images and their labels (0..9 in turn) in the IDX format; {@code truncate}: cut short. */
    private void writeTrainFiles(int n, boolean truncate) throws IOException {
        Files.createDirectories(fmDir);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000803);
        d.writeInt(n);
        d.writeInt(28);
        d.writeInt(28);
        byte[] pixels = new byte[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i % 28) * 9);
        }
        d.write(pixels, 0, truncate ? pixels.length / 2 : pixels.length);
        Files.write(fmDir.resolve("train-images-idx3-ubyte"), b.toByteArray());
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        DataOutputStream dl = new DataOutputStream(l);
        dl.writeInt(0x00000801);
        dl.writeInt(n);
        for (int i = 0; i < n; i++) {
            dl.writeByte(i % 10);
        }
        Files.write(fmDir.resolve("train-labels-idx1-ubyte"), l.toByteArray());
    }

    private String previewCaption(FxRobot robot) {
        return robot.lookup("#preview-caption").queryAs(Label.class).getText();
    }

    private String note(FxRobot robot) {
        Label note = robot.lookup("#fmnist-note").queryAs(Label.class);
        return note.isVisible() ? note.getText() : "";
    }

    /** A tiny run of the quick run's form, ended by its step count; gives every info line the run showed. */
    private List<String> tinyQuickRun(FxRobot robot) {
        List<String> infos = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> c.infoProperty().addListener((o, a, i) -> infos.add(i)));
        set(robot, Field.BASE_CHANNELS, "8");
        set(robot, Field.BATCH, "2");
        set(robot, Field.TIMESTEPS, "20");
        set(robot, Field.STEPS, "3");
        robot.clickOn("#start-button");
        waitUntil(() -> !c.phaseProperty().get().active() && c.phaseProperty().get() != Phase.IDLE, "the run to end");
        assertEquals(Phase.FINISHED, c.phaseProperty().get(), String.valueOf(c.errorProperty().get()));
        return infos;
    }

    @Test
    void withoutTheTrainingImagesTheFormSaysSoAndTheQuickRunWarns(FxRobot robot) {
        waitUntil(() -> c.data().fmnistCheckedProperty().get(), "the look for the training images");
        assertEquals(null, c.data().fmnistTrainDirProperty().get());
        assertEquals(Choice.QUICK_RUN, view.sidebar.choiceBox.getValue(), "the quick run is what Start trains");
        assertEquals("16 samples, DDIM with 20 steps, refreshed every minute", previewCaption(robot));
        assertEquals("Fashion-MNIST (bundled, 10,000 images)", view.sidebar.fmnist.getText());
        String note = note(robot);
        assertEquals("The 60,000 training images were not found: the quick run trains on the 10,000 bundled ones "
                + "(its reference figures are for the 60,000). To use them, put train-images-idx3-ubyte.gz and "
                + "train-labels-idx1-ubyte.gz in ~/.ddpm-explorer/fashion-mnist.", note);
        assertTrue(view.sidebar.fmnistNote.getStyleClass().contains(Styles.WARNING), "a warning next to the quick run");
        chooseFull(robot);
        assertTrue(note(robot).startsWith("The 60,000 training images were not found: runs use the 10,000 bundled images"),
                note(robot));
        assertFalse(view.sidebar.fmnistNote.getStyleClass().contains(Styles.WARNING), "the full settings: a plain note");
        assertEquals("16 samples, DDIM with 20 steps, refreshed every 25 steps", previewCaption(robot), "no budget: every N steps");
        set(robot, Field.MINUTES, "5");
        assertEquals("16 samples, DDIM with 20 steps, refreshed every minute", previewCaption(robot), "a budget: every minute");
        robot.clickOn("#folder-choice");
        assertEquals("", note(robot), "only under the Fashion-MNIST choice");
    }

    @Test
    void theTrainingImagesAreUsedWhenFound(FxRobot robot) throws Exception {
        writeTrainFiles(24, false);
        robot.interact(c.data()::findFashionMnist);
        waitUntil(() -> fmDir.equals(c.data().fmnistTrainDirProperty().get()), "the training images to be found");
        assertEquals("Fashion-MNIST (60,000 training images)", view.sidebar.fmnist.getText());
        assertEquals("From " + fmDir, note(robot));
        assertFalse(view.sidebar.fmnistNote.getStyleClass().contains(Styles.WARNING));
        List<String> infos = tinyQuickRun(robot);
        assertTrue(infos.contains("Loading the 60,000 Fashion-MNIST training images…"), infos.toString());
        assertTrue(infos.stream().anyMatch(i -> i.startsWith("fashion-mnist-train: 24 images")), infos.toString());
        assertEquals("fashion-mnist-train", Checkpoint.load(c.checkpointFileProperty().get()).header().dataset());
    }

    @Test
    void unreadableTrainingImagesFallBackToTheBundledOnesAndTheRunSaysSo(FxRobot robot) throws Exception {
        writeTrainFiles(24, true);
        robot.interact(c.data()::findFashionMnist);
        waitUntil(() -> fmDir.equals(c.data().fmnistTrainDirProperty().get()), "the training files to be found");
        List<String> infos = tinyQuickRun(robot);
        String during = infos.stream().filter(i -> i.startsWith("fashion-mnist-t10k: 10,000 images")).findFirst()
                .orElseThrow(() -> new AssertionError(infos.toString()));
        String expected = "Cannot read the Fashion-MNIST training images in " + fmDir;
        assertTrue(during.contains(expected) && during.contains("ends too early")
                && during.contains("training on the 10,000 bundled images instead"), during);
        assertTrue(c.infoProperty().get().contains(expected), "still said when the run has ended: " + c.infoProperty().get());
        assertEquals("fashion-mnist-t10k", Checkpoint.load(c.checkpointFileProperty().get()).header().dataset());
    }
}
