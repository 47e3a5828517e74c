package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.TrainPreset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** train --preset, --minutes and --keep-at, on a folder of four images with a tiny network. */
class TrainPresetCommandTest {
    @TempDir
    Path dir;
    Path imgs;

    @BeforeEach
    void images() throws IOException {
        imgs = Files.createDirectories(dir.resolve("imgs"));
        for (int i = 0; i < 4; i++) {
            BufferedImage b = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            b.getGraphics().fillOval(i * 3, 4, 16, 16);
            ImageIO.write(b, "png", imgs.resolve("i" + i + ".png").toFile());
        }
    }

    /** The timeout only guards against a budget that never ends the run; it measures nothing. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aPresetRunWithATinyBudgetStopsByItselfAndSavesItsCheckpointWithThePresetsSettingsAndTheOverrides()
            throws IOException {
        Path out = dir.resolve("m.ckpt");
        CommandsTest.Run r = CommandsTest.run("train", "--data", imgs.toString(), "--preset", "quick", "--minutes", "0.02",
                "--base", "8", "--batch", "2", "--timesteps", "50", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Checkpoint ck = Checkpoint.load(out);
        long step = ck.header().step();
        assertTrue(step >= 1 && step < TrainCommand.UNBOUNDED_STEPS, "stopped by the budget, not a step count: " + step);
        assertTrue(r.err().contains("saved " + out + " at step " + step), r.err());
        assertTrue(r.err().contains("for 0.02 minutes"), r.err());
        // overridden on the command line
        assertEquals(8, ck.header().unet().baseChannels());
        assertEquals(2, ck.header().train().batchSize());
        assertEquals(50, ck.diffusion().timesteps());
        // from the preset
        TrainPreset q = TrainPreset.QUICK;
        assertEquals(q.learningRate(), ck.header().train().learningRate());
        assertEquals(q.warmupSteps(), ck.header().train().warmupSteps());
        assertEquals(q.emaDecay(), ck.header().train().emaDecay());
        assertEquals(q.schedule(), ck.diffusion().schedule());
        assertFalse(ck.header().train().flip(), "the quick preset trains without flips");
        assertEquals(q.prediction(), ck.header().unet().prediction(), "the preset's prediction");
        assertTrue(ck.resumable());
    }

    @Test
    void anExplicitStepCountEndsAPresetRunAndKeepAtKeepsTheListedSteps() throws IOException {
        Path out = dir.resolve("run.ckpt");
        CommandsTest.Run r = CommandsTest.run("train", "--data", imgs.toString(), "--preset", "quick", "--steps", "3", "--base", "8",
                "--batch", "2", "--timesteps", "50", "--keep-at", "1,2", "--lr", "5e-4", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(3, Checkpoint.load(out).header().step(), "the 10-minute budget does not outlast --steps 3");
        assertEquals(5e-4, Checkpoint.load(out).header().train().learningRate(), "--lr overrides the preset");
        assertEquals(1, Checkpoint.load(dir.resolve("run-step1.ckpt")).header().step());
        assertEquals(2, Checkpoint.load(dir.resolve("run-step2.ckpt")).header().step());
        assertFalse(Files.exists(dir.resolve("run-step3.ckpt")));
    }

    /** --min-snr is saved with the training settings, kept by --resume, and changed there only when given. */
    @Test
    void minSnrIsSavedAndResumeKeepsOrChangesIt() throws IOException {
        Path out = dir.resolve("snr.ckpt");
        CommandsTest.Run r = CommandsTest.run("train", "--data", imgs.toString(), "--steps", "2", "--base", "8",
                "--batch", "2", "--timesteps", "50", "--prediction", "v", "--min-snr", "5", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("min-SNR gamma 5.0"), r.err());
        assertEquals(5.0, Checkpoint.load(out).header().train().minSnrGamma());
        r = CommandsTest.run("train", "--data", imgs.toString(), "--resume", out.toString(), "--steps", "3",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(5.0, Checkpoint.load(out).header().train().minSnrGamma(), "kept on resume");
        r = CommandsTest.run("train", "--data", imgs.toString(), "--resume", out.toString(), "--steps", "4",
                "--min-snr", "0", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("min-SNR gamma: 5 -> 0"), r.err());
        assertEquals(0.0, Checkpoint.load(out).header().train().minSnrGamma());
        assertEquals(2, CommandsTest.run("train", "--data", imgs.toString(), "--min-snr", "-1", "--out",
                dir.resolve("bad.ckpt").toString()).status(), "a negative gamma is refused");
    }

    @Test
    void badPresetOrBudgetIsOneLineAndExitTwo() {
        String out = dir.resolve("m.ckpt").toString();
        String[][] bad = {
            {"train", "--data", imgs.toString(), "--preset", "fastest", "--out", out},
            {"train", "--data", imgs.toString(), "--minutes", "0", "--out", out},
            {"train", "--data", imgs.toString(), "--minutes", "-3", "--out", out},
            {"train", "--data", imgs.toString(), "--minutes", "soon", "--out", out},
        };
        for (String[] args : bad) {
            CommandsTest.Run r = CommandsTest.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().split("\n").length, r.err());
        }
        assertFalse(Files.exists(dir.resolve("m.ckpt")));
    }

    @Test
    void keptCheckpointsAreNamedAfterTheirStep() {
        assertEquals(Path.of("runs", "quick-step600.ckpt"), TrainCommand.keptPath(Path.of("runs", "quick.ckpt"), 600));
        assertEquals(Path.of("model-step7"), TrainCommand.keptPath(Path.of("model"), 7));
    }
}
