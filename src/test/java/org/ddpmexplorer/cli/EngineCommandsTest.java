package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.Trainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, sample, bench and plot-loss, run in-process. */
class EngineCommandsTest {
    @TempDir
    Path dir;
    Path model;

    /** A conditional tiny model of 16x16 images whose content is the centre 12x12 (like 28 in 32). */
    @BeforeEach
    void tinyModel() throws IOException {
        byte[] px = new byte[8 * 12 * 12];
        new java.util.Random(1).nextBytes(px);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        ByteImageDataset data = new ByteImageDataset("tiny", px, labels, 8, 12, 1, 16, List.of("a", "b", "c"));
        UNetConfig cfg = new UNetConfig(1, 16, 8, List.of(1, 2), 1, Set.of(), true, 0, 4, 0.0, 3, 16);
        Trainer tr = new Trainer(cfg, new GaussianDiffusion(BetaSchedule.COSINE, 50), data, TrainConfig.defaults(2).withBatch(4));
        tr.trainStep();
        model = dir.resolve("tiny.ckpt");
        tr.checkpoint().save(model);
    }

    @Test
    void sampleWritesOnePngPerImageAtTheContentSizeAndAGrid() throws IOException {
        Path out = dir.resolve("out"), grid = dir.resolve("grid.png");
        CommandsTest.Run r = CommandsTest.run("sample", "--model", model.toString(), "--sampler", "ddim", "--steps", "5",
                "--per-class", "2", "--seed", "3", "--out", out.toString(), "--grid", grid.toString(), "--guidance", "2");
        assertEquals(0, r.status(), r.err());
        try (var files = Files.list(out)) {
            assertEquals(6, files.count(), "two per class");
        }
        BufferedImage first = ImageIO.read(out.resolve("sample-0000.png").toFile());
        assertEquals(12, first.getWidth(), "the padding is cropped off");
        BufferedImage g = ImageIO.read(grid.toFile());
        assertEquals(2 * (12 + 2) + 2, g.getWidth(), "two columns: one row per class");
        assertEquals(3 * (12 + 2) + 2, g.getHeight());
    }

