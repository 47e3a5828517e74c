package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.ForwardNoise;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.io.ImageLoader;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.ImageTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The headless commands, run in-process with captured stdout and stderr. */
class CommandsTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = DdpmCommand.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "cosine", "sigmoid"})
    void scheduleCsv(String type) {
        Run r = run("schedule", "--type", type, "--steps", "300");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("t,beta,alpha_bar", lines[0]);
        assertEquals(301, lines.length);
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.parse(type), 300);
        for (int t = 1; t <= 300; t++) {
            String[] f = lines[t].split(",");
            assertEquals(t, Integer.parseInt(f[0]));
            double beta = Double.parseDouble(f[1]), ab = Double.parseDouble(f[2]);
            // at least 10 significant digits: relative error below 5e-11
            assertEquals(d.beta(t), beta, Math.abs(d.beta(t)) * 5e-11, "beta_" + t);
            assertEquals(d.alphaBar(t), ab, Math.abs(d.alphaBar(t)) * 5e-11, "alpha_bar_" + t);
        }
    }

    @Test
    void forwardWritesXtAtTheWorkingSize() throws IOException {
        Path out = dir.resolve("xt.png");
        Run r = run("forward", "--image", "sample-images/coffee.png", "--schedule", "cosine", "--steps", "1000",
                "--t", "250", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        ImageTensor written = ImageLoader.load(out).source();
        assertEquals(256, written.width()); // coffee.png is 600x400
        assertEquals(171, written.height());
        // the same computation in-process
        ImageTensor x0 = ImageLoader.load(Path.of("sample-images/coffee.png")).atWorkingSize(256);
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.COSINE, 1000);
        float[] xt = ForwardNoise.closedForm(d, x0.data(), 250, ForwardNoise.gaussian(1, x0.size()));
        for (int i = 0; i < xt.length; i += 97) {
            assertEquals(ImageTensors.toByte(xt[i]) / 127.5f - 1, written.data()[i], 1e-6, "value " + i);
        }
        // t = 0 is the clean image
        Path clean = dir.resolve("x0.png");
        assertEquals(0, run("forward", "--image", "sample-images/coffee.png", "--t", "0", "--out", clean.toString()).status());
        ImageTensor c = ImageLoader.load(clean).source();
        for (int i = 0; i < c.size(); i += 101) {
            assertEquals(x0.data()[i], c.data()[i], 1.01 / 127.5);
        }
        // the iterative chain also runs
        Path it = dir.resolve("it.png");
        assertEquals(0, run("forward", "--image", "sample-images/coffee.png", "--t", "20", "--iterative", "--size", "64",
                "--out", it.toString()).status());
        assertEquals(64, ImageLoader.load(it).source().width());
    }

    /** Exit status 2, nothing on stdout, one line on stderr without a stack trace, naming every part. */
    static void assertOneLineError(Run r, String... parts) {
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), "no stack trace: " + err);
        for (String p : parts) {
            assertTrue(err.contains(p), "'" + p + "' in: " + err);
        }
    }

    @Test
    void badInputIsOneLineAndStatus2() throws IOException {
        Path out = dir.resolve("o.png");
        assertOneLineError(run("forward", "--image", "no-such.png", "--t", "1", "--out", out.toString()), "no-such.png", "no such file");
        Path text = Files.writeString(dir.resolve("notes.jpg"), "hello");
        assertOneLineError(run("forward", "--image", text.toString(), "--t", "1", "--out", out.toString()), "notes.jpg", "not an image");
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertOneLineError(run("forward", "--image", empty.toString(), "--t", "1", "--out", out.toString()), "empty.png", "empty");
        assertOneLineError(run("forward", "--image", "sample-images/coffee.png", "--t", "1001", "--out", out.toString()), "--t", "0..1000");
        assertOneLineError(run("forward", "--image", "sample-images/coffee.png", "--t", "-1", "--out", out.toString()), "--t");
        assertOneLineError(run("forward", "--image", "sample-images/coffee.png", "--t", "5",
                "--out", dir.resolve("missing/dir/o.png").toString()), "o.png", "cannot write");
        assertOneLineError(run("schedule", "--type", "quadratic"), "quadratic");
        assertOneLineError(run("schedule", "--steps", "5000"), "--steps");
        assertTrue(Files.notExists(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"schedule", "forward"})
    void helpOnEveryCommand(String command) {
        Run r = run(command, "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage:") && r.out().contains(command), r.out());
        assertTrue(r.out().contains("--help"));
    }

    @Test
    void rootHelpListsTheCommands() {
        Run r = run("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("schedule") && r.out().contains("forward"), r.out());
    }
}
