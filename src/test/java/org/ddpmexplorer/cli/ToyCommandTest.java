package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddpmexplorer.train.PointsCsv;
import org.ddpmexplorer.train.PointPreset;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.train.ToyModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code toy} command: outputs, repeatability, and one line with status 2 for bad arguments. */
class ToyCommandTest {
    @TempDir
    Path dir;

    /** A short run: few steps and points, so the test checks the plumbing, not the fit. */
    private CommandsTest.Run toy(String... more) {
        boolean seeded = java.util.Arrays.asList(more).contains("--seed");
        String[] base = seeded ? new String[] {"toy", "--train-steps", "30", "--batch", "64", "--timesteps", "20", "--samples", "300"}
                : new String[] {"toy", "--train-steps", "30", "--batch", "64", "--timesteps", "20", "--samples", "300", "--seed", "4"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CommandsTest.run(all);
    }

    @Test
    void writesSamplesDataAndModelAndRepeats() throws Exception {
        Path s1 = dir.resolve("s1.csv"), s2 = dir.resolve("s2.csv"), data = dir.resolve("data.csv"), model = dir.resolve("toy.ckpt");
        CommandsTest.Run r = toy("--dataset", "circles", "--points", "1000", "--out", s1.toString(), "--data-out", data.toString(),
                "--model-out", model.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("(?s)toy train_ms \\d+\\ntoy sample_ms \\d+\\ntoy train_cpu_ms \\d+\\n"), r.out());
        PointSet samples = PointsCsv.read(s1, 0).points();
        assertEquals(300, samples.size());
        for (int i = 0; i < samples.size(); i++) {
            assertTrue(Float.isFinite(samples.x(i)) && Float.isFinite(samples.y(i)), "sample " + i);
        }
        // the training set is the preset's, standardised, in the same coordinates
        assertEquals(PointPreset.CIRCLES.sample(1000, 4), PointsCsv.read(data, 0).points());
        ToyModelFile m = ToyModelFile.load(model);
        assertEquals(20, m.timesteps());
        assertEquals(30, m.step());
        // same seed, same output; another seed, other samples
        assertEquals(0, toy("--dataset", "circles", "--points", "1000", "--out", s2.toString()).status());
        assertEquals(Files.readString(s1), Files.readString(s2));
        assertEquals(0, toy("--dataset", "circles", "--points", "1000", "--seed", "5", "--out", s2.toString()).status());
        assertFalse(Files.readString(s1).equals(Files.readString(s2)));
    }

    @Test
    void trainsOnAFileAWordAndWithDdim() throws Exception {
        Path csv = dir.resolve("mine.csv"), out = dir.resolve("o.csv");
        PointsCsv.write(csv, new PointSet(new float[] {10, 20, 11, 20, 10, 22, 13, 25, 12, 21}));
        assertEquals(0, toy("--dataset", csv.toString(), "--out", out.toString(), "--data-out", dir.resolve("d.csv").toString()).status());
        PointSet d = PointsCsv.read(dir.resolve("d.csv"), 0).points();
        assertEquals(5, d.size());
        assertEquals(0, d.x(0) + d.x(1) + d.x(2) + d.x(3) + d.x(4), 1e-5, "standardised");
        CommandsTest.Run r = toy("--dataset", "text:Hi", "--points", "2000", "--sampler", "ddim", "--sample-steps", "10",
                "--eta", "0.5", "--schedule", "linear", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(300, PointsCsv.read(out, 0).points().size());
    }

    @Test
    void badArgumentsAreOneLineAndStatus2() throws IOException {
        String out = dir.resolve("o.csv").toString();
        CommandsTest.assertOneLineError(toy("--dataset", "moons", "--out", out), "moons", "two-moons");
        CommandsTest.assertOneLineError(toy("--dataset", "missing.csv", "--out", out), "missing.csv", "no such file");
        Path nan = Files.writeString(dir.resolve("nan.csv"), "x,y\n1,NaN\n");
        CommandsTest.assertOneLineError(toy("--dataset", nan.toString(), "--out", out), "nan.csv", "line 2", "not a finite number");
        CommandsTest.assertOneLineError(toy("--dataset", "text:   ", "--out", out), "--dataset");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--timesteps", "1", "--out", out), "--timesteps");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--batch", "0", "--out", out), "batch size");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--train-steps", "-3", "--out", out), "training steps");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--sampler", "euler", "--out", out), "--sampler", "euler");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--timesteps", "20", "--sample-steps", "21", "--out", out), "--sample-steps", "1..20");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--sampler", "ddim", "--eta", "2", "--out", out), "η");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--schedule", "quadratic", "--out", out), "quadratic");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--samples", "0", "--out", out), "--samples");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--points", "0", "--out", out), "--points");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--seed", "abc", "--out", out), "abc");
        CommandsTest.assertOneLineError(CommandsTest.run("toy", "--dataset", "two-moons"), "--out");
        // unwritable outputs fail before any training
        CommandsTest.Run r = CommandsTest.run("toy", "--train-steps", "1000000", "--out", dir.resolve("missing/dir/o.csv").toString());
        CommandsTest.assertOneLineError(r, "cannot write", "o.csv");
        CommandsTest.assertOneLineError(toy("--out", out, "--model-out", dir.toString()), "is a folder");
        assertFalse(Files.exists(dir.resolve("o.csv")));
    }

    @Test
    void modelFileIsCheckedOnLoad() throws Exception {
        Path model = dir.resolve("toy.ckpt");
        assertEquals(0, toy("--out", dir.resolve("o.csv").toString(), "--model-out", model.toString()).status());
        ToyModelFile m = ToyModelFile.load(model);
        assertEquals(m, ToyModelFile.load(model));
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x10;
        Path damaged = Files.write(dir.resolve("damaged.ckpt"), bytes);
        assertTrue(assertIo(damaged).contains("damaged"));
        Path cut = Files.write(dir.resolve("cut.ckpt"), java.util.Arrays.copyOf(Files.readAllBytes(model), 100));
        String cutMsg = assertIo(cut);
        assertTrue(cutMsg.startsWith("cut.ckpt: "), cutMsg);
        Path text = Files.writeString(dir.resolve("text.ckpt"), "hello");
        assertTrue(assertIo(text).contains("not a 2-D playground model"));
        assertTrue(assertIo(dir.resolve("none.ckpt")).contains("no such file"));
    }

    private static String assertIo(Path p) {
        return org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ToyModelFile.load(p)).getMessage();
    }

    @Test
    void helpListsTheOptions() {
        CommandsTest.Run r = CommandsTest.run("toy", "--help");
        assertEquals(0, r.status());
        for (String o : new String[] {"--dataset", "--points", "--train-steps", "--batch", "--timesteps", "--schedule",
                "--sampler", "--sample-steps", "--eta", "--samples", "--seed", "--out", "--data-out", "--model-out"}) {
            assertTrue(r.out().contains(o), o + " in " + r.out());
        }
    }
}
