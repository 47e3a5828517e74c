package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.TrainConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume} keeps the saved run's settings; outputs are checked before the first step. */
class TrainResumeTest {
    @TempDir
    Path dir;
    Path imgs;

    @BeforeEach
    void images() throws IOException {
        imgs = Files.createDirectories(dir.resolve("imgs"));
        for (int i = 0; i < 4; i++) {
            BufferedImage b = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            b.getGraphics().fillOval(i * 5, 5, 20, 20);
            ImageIO.write(b, "png", imgs.resolve("i" + i + ".png").toFile());
        }
    }

    private CommandsTest.Run train(String... args) {
        List<String> a = new ArrayList<>(List.of("train", "--data", imgs.toString()));
        a.addAll(List.of(args));
        return CommandsTest.run(a.toArray(String[]::new));
    }

    @Test
    void aResumeKeepsEverySavedSettingAndPrintsWhatAnExplicitOptionChanges() throws IOException {
        Path first = dir.resolve("first.ckpt"), second = dir.resolve("second.ckpt"), third = dir.resolve("third.ckpt");
        CommandsTest.Run r = train("--steps", "2", "--batch", "2", "--base", "8", "--timesteps", "50", "--schedule", "linear",
                "--lr", "1e-3", "--ema", "0.99", "--label-dropout", "0.3", "--no-flip", "--checkpoint-every", "7",
                "--seed", "5", "--out", first.toString());
        assertEquals(0, r.status(), r.err());
        TrainConfig saved = Checkpoint.load(first).header().train();

        r = train("--steps", "3", "--resume", first.toString(), "--out", second.toString());
        assertEquals(0, r.status(), r.err());
        TrainConfig kept = Checkpoint.load(second).header().train();
        assertEquals(saved.withSteps(3), kept, "every setting but the target step is the saved one");
        assertEquals(2, kept.batchSize());
        assertEquals(1e-3, kept.learningRate());
        assertFalse(kept.flip());
        assertTrue(r.err().contains("steps to reach: 2 -> 3"), r.err());
        assertFalse(r.err().contains("learning rate"), "nothing else changed: " + r.err());

        r = train("--steps", "4", "--lr", "5e-4", "--flip", "--resume", second.toString(), "--out", third.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("learning rate: 1e-3 -> 5e-4"), r.err());
        assertTrue(r.err().contains("random flips: off -> on"), r.err());
        TrainConfig changed = Checkpoint.load(third).header().train();
        assertEquals(kept.withSteps(4).withLearningRate(5e-4).withFlip(true), changed);

        // the saved target is reached: without --steps there is nothing to do, and it says so
        r = train("--resume", third.toString(), "--out", third.toString());
        CliMessagesTest.assertOneLineError(r, "already at step 4", "--steps");
    }

    @Test
    void aConflictingNetworkOrDiffusionOptionIsRefusedNamingBothValues() throws IOException {
        Path m = dir.resolve("m.ckpt");
        assertEquals(0, train("--steps", "1", "--batch", "2", "--base", "8", "--timesteps", "50", "--out", m.toString()).status());
        String[][] cases = {
            {"--base", "16", "8"},
            {"--schedule", "linear", "cosine"},
            {"--timesteps", "100", "50"},
        };
        for (String[] c : cases) {
            CommandsTest.Run r = train("--steps", "3", c[0], c[1], "--resume", m.toString(), "--out", m.toString());
            CliMessagesTest.assertOneLineError(r, c[0] + " " + c[1], "has " + c[2]);
        }
        CliMessagesTest.assertOneLineError(train("--steps", "3", "--classes", "--resume", m.toString(), "--out", m.toString()),
                "--classes on", "has off");
        // the same values as saved are no conflict
        assertEquals(0, train("--steps", "2", "--base", "8", "--schedule", "cosine", "--resume", m.toString(),
                "--out", m.toString()).status());
        assertEquals(2, Checkpoint.load(m).header().step());
    }

    @Test
    void thePretrainedModelResumesWithItsOwnSettings() throws IOException {
        Path out = dir.resolve("more.ckpt");
        Checkpoint pre = Checkpoint.load(Path.of("pretrained/fmnist.ckpt"));
        long step = pre.header().step();
        CommandsTest.Run r = CommandsTest.run("train", "--resume", "pretrained/fmnist.ckpt", "--steps", Long.toString(step + 1),
                "--batch", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("batch size: 64 -> 2"), r.err());
        TrainConfig t = Checkpoint.load(out).header().train();
        assertEquals(pre.header().train().withSteps(step + 1).withBatch(2), t,
                "learning rate, label dropout, flips, EMA and the rest as the pretrained run had them");
        assertEquals(step + 1, Checkpoint.load(out).header().step());
    }

    @Test
    void outputsAreCheckedBeforeTheFirstStep() throws IOException {
        String[][] cases = {
            {"--out", dir.resolve("missing/m.ckpt").toString()},
            {"--out", dir.toString()},
            {"--out", dir.resolve("m.ckpt").toString(), "--log", dir.resolve("missing/log.csv").toString()},
            {"--out", dir.resolve("m.ckpt").toString(), "--log", dir.toString()},
        };
        String[] expected = {"--out", "--out", "--log", "--log"};
        for (int i = 0; i < cases.length; i++) {
            List<String> a = new ArrayList<>(List.of("--steps", "1", "--batch", "2", "--base", "8", "--timesteps", "50"));
            a.addAll(List.of(cases[i]));
            CommandsTest.Run r = train(a.toArray(String[]::new));
            CliMessagesTest.assertOneLineError(r, expected[i]);
            assertFalse(r.err().contains("training"), "refused before training: " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("m.ckpt")));
    }

    @Test
    void temporaryFilesOfAKilledSaveAreRemovedWhenTheOutputIsWrittenAgain() throws IOException {
        Path out = dir.resolve("m.ckpt");
        Path stale = Files.writeString(dir.resolve(".m.ckpt.8041736251.tmp"), "half a model");
        Path other = Files.writeString(dir.resolve(".m.ckpt.notes.tmp"), "not ours");
        CommandsTest.Run r = train("--steps", "1", "--batch", "2", "--base", "8", "--timesteps", "50", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(stale), "the atomic writer's leftover is gone");
        assertTrue(Files.exists(other), "a file of another pattern stays");
        assertFalse(Files.exists(dir.resolve("m.ckpt.lock")), "the lock is released");
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedNamingTheFirst() throws IOException {
        Path out = dir.resolve("m.ckpt");
        try (org.ddpmexplorer.io.OutputLock held = org.ddpmexplorer.io.OutputLock.acquire(out)) {
            CommandsTest.Run r = train("--steps", "1", "--batch", "2", "--base", "8", "--timesteps", "50", "--out", out.toString());
            CliMessagesTest.assertOneLineError(r, "--out", "another training run", "PID " + ProcessHandle.current().pid());
        }
        assertFalse(Files.exists(out));
    }
}
