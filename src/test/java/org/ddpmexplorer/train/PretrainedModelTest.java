package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.ddpmexplorer.cli.DdpmCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model that ships in pretrained/: it loads, its configuration is the one its card states,
 * and a seeded DDIM run still gives the images recorded for this checkpoint
 * (pretrained/regression/, written by pretrained/update.sh: a regression guard for the engine
 * and the sampler as much as for the file).
 */
class PretrainedModelTest {
    private static final Path CARD = Path.of("pretrained", "README.md");
    private static final Path REGRESSION = Path.of("pretrained", "regression");

    private static String card() throws Exception {
        return Files.readString(CARD);
    }

    private static long cardNumber(String regex) throws Exception {
        Matcher m = Pattern.compile(regex).matcher(card());
        assertTrue(m.find(), "the model card states " + regex);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void theShippedModelLoadsAndMatchesItsCard() throws Exception {
        Assumptions.assumeTrue(Models.hasPretrained(), "this build ships no pretrained model");
        Checkpoint c = Models.loadPretrained();
        var h = c.header();
        assertEquals("cosine", h.schedule());
        assertEquals(1000, h.timesteps());
        assertTrue(card().contains("**cosine schedule**, T = 1000"));
        assertEquals(32, h.unet().baseChannels());
        assertEquals(32, h.unet().imageSize());
        assertEquals(28, h.contentSize(), "Fashion-MNIST's 28x28 inside the 32x32 input");
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot"), h.classNames());
        assertEquals(cardNumber("\\*\\*([0-9,]+) parameters\\*\\*"), c.params().length, "parameter count");
        assertEquals(cardNumber("\\| training \\| \\*\\*([0-9,]+) steps\\*\\*"), h.step(), "steps on the card");
        assertTrue(c.resumable(), "committed with its optimiser state, so that a later run can resume it");
        assertEquals(c.params().length, c.ema().length);
    }

    @Test
    void aSeededDdimRunGivesTheRecordedImages(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(Models.hasPretrained(), "this build ships no pretrained model");
        long step = Models.loadPretrained().header().step();
        String recorded = Files.readString(REGRESSION.resolve("step.txt")).trim();
        assertEquals(Long.toString(step), recorded,
                "pretrained/regression/ was recorded for another checkpoint: run pretrained/update.sh");
        // the same command pretrained/update.sh records them with
        assertEquals(0, DdpmCommand.run("sample", "--model", "pretrained", "--sampler", "ddim", "--steps", "10",
                "--count", "2", "--seed", "7", "--class", "Sneaker", "--guidance", "2", "--out", out.toString()));
        for (String name : List.of("sample-0000.png", "sample-0001.png")) {
            BufferedImage want = ImageIO.read(REGRESSION.resolve(name).toFile());
            BufferedImage got = ImageIO.read(out.resolve(name).toFile());
            assertEquals(want.getWidth(), got.getWidth());
            assertEquals(want.getHeight(), got.getHeight());
            int worst = 0;
            long sum = 0;
            for (int y = 0; y < want.getHeight(); y++) {
                for (int x = 0; x < want.getWidth(); x++) {
                    int d = Math.abs((want.getRGB(x, y) & 0xff) - (got.getRGB(x, y) & 0xff));
                    worst = Math.max(worst, d);
                    sum += d;
                }
            }
            // float rounding (thread counts, kernels) may move a pixel across an 8-bit step, no more
            assertTrue(worst <= 2, name + ": a pixel differs by " + worst + " levels");
            assertTrue(sum <= want.getWidth() * want.getHeight() / 4, name + ": differences sum to " + sum);
        }
    }
}
