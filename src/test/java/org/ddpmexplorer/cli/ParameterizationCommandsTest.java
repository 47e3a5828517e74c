package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.eval.BoundEvaluation;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --prediction/--variance, sample with what the file says, and evaluate --nll, on a tiny model with T = 4. */
class ParameterizationCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aVelocityModelWithLearnedVarianceTrainsSamplesAndGetsItsBound() throws Exception {
        Path model = dir.resolve("v.ckpt");
        CommandsTest.Run train = CommandsTest.run("train", "--base", "8", "--steps", "2", "--batch", "2", "--timesteps", "4",
                "--prediction", "v", "--variance", "learned", "--out", model.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.err().contains("predicting v, learned variance"), train.err());
        Checkpoint ck = Checkpoint.load(model);
        assertEquals(Prediction.VELOCITY, ck.header().unet().prediction());
        assertEquals(VarianceType.LEARNED_RANGE, ck.header().unet().variance());

        Path out = dir.resolve("samples");
        CommandsTest.Run sample = CommandsTest.run("sample", "--model", model.toString(), "--sampler", "ddpm", "--count", "2",
                "--out", out.toString());
        assertEquals(0, sample.status(), sample.err());
        try (var files = Files.list(out)) {
            assertEquals(2, files.count());
        }

        CommandsTest.Run nll = CommandsTest.run("evaluate", "--nll", "--model", model.toString(), "--count", "3",
                "--batch", "2", "--seed", "5");
        assertEquals(0, nll.status(), nll.err());
        Matcher m = Pattern.compile("^bits_per_dim (\\S+)$", Pattern.MULTILINE).matcher(nll.out());
        assertTrue(m.find(), nll.out());
        double printed = Double.parseDouble(m.group(1));
        assertTrue(printed > 0 && Double.isFinite(printed), nll.out());
        assertTrue(nll.err().contains("term 4/4"), "progress on stderr: " + nll.err());
        // the figure is the bound computed by the engine with the same seed and batches
        BoundEvaluation.Result direct = BoundEvaluation.evaluate(new UNetDenoiser(ck.emaNetwork()), ck.diffusion(),
                FashionMnist.loadBundled(), 3, 2, 5, true, () -> false, (a, b, c, d, e) -> { });
        assertEquals(direct.totalBitsPerDim(), printed, 1e-4);
    }

    private static double bitsPerDim(CommandsTest.Run r) {
        assertEquals(0, r.status(), r.err());
        Matcher m = Pattern.compile("^bits_per_dim (\\S+)$", Pattern.MULTILINE).matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aFixedVarianceModelCanBeScoredWithEitherFixedVariance() {
        Path model = dir.resolve("eps.ckpt");
        assertEquals(0, CommandsTest.run("train", "--base", "8", "--steps", "1", "--batch", "2", "--timesteps", "4",
                "--out", model.toString()).status());
        double own = bitsPerDim(CommandsTest.run("evaluate", "--nll", "--model", model.toString(), "--count", "2"));
        double large = bitsPerDim(CommandsTest.run("evaluate", "--nll", "--model", model.toString(), "--count", "2",
                "--variance", "fixed-large"));
        double small = bitsPerDim(CommandsTest.run("evaluate", "--nll", "--model", model.toString(), "--count", "2",
                "--variance", "fixed-small"));
        assertEquals(own, large, 0, "the file's variance is fixed-large");
        assertTrue(Math.abs(small - large) > 1e-3, small + " vs " + large);
        CommandsTest.Run learned = CommandsTest.run("evaluate", "--nll", "--model", model.toString(), "--variance", "learned");
        assertEquals(CliErrors.BAD_INPUT, learned.status());
        assertTrue(learned.err().contains("no variance output"), learned.err());
    }

    @Test
    void badChoicesAreOneLineWithStatus2() {
        for (String[] args : new String[][] {
                {"train", "--prediction", "noise", "--out", dir.resolve("a.ckpt").toString()},
                {"train", "--variance", "wide", "--out", dir.resolve("b.ckpt").toString()},
                {"evaluate", "--nll", "--model", dir.resolve("missing.ckpt").toString()},
                {"evaluate", "--nll", "--model", "pretrained", "--count", "0"}}) {
            CommandsTest.Run r = CommandsTest.run(args);
            assertEquals(CliErrors.BAD_INPUT, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
        }
    }
}
