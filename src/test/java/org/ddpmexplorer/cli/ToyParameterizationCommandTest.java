package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.train.ToyModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code toy --prediction --variance --model-in --nll-of}: the model's choices, the bound, and bad input. */
class ToyParameterizationCommandTest {
    @TempDir
    Path dir;

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** A short run of few steps and points: the plumbing, not the fit. */
    private static CommandsTest.Run toy(String... more) {
        return CommandsTest.run(with(new String[] {"toy", "--train-steps", "30", "--batch", "64", "--timesteps", "20",
                "--samples", "200", "--seed", "4"}, more));
    }

    private static double nll(CommandsTest.Run r) {
        Matcher m = Pattern.compile("toy nll_nats (\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out() + r.err());
        return Double.parseDouble(m.group(1));
    }

    /** Held-out points of the two moons, written by the command itself with another seed. */
    private Path heldOut() {
        Path held = dir.resolve("held.csv");
        CommandsTest.Run r = CommandsTest.run("toy", "--train-steps", "1", "--samples", "1", "--timesteps", "20", "--points",
                "300", "--seed", "9", "--out", dir.resolve("ignored.csv").toString(), "--data-out", held.toString());
        assertEquals(0, r.status(), r.err());
        return held;
    }

    @Test
    void trainsAnyChoiceSavesItAndScoresHeldOutPoints() throws Exception {
        Path held = heldOut(), model = dir.resolve("v.toy"), s1 = dir.resolve("s1.csv"), s2 = dir.resolve("s2.csv");
        CommandsTest.Run r = toy("--prediction", "v", "--variance", "learned", "--nll-of", held.toString(), "--out",
                s1.toString(), "--model-out", model.toString());
        assertEquals(0, r.status(), r.err());
        double trained = nll(r);
        assertTrue(Double.isFinite(trained), r.out());
        assertTrue(r.err().contains("predicting v, learned variance"), r.err());
        ToyModelFile m = ToyModelFile.load(model);
        assertEquals(Prediction.VELOCITY, m.prediction());
        assertEquals(VarianceType.LEARNED_RANGE, m.variance());
        // the saved model gives the same samples and the same bound without training
        CommandsTest.Run again = CommandsTest.run("toy", "--model-in", model.toString(), "--samples", "200", "--seed", "4",
                "--nll-of", held.toString(), "--out", s2.toString());
        assertEquals(0, again.status(), again.err());
        assertFalse(again.out().contains("train_ms"), again.out());
        assertEquals(trained, nll(again), 0);
        assertEquals(Files.readString(s1), Files.readString(s2));
    }

    @Test
    void aFixedVarianceCanBeSwappedForTheOtherOnASavedModel() throws Exception {
        Path held = heldOut(), model = dir.resolve("x0.toy"), out = dir.resolve("o.csv");
        assertEquals(0, toy("--prediction", "x0", "--out", out.toString(), "--model-out", model.toString()).status());
        assertEquals(VarianceType.FIXED_LARGE, ToyModelFile.load(model).variance(), "fixed-large is the default");
        double large = nll(CommandsTest.run("toy", "--model-in", model.toString(), "--nll-of", held.toString(), "--out", out.toString()));
        double small = nll(CommandsTest.run("toy", "--model-in", model.toString(), "--variance", "fixed-small", "--nll-of",
                held.toString(), "--out", out.toString()));
        assertNotEquals(large, small, "the variance changes every term of the bound");
        // the sampler's names of the fixed variances still work
        Path m2 = dir.resolve("post.toy");
        assertEquals(0, toy("--variance", "posterior", "--out", out.toString(), "--model-out", m2.toString()).status());
        assertEquals(VarianceType.FIXED_SMALL, ToyModelFile.load(m2).variance());
    }

    @Test
    void badChoicesAndBadFilesAreOneLineBeforeAnyTraining() throws Exception {
        Path out = dir.resolve("o.csv");
        String o = out.toString();
        // a million steps would not finish: each refusal comes before training
        String[] longRun = {"toy", "--train-steps", "1000000", "--out", o};
        CommandsTest.assertOneLineError(CommandsTest.run(with(longRun, "--prediction", "noise")), "--prediction", "unknown prediction 'noise'");
        CommandsTest.assertOneLineError(CommandsTest.run(with(longRun, "--variance", "wide")), "--variance", "unknown variance 'wide'");
        CommandsTest.assertOneLineError(CommandsTest.run(with(longRun, "--nll-of", dir.resolve("none.csv").toString())), "--nll-of",
                "none.csv", "no such file");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        CommandsTest.assertOneLineError(CommandsTest.run(with(longRun, "--nll-of", empty.toString())), "--nll-of", "empty.csv", "empty");
        Path words = Files.writeString(dir.resolve("words.csv"), "x,y\n1,2\n3,abc\n");
        CommandsTest.assertOneLineError(CommandsTest.run(with(longRun, "--nll-of", words.toString())), "--nll-of", "words.csv", "line 3");
        CommandsTest.assertOneLineError(CommandsTest.run(with(longRun, "--nll-of", dir.toString())), "--nll-of", "folder");
        assertFalse(Files.exists(out), "nothing was written");

        Path model = dir.resolve("l.toy");
        assertEquals(0, toy("--variance", "learned", "--out", o, "--model-out", model.toString()).status());
        Files.delete(out);
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--model-in", model.toString(), "--variance", "fixed-small", "--out", o),
                "--variance fixed-small", "learned");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--model-in", model.toString(), "--timesteps", "50", "--out", o),
                "--model-in", "come from the model");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--model-in", model.toString(), "--prediction", "x0", "--out", o),
                "--model-in", "come from the model");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--model-in", dir.resolve("none.toy").toString(), "--out", o),
                "--model-in", "none.toy", "no such file");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--model-in", words.toString(), "--out", o), "--model-in",
                "not a 2-D playground model");
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void helpNamesTheChoicesAndTheCoordinates() {
        CommandsTest.Run r = CommandsTest.run("toy", "--help");
        assertEquals(0, r.status());
        String help = r.out().replaceAll("\\s+", " ");
        for (String s : new String[] {"--prediction", "eps|x0|mean|v", "--variance", "fixed-small|fixed-large|learned",
                "--model-in", "--nll-of", "nats per point", "standardised coordinates"}) {
            assertTrue(help.contains(s), s + " in " + r.out());
        }
    }
}
