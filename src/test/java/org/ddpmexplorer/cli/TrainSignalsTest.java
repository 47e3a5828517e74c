package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.ddpmexplorer.app.Launcher;
import org.ddpmexplorer.train.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} as the user starts it: the real launcher in its own process, which starts the
 * training again as a child JVM. Signals stop it gracefully (the current step finished, the model
 * saved, 143 / 130), its child ends with it, and two runs never write the same file. Each run is a
 * tiny network on four images; the tests wait for events (the first progress line), not for times.
 */
class TrainSignalsTest {
    /** Guard against a hang only: every wait normally ends within seconds. */
    private static final long GUARD_SECONDS = 300;

    @TempDir
    Path dir;
    Path imgs, out;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void images() throws IOException {
        imgs = Files.createDirectories(dir.resolve("imgs"));
        for (int i = 0; i < 4; i++) {
            BufferedImage b = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            b.getGraphics().fillOval(i * 5, 5, 20, 20);
            ImageIO.write(b, "png", imgs.resolve("i" + i + ".png").toFile());
        }
        out = dir.resolve("m.ckpt");
    }

    @AfterEach
    void stopAll() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /**
     * The user's process, its output (stdout and stderr, as a terminal shows them) going to a file:
     * a file gets every byte of the relaunched child, where Java's reader of a process's pipe drops
     * what a grandchild writes around its parent's exit.
     */
    private final class Run {
        final Process process;
        final Path log;

        /** {@code train} on the tiny network, with {@code extra} options. */
        Run(String... extra) throws IOException {
            this(trainArgs(extra));
        }

        Run(List<String> args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    Launcher.class.getName()));
            cmd.addAll(args);
            log = Files.createTempFile(dir, "output", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("MALLOC_")); // so that it starts its child, as for a user
            process = pb.start();
            started.add(process);
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Waits until the output satisfies {@code p} (or the process ends, or the guard runs out). */
        void awaitOutput(Predicate<String> p, String what) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            while (!p.test(output())) {
                assertTrue(process.isAlive() || p.test(output()), "ended before " + what + ": " + output());
                assertTrue(System.nanoTime() < end, "no " + what + ": " + output());
                Thread.sleep(50);
            }
        }

        void awaitTraining() throws InterruptedException {
            awaitOutput(s -> s.matches("(?s).*step \\d+/100000000.*"), "training progress");
        }

        int exitCode() throws InterruptedException {
            assertTrue(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS), "still running: " + output());
            return process.exitValue();
        }

        /** The relaunched training process. */
        ProcessHandle child() {
            return process.children().findFirst().orElseThrow(() -> new AssertionError("no child process: " + output()));
        }
    }

    private List<String> trainArgs(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", imgs.toString(), "--steps", "100000000", "--batch", "2",
                "--base", "8", "--timesteps", "50", "--checkpoint-every", "0", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void benchEndsWithTheUsersProcess() throws Exception {
        Run run = new Run(List.of("bench", "--base", "8", "--batch", "2", "--sample-batch", "2", "--steps", "1", "--warmup", "0",
                "--sample-steps", "1", "--soak", "100000000"));
        run.awaitOutput(s -> s.contains("bench sample_step_ms"), "the soak");
        ProcessHandle child = run.child();
        run.process.destroyForcibly(); // kill -9 of the process the user started
        run.process.waitFor();
        assertTrue(child.onExit().get(GUARD_SECONDS, TimeUnit.SECONDS) != null);
        assertFalse(child.isAlive(), "the relaunched bench ended with its parent");
    }

    private long savedStep() throws IOException {
        return Checkpoint.load(out).header().step();
    }

    @Test
    void sigtermFinishesTheStepSavesAndExits143AndASecondRunIsRefused() throws Exception {
        Path log = dir.resolve("log.csv");
        Run run = new Run("--log", log.toString());
        run.awaitTraining();
        assertFalse(Files.exists(out), "no checkpoint was due yet");

        // a second run on the same --out is refused, naming the first (the relaunched child writes)
        long writer = run.child().pid();
        CommandsTest.Run second = CommandsTest.run("train", "--data", imgs.toString(), "--steps", "1", "--batch", "2",
                "--base", "8", "--timesteps", "50", "--out", out.toString());
        CliMessagesTest.assertOneLineError(second, "--out", "another training run", "PID " + writer);
        assertFalse(Files.exists(out), "the refused run wrote nothing");

        // a log that fails mid-run costs the log, not the model
        Files.delete(log);
        Files.createDirectory(log);
        run.awaitOutput(s -> s.contains("warning: --log"), "a warning about the log");

        run.process.destroy(); // SIGTERM to the process the user started
        assertEquals(StopSignals.TERM, run.exitCode(), run.output());
        long step = savedStep();
        assertTrue(step >= 1, "saved at step " + step);
        String last = run.output().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("stopped by SIGTERM: saved " + out + " at step " + step, last, run.output());
        assertFalse(Files.exists(dir.resolve("m.ckpt.lock")), "the lock is released");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"INT, 1, 130", "HUP, 0, 129"})
    void ctrlCAndAClosedTerminalFinishTheStepSaveAndExit130Or129(String signal, int bit, int status) throws Exception {
        Assumptions.assumeFalse(ignored(bit), "SIG" + signal + " is ignored in this test run (a background job, nohup)");
        Run run = new Run();
        run.awaitTraining();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(run.process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertEquals(status, run.exitCode(), run.output());
        assertTrue(savedStep() >= 1);
        assertTrue(run.output().contains("stopped by SIG" + signal + ": saved " + out), run.output());
    }

    @Test
    void theChildStopsAndSavesWhenTheUsersProcessIsKilled() throws Exception {
        Run run = new Run();
        run.awaitTraining();
        ProcessHandle child = run.child();
        run.process.destroyForcibly(); // kill -9 of the process the user started
        run.process.waitFor();
        assertTrue(child.onExit().get(GUARD_SECONDS, TimeUnit.SECONDS) != null);
        assertFalse(child.isAlive());
        assertTrue(savedStep() >= 1, "the child saved before it ended");
        assertTrue(run.output().contains("stopped by the end of the process that started it: saved " + out),
                run.output());
        assertFalse(Files.exists(dir.resolve("m.ckpt.lock")));
    }

    /** Whether this JVM (and so a process it starts) ignores a signal: a bit of SigIgn in /proc/self/status (0: HUP, 1: INT). */
    private static boolean ignored(int bit) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & (1L << bit)) != 0;
            }
        }
        return false;
    }
}