    @Test
    void sampleWithTheSameSeedIsRepeatable() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        for (Path p : List.of(a, b)) {
            assertEquals(0, CommandsTest.run("sample", "--model", model.toString(), "--sampler", "ddpm", "--steps", "10",
                    "--count", "2", "--seed", "9", "--out", p.toString()).status());
        }
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a.resolve("sample-0001.png")),
                Files.readAllBytes(b.resolve("sample-0001.png"))));
    }

    @Test
    void sampleDefaultsToAnyClassAndNoneIsTheUnconditionalLabel() throws IOException {
        java.util.Map<String, byte[]> first = new java.util.HashMap<>();
        for (String spec : new String[] {"default", "any", "none", "b"}) {
            Path out = dir.resolve("cls-" + spec);
            List<String> args = new java.util.ArrayList<>(List.of("sample", "--model", model.toString(), "--sampler", "ddim",
                    "--steps", "5", "--count", "3", "--seed", "4", "--out", out.toString()));
            if (!spec.equals("default")) {
                args.addAll(List.of("--class", spec));
            }
            CommandsTest.Run r = CommandsTest.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            // seed 4 of 3 classes: "any" starts at class 4 mod 3 = 1, so its first image is of class "b"
            first.put(spec, Files.readAllBytes(out.resolve("sample-0000.png")));
        }
        assertTrue(java.util.Arrays.equals(first.get("default"), first.get("any")), "the default is 'any'");
        assertTrue(java.util.Arrays.equals(first.get("any"), first.get("b")), "'any' with seed 4 starts at class b");
        assertFalse(java.util.Arrays.equals(first.get("any"), first.get("none")), "'none' is the no-class label");
    }

    @Test
    void sampleRefusesBadInputWithOneLine() throws IOException {
        Path text = Files.writeString(dir.resolve("x.ckpt"), "not a model");
        String[][] bad = {
            {"sample", "--model", dir.resolve("missing.ckpt").toString(), "--out", dir.toString()},
            {"sample", "--model", text.toString(), "--out", dir.toString()},
            {"sample", "--model", model.toString(), "--steps", "500", "--out", dir.toString()},
            {"sample", "--model", model.toString(), "--class", "zebra", "--out", dir.toString()},
            {"sample", "--model", model.toString(), "--sampler", "euler", "--out", dir.toString()},
            {"sample", "--model", model.toString(), "--eta", "3", "--sampler", "ddim", "--out", dir.toString()},
            {"sample", "--model", model.toString()},
        };
        for (String[] args : bad) {
            CommandsTest.Run r = CommandsTest.run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertEquals(1, r.err().strip().split("\n").length, r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
    }

    @Test
    void trainOnAFolderWritesAResumableCheckpoint() throws IOException {
        Path imgs = Files.createDirectories(dir.resolve("imgs"));
        for (int i = 0; i < 4; i++) {
            BufferedImage b = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            b.getGraphics().fillOval(i * 5, 5, 20, 20);
            ImageIO.write(b, "png", imgs.resolve("i" + i + ".png").toFile());
        }
        Path out = dir.resolve("m.ckpt");
        CommandsTest.Run r = CommandsTest.run("train", "--data", imgs.toString(), "--steps", "2", "--batch", "2", "--base", "8",
                "--timesteps", "50", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Checkpoint ck = Checkpoint.load(out);
        assertEquals(2, ck.header().step());
        assertTrue(ck.resumable());
        assertEquals(32, ck.header().unet().imageSize());
        assertTrue(ck.header().train().flip(), "flips by default");
        assertEquals(0.1, ck.header().train().classDropout());
        assertTrue(r.err().contains("random flips"), r.err());
        CommandsTest.Run again = CommandsTest.run("train", "--data", imgs.toString(), "--steps", "3", "--batch", "2",
                "--resume", out.toString(), "--out", out.toString(), "--no-flip", "--label-dropout", "0.25");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("no flips"), again.err());
        Checkpoint resumed = Checkpoint.load(out);
        assertEquals(3, resumed.header().step());
        assertFalse(resumed.header().train().flip(), "a resumed run takes the new settings");
        assertEquals(0.25, resumed.header().train().classDropout());
    }

    @Test
    void trainRefusesBadInput() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String[][] bad = {
            {"train", "--data", empty.toString(), "--steps", "1", "--out", dir.resolve("m.ckpt").toString()},
            {"train", "--data", dir.resolve("nowhere").toString(), "--steps", "1", "--out", dir.resolve("m.ckpt").toString()},
            {"train", "--steps", "1", "--batch", "0", "--out", dir.resolve("m.ckpt").toString()},
            {"train", "--steps", "1", "--schedule", "quadratic", "--out", dir.resolve("m.ckpt").toString()},
            {"train", "--steps", "1", "--label-dropout", "1.5", "--out", dir.resolve("m.ckpt").toString()},
            {"train", "--steps", "1", "--resume", dir.resolve("nope.ckpt").toString(), "--out", dir.resolve("m.ckpt").toString()},
        };
        for (String[] args : bad) {
            CommandsTest.Run r = CommandsTest.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().split("\n").length, r.err());
        }
        assertFalse(Files.exists(dir.resolve("m.ckpt")));
    }

    @Test
    void benchPrintsThePeerFormat() {
        CommandsTest.Run r = CommandsTest.run("bench", "--base", "8", "--batch", "2", "--sample-batch", "2", "--steps", "1",
                "--warmup", "0");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("bench params " + new org.ddpmexplorer.nn.UNet(UNetConfig.reference(8), 0).numParams(), lines[0]);
        assertTrue(lines[1].matches("bench train_step_ms_batch2 [0-9.]+"), lines[1]);
        assertTrue(lines[2].matches("bench sample_step_ms_batch2 [0-9.]+"), lines[2]);
        assertTrue(lines[3].matches("bench peak_rss_mb [0-9]+"), lines[3]);
    }

    @Test
    void benchTrainOnlyTimesNoSampleStep() {
        CommandsTest.Run r = CommandsTest.run("bench", "--base", "8", "--batch", "4", "--steps", "1", "--warmup", "0",
                "--train-only");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[1].matches("bench train_step_ms_batch4 [0-9.]+"), lines[1]);
        assertTrue(lines[2].matches("bench peak_rss_mb [0-9]+"), lines[2]);
        CommandsTest.Run both = CommandsTest.run("bench", "--train-only", "--sample-only");
        assertTrue(both.status() != 0 && both.err().contains("exclude each other"), both.err());
    }

    @Test
    void benchTracesEveryStepAndReportsTheSoak() {
        CommandsTest.Run r = CommandsTest.run("bench", "--base", "8", "--batch", "2", "--sample-batch", "2", "--steps", "2",
                "--warmup", "1", "--sample-steps", "2", "--trace", "--soak", "250");
        assertEquals(0, r.status(), r.err());
        java.util.List<String> lines = java.util.List.of(r.out().strip().split("\n"));
        // 1 warm-up + 2 timed train steps, 1 + 2 sample steps, 250 soak steps, each traced; the warm-up marked
        assertEquals(3, lines.stream().filter(l -> l.startsWith("bench trace train ")).count(), r.out());
        assertEquals(3, lines.stream().filter(l -> l.startsWith("bench trace sample ")).count(), r.out());
        assertEquals(250, lines.stream().filter(l -> l.startsWith("bench trace soak ")).count());
        assertTrue(lines.stream().anyMatch(l -> l.matches("bench trace train 1 [0-9.]+ \\(warm-up\\)")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("bench trace soak 250 [0-9.]+")), r.out());
        assertEquals(2, lines.stream().filter(l -> l.endsWith("(warm-up)")).count(), r.out());
        String soak = lines.stream().filter(l -> l.startsWith("bench soak_step")).findFirst().orElseThrow();
        assertTrue(soak.matches("bench soak_step 250 rss_mb [0-9]+ step_ms_median_of_last_250 [0-9.]+ heap_used_mb [0-9]+ "
                + "heap_committed_mb [0-9]+"), soak);
        assertTrue(lines.get(lines.size() - 1).matches("bench peak_rss_mb [0-9]+"), r.out());
    }

    @Test
    void plotLossDrawsTheLog() throws IOException {
        Path log = Files.writeString(dir.resolve("loss.csv"), "step,loss,loss_ema,steps_per_s\n1,1.0,1.0,1\n2,0.5,0.9,1\n3,0.2,0.8,1\n");
        Path png = dir.resolve("loss.png");
        assertEquals(0, CommandsTest.run("plot-loss", "--log", log.toString(), "--out", png.toString()).status());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        boolean blue = false;
        for (int y = 0; y < img.getHeight() && !blue; y++) {
            for (int x = 100; x < 700 && !blue; x++) {
                blue = img.getRGB(x, y) == new java.awt.Color(30, 100, 200).getRGB();
            }
        }
        assertTrue(blue, "the smoothed curve is drawn");
        Path resumed = Files.writeString(dir.resolve("resumed.csv"), "1,1,1,1\n2,0.5,0.5,1\n3,0.4,0.4,1\n2,0.6,0.6,1\n3,0.3,0.3,1\n");
        List<double[]> rows = org.ddpmexplorer.io.LossPlot.read(resumed);
        assertEquals(3, rows.size(), "the resumed run's steps replace the repeated ones");
        assertEquals(0.3, rows.get(2)[1], 1e-12);
        Path junk = Files.writeString(dir.resolve("junk.csv"), "hello\n");
        assertEquals(2, CommandsTest.run("plot-loss", "--log", junk.toString(), "--out", png.toString()).status());
    }
}
