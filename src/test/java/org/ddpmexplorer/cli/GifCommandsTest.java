package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ddpmexplorer.cli.CommandsTest.Run;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.io.GifDecoding;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --gif} on {@code forward} and {@code sample}, decoded with ImageIO; bad paths and options. */
class GifCommandsTest {
    @TempDir
    Path dir;

    private static final String IMAGE = "sample-images/coffee.png";

    @Test
    void forwardAnimatesZeroToT() throws IOException {
        Path gif = dir.resolve("anim.gif");
        Run r = CommandsTest.run("forward", "--image", IMAGE, "--steps", "100", "--size", "32", "--gif", gif.toString(),
                "--gif-frames", "11", "--gif-delay", "50", "--gif-hold", "2000", "--gif-scale", "2", "--gif-no-caption");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("11 frames"), r.out());
        GifDecoding d = GifDecoding.read(gif);
        assertEquals(11, d.frames().size());
        assertEquals(64, d.frames().get(0).getWidth()); // coffee 600x400 -> 32x21 at scale 2
        assertEquals(42, d.frames().get(0).getHeight());
        assertEquals(List.of(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 205), d.delaysCs());
        assertTrue(d.loopsForever());
        // with --t and --out: the PNG, and the GIF up to that t only, played once
        Path png = dir.resolve("x.png");
        Path gif2 = dir.resolve("to40.gif");
        r = CommandsTest.run("forward", "--image", IMAGE, "--steps", "100", "--size", "32", "--t", "40", "--out", png.toString(),
                "--gif", gif2.toString(), "--gif-every", "10", "--gif-no-loop");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.exists(png));
        GifDecoding d2 = GifDecoding.read(gif2);
        assertEquals(5, d2.frames().size()); // t = 0, 10, 20, 30, 40
        assertTrue(!d2.loopsForever());
    }

    @Test
    void sampleWritesTheDenoisingAnimationEndingOnTheSample() throws IOException {
        Path model = dir.resolve("tiny.ckpt");
        UNetConfig tiny = new UNetConfig(1, 16, 16, List.of(1, 2), 1, Set.of(), true, 0, 4, 0.0, 4, 32);
        byte[] px = new byte[8 * 16 * 16];
        new java.util.Random(3).nextBytes(px);
        Trainer tr = new Trainer(tiny, new GaussianDiffusion(BetaSchedule.COSINE, 50),
                // a class-conditional model (4 classes) records its class names, as every trainer-made file does
                new ByteImageDataset("random", px, new int[] {0, 1, 2, 3, 0, 1, 2, 3}, 8, 16, 1, 16, List.of("a", "b", "c", "d")),
                TrainConfig.defaults(2).withBatch(2));
        tr.trainStep();
        tr.checkpoint().save(model);
        Path gif = dir.resolve("s.gif"), grid = dir.resolve("grid.png");
        Run r = CommandsTest.run("sample", "--model", model.toString(), "--sampler", "ddim", "--steps", "10", "--count", "2",
                "--grid", grid.toString(), "--gif", gif.toString(), "--gif-every", "1", "--gif-layout", "grid",
                "--gif-scale", "1", "--gif-no-caption");
        assertEquals(0, r.status(), r.err());
        GifDecoding d = GifDecoding.read(gif);
        assertEquals(11, d.frames().size()); // x_T and the output of each of 10 steps
        BufferedImage last = d.frames().get(10);
        BufferedImage sample = javax.imageio.ImageIO.read(grid.toFile());
        // the grid PNG (8-bit gray: raw samples): 2 px white border, images side by side; the GIF: 2 px gap, no border
        int side = last.getHeight();
        assertEquals(2 * side + 2, last.getWidth());
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                assertEquals(sample.getRaster().getSample(2 + x, 2 + y, 0), GifDecoding.gray(last, x, y), "first sample at " + x + "," + y);
                assertEquals(sample.getRaster().getSample(4 + side + x, 2 + y, 0), GifDecoding.gray(last, side + 2 + x, y),
                        "second sample at " + x + "," + y);
            }
        }
        assertTrue(r.err().contains("11 frames"), r.err());
    }

    @Test
    void badGifOptionsAndPathsAreOneLineWithNoFileLeft() throws IOException {
        Path missing = dir.resolve("nope/anim.gif");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "32", "--gif", missing.toString()), "anim.gif", "does not exist");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "32", "--gif", dir.toString()), "folder");
        Path gif = dir.resolve("a.gif");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "32", "--gif", gif.toString(), "--gif-layout", "side"), "x̂_0");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "32", "--gif", gif.toString(), "--gif-layout", "both"), "layout");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "32", "--gif", gif.toString(), "--gif-delay", "5"), "delay");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "32", "--gif", gif.toString(), "--gif-scale", "0"), "scale");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "32", "--gif", gif.toString(), "--gif-frames", "5",
                "--gif-every", "2"), "not both");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE, "--size", "512", "--gif", gif.toString(), "--gif-scale", "16"), "at most");
        assertOneLine(CommandsTest.run("forward", "--image", IMAGE), "--out", "--gif");
        assertOneLine(CommandsTest.run("sample", "--model", dir.resolve("none.ckpt").toString(), "--gif", gif.toString()), "none.ckpt");
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "nothing written");
        }
    }

    private static void assertOneLine(Run r, String... parts) {
        assertEquals(2, r.status(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), "no stack trace: " + err);
        for (String p : parts) {
            assertTrue(err.contains(p), "'" + p + "' in: " + err);
        }
    }
}
