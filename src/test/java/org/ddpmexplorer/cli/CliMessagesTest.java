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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error a user can cause names the file or option and the reason, on one line, with exit 2:
 * the cases where Java's bare texts ("error: UserError", "error: PATH", "/ by zero", "Input length = 1",
 * "Is a directory") used to reach the user.
 */
class CliMessagesTest {
    @TempDir
    Path dir;

    static void assertOneLineError(CommandsTest.Run r, String... parts) {
        assertEquals(2, r.status(), r.err());
        String err = r.err().strip();
        String last = err.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("error: "), err);
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), "no stack trace: " + err);
        for (String p : parts) {
            assertTrue(last.contains(p), "'" + p + "' in: " + last);
        }
    }

    /** A tiny model of 16x16 images, conditional or not. */
    private Path tinyModel(boolean conditional) throws IOException {
        byte[] px = new byte[8 * 16 * 16];
        new java.util.Random(1).nextBytes(px);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        ByteImageDataset data = new ByteImageDataset("tiny", px, labels, 8, 16, 1, 16, List.of("a", "b", "c"));
        UNetConfig cfg = new UNetConfig(1, 16, 8, List.of(1, 2), 1, Set.of(), true, 0, 4, 0.0, conditional ? 3 : 0, 16);
        Trainer tr = new Trainer(cfg, new GaussianDiffusion(BetaSchedule.COSINE, 50), data, TrainConfig.defaults(2).withBatch(4));
        tr.trainStep();
        Path model = dir.resolve(conditional ? "cond.ckpt" : "uncond.ckpt");
        tr.checkpoint().save(model);
        return model;
    }

    @Test
    void aTruncatedFashionMnistFileIsNamed() throws IOException {
        Path fm = Files.createDirectories(dir.resolve("fm"));
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(b);
        d.writeInt(0x803);
        d.writeInt(100); // 100 images of 28x28 announced, 10 bytes given
        d.writeInt(28);
        d.writeInt(28);
        d.write(new byte[10]);
        Files.write(fm.resolve("train-images-idx3-ubyte"), b.toByteArray());
        Files.write(fm.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 100});
        CommandsTest.Run r = CommandsTest.run("train", "--fmnist-dir", fm.toString(), "--steps", "1",
                "--out", dir.resolve("m.ckpt").toString());
        assertOneLineError(r, "train-images-idx3-ubyte", "ends too early");
    }

    @Test
    void plotLossNamesTheOptionAndTheReason() throws IOException {
        Path bin = Files.write(dir.resolve("bin.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80, 10});
        Path png = dir.resolve("loss.png");
        assertOneLineError(CommandsTest.run("plot-loss", "--log", bin.toString(), "--out", png.toString()),
                "--log", "bin.csv", "not a text file");
        assertOneLineError(CommandsTest.run("plot-loss", "--log", dir.toString(), "--out", png.toString()),
                "--log", dir.toString(), "folder");
        Path log = Files.writeString(dir.resolve("loss.csv"), "1,1.0,1.0,1\n2,0.5,0.9,1\n");
        assertOneLineError(CommandsTest.run("plot-loss", "--log", log.toString(), "--out", dir.toString()),
                "--out", "folder");
        assertOneLineError(CommandsTest.run("plot-loss", "--log", log.toString(), "--out",
                dir.resolve("missing/loss.png").toString()), "--out", "does not exist");
    }

    @Test
    void sampleChecksItsOutputsAndGridBeforeSampling() throws IOException {
        Path model = tinyModel(true);
        Path file = Files.writeString(dir.resolve("afile"), "x");
        String[][] bad = {
            {"--count", "2", "--out", file.toString()},
            {"--count", "2", "--grid", dir.resolve("g.png").toString(), "--grid-cols", "0"},
            {"--count", "2", "--grid", dir.resolve("g.png").toString(), "--grid-cols", "1000000"},
            {"--count", "2", "--grid", dir.resolve("g.png").toString(), "--grid-scale", "0"},
            {"--count", "2000", "--grid", dir.resolve("g.png").toString(), "--grid-cols", "2000"},
            {"--count", "2", "--grid", dir.toString()},
            {"--count", "2", "--grid", file.resolve("g.png").toString()},
        };
        String[] expected = {"--out", "--grid-cols", "--grid-cols", "--grid-scale", "--grid", "--grid", "--grid"};
        for (int i = 0; i < bad.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("sample", "--model", model.toString(), "--steps", "2"));
            args.addAll(List.of(bad[i]));
            CommandsTest.Run r = CommandsTest.run(args.toArray(String[]::new));
            assertOneLineError(r, expected[i]);
            assertFalse(r.err().contains("sampling images"), "refused before sampling: " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("g.png")));
    }

    @Test
    void guidanceOnAnUnconditionalModelIsRefused() throws IOException {
        Path model = tinyModel(false);
        CommandsTest.Run r = CommandsTest.run("sample", "--model", model.toString(), "--steps", "2", "--count", "1",
                "--guidance", "3", "--out", dir.resolve("s").toString());
        assertOneLineError(r, "--guidance", "unconditional");
        assertEquals(0, CommandsTest.run("sample", "--model", model.toString(), "--steps", "2", "--count", "1",
                "--out", dir.resolve("s").toString()).status(), "without --guidance it samples");
    }

    @Test
    void aWeightsEntryOfAnOddByteCountSaysBytes() throws IOException {
        Path model = tinyModel(true);
        Path bad = dir.resolve("odd.ckpt");
        try (ZipFile in = new ZipFile(model.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
                if (e.getName().equals("weights.f32")) {
                    out.write(7); // one byte more: its quarter rounds down to the right count
                }
                out.closeEntry();
            }
        }
        CommandsTest.Run r = CommandsTest.run("sample", "--model", bad.toString(), "--out", dir.resolve("s").toString());
        assertOneLineError(r, "odd.ckpt", "weights.f32", "bytes");
        long params = new org.ddpmexplorer.nn.UNet(org.ddpmexplorer.train.Checkpoint.load(model).header().unet(), 0).numParams();
        assertTrue(r.err().contains((params * 4 + 1) + " bytes"), r.err());
    }

    @Test
    void unusableImagesInTheDataFolderAreCountedAndReported() throws IOException {
        Path imgs = Files.createDirectories(dir.resolve("imgs"));
        for (int i = 0; i < 3; i++) {
            BufferedImage b = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            b.getGraphics().fillOval(i * 5, 5, 20, 20);
            ImageIO.write(b, "png", imgs.resolve("i" + i + ".png").toFile());
        }
        Files.writeString(imgs.resolve("notes.png"), "not an image");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", imgs.resolve("tiny.png").toFile());
        CommandsTest.Run r = CommandsTest.run("train", "--data", imgs.toString(), "--steps", "1", "--batch", "2", "--base", "8",
                "--timesteps", "50", "--out", dir.resolve("m.ckpt").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("skipped 2 of 5 images"), r.err());
    }

    @Test
    void evaluateOnTwoImagesScoresWhatItCanAndSaysHowManyFidNeeds() throws IOException {
        Path imgs = Files.createDirectories(dir.resolve("two"));
        for (int i = 0; i < 2; i++) {
            BufferedImage b = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            b.getGraphics().fillRect(4 + i * 3, 4, 12, 18);
            ImageIO.write(b, "png", imgs.resolve("s" + i + ".png").toFile());
        }
        CommandsTest.Run r = CommandsTest.run("evaluate", "--samples", imgs.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("evaluate images 2"), r.out());
        assertTrue(r.out().contains("evaluate fid_fmnist n/a"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("evaluate inception_score [0-9.]+")), r.out());
        assertTrue(r.err().contains("at least 129 images"), r.err());
    }

    @Test
    void aHugeBaseIsRefusedByItsOption() {
        // unchecked, these would end in "integer overflow" (1000000) or minutes of allocation (4096)
        for (String base : new String[] {"1000000", "4096", "12"}) {
            assertOneLineError(CommandsTest.run("train", "--data", dir.toString(), "--base", base, "--steps", "1",
                    "--out", dir.resolve("m.ckpt").toString()), "--base", base);
            assertOneLineError(CommandsTest.run("bench", "--base", base, "--steps", "1"), "--base", base);
        }
    }

    @Test
    void everyExceptionIsWordedWithoutJavaTexts() {
        // a full disk under ImageIO's "I/O error writing PNG file!"
        Exception full = new javax.imageio.IIOException("I/O error writing PNG file!",
                new IOException("No space left on device"));
        assertEquals("out/s.png: the disk is full (no space left on the device)",
                CliErrors.file(null, Path.of("out/s.png"), full).getMessage());
        assertEquals("--grid g.png: the disk is full (no space left on the device)",
                CliErrors.file("--grid", Path.of("g.png"), full).getMessage());
        assertEquals("a.png: is a folder, not a file", CliErrors.describe(new java.nio.file.FileSystemException("a.png", null, "Is a directory")));
        assertEquals("x: a file of that name is in the way", CliErrors.describe(new java.nio.file.FileAlreadyExistsException("x")));
        assertEquals("x: permission denied", CliErrors.describe(new java.nio.file.AccessDeniedException("x")));
        assertEquals("the file ends too early (truncated?)", CliErrors.describe(new CliErrors.UserError(null, new java.io.EOFException())));
        assertTrue(CliErrors.describe(new java.nio.charset.MalformedInputException(1)).contains("not a text file"));
        assertTrue(CliErrors.describe(new ArithmeticException("/ by zero")).contains("out of range"));
        assertEquals("interrupted io error", CliErrors.describe(new java.io.InterruptedIOException()));
    }

    @Test
    void aFullDiskWhileWritingSamplesSaysSoInOneLine() throws Exception {
        // a real full disk: a tiny tmpfs where one can be mounted (root, Linux); the wording is covered above anyway
        Path mnt = dir.resolve("tiny");
        Files.createDirectories(mnt);
        org.junit.jupiter.api.Assumptions.assumeTrue(mount(mnt), "cannot mount a tmpfs here");
        try {
            Path model = tinyModel(true);
            CommandsTest.Run r = CommandsTest.run("sample", "--model", model.toString(), "--steps", "2", "--count", "64",
                    "--out", mnt.resolve("s").toString());
            assertOneLineError(r, "--out", "the disk is full");
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor(java.util.concurrent.TimeUnit.MINUTES.toMillis(1),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private static boolean mount(Path p) {
        try {
            Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", p.toString())
                    .redirectErrorStream(true).start();
            m.getInputStream().readAllBytes();
            return m.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
