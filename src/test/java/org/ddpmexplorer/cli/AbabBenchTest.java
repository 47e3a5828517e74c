package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ddpmexplorer.cli.AbabBench.Round;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bookkeeping of bench --abab: alternation, parsing, and the median of the paired ratios. */
class AbabBenchTest {
    @TempDir
    Path dir;

    @Test
    void theFigureIsTheMedianOfTheRatiosWithinEachRoundNotTheRatioOfTheMedians() {
        // the machine's speed changes between rounds; within a round both sides see the same speed
        List<Round> rounds = List.of(
                new Round(500, 350, 40, 30),    // train 0.70, sample 0.75
                new Round(1000, 720, 80, 56),   // 0.72, 0.70
                new Round(600, 480, 38, 38),    // 0.80, 1.00
                new Round(2000, 1300, 120, 84), // 0.65, 0.70
                new Round(520, 390, 41, 33.62)); // 0.75, 0.82
        assertEquals(0.72, AbabBench.medianRatio(rounds, Round::trainRatio), 1e-12);
        assertEquals(0.75, AbabBench.medianRatio(rounds, Round::sampleRatio), 1e-12);
        // the ratio of the medians would be 480 / 600 = 0.80: not what is reported
        assertEquals(0.80, BenchCommand.median(new double[] {350, 720, 480, 1300, 390})
                / BenchCommand.median(new double[] {500, 1000, 600, 2000, 520}), 1e-12);
        assertEquals(0.71, AbabBench.medianRatio(rounds.subList(0, 2), Round::trainRatio), 1e-12, "even: the mean of the middle two");
        assertThrows(IllegalArgumentException.class, () -> AbabBench.medianRatio(List.of(), Round::trainRatio));
    }

    @Test
    void figuresAreReadFromEachBenchmarksOwnLines() {
        String peer = "peer params 641249\npeer train_step_ms_batch64 504.9\npeer sample_step_ms_batch16 38.5\npeer peak_rss_mb 895\n";
        assertEquals(504.9, AbabBench.figure(peer, "peer", "train_step_ms_batch"));
        assertEquals(38.5, AbabBench.figure(peer, "peer", "sample_step_ms_batch"));
        assertThrows(CliErrors.UserError.class, () -> AbabBench.figure(peer, "bench", "train_step_ms_batch"));
        assertThrows(CliErrors.UserError.class, () -> AbabBench.figure("peer train_step_ms_batch64 fast", "peer", "train_step_ms_batch"));
    }

    /** Stand-in benchmarks that log their turn: the rounds alternate peer, ours, peer, ours, … */
    @Test
    void roundsAlternateThePeerAndOursAndPrintEachRoundAndTheMedians() throws Exception {
        Path log = dir.resolve("order.txt");
        List<String> peer = List.of("sh", "-c", "printf P >> '" + log + "'; echo 'peer train_step_ms_batch64 500.0'; "
                + "echo 'peer sample_step_ms_batch16 40.0'");
        List<String> ours = List.of("sh", "-c", "printf O >> '" + log + "'; echo 'bench params 1'; "
                + "echo 'bench train_step_ms_batch64 350.0'; echo 'bench sample_step_ms_batch16 30.0'");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<Round> rounds = new AbabBench(peer, ours).run(3, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals("POPOPO", Files.readString(log));
        assertEquals(3, rounds.size());
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("abab round 2 peer_train_ms 500.0 ours_train_ms 350.0 train_ratio 0.700 "
                + "peer_sample_ms 40.0 ours_sample_ms 30.0 sample_ratio 0.750"), out);
        assertTrue(out.contains("abab train_ratio_median 0.700\n"), out);
        assertTrue(out.contains("abab sample_ratio_median 0.750\n"), out);
    }

    @Test
    void aFailingBenchmarkOrAMissingPeerScriptIsOneLineAndExitTwo() {
        CliErrors.UserError e = assertThrows(CliErrors.UserError.class, () -> new AbabBench(List.of("sh", "-c", "exit 3"),
                List.of("true")).run(1, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("exit 3"), e.getMessage());
        CommandsTest.Run r = CommandsTest.run("bench", "--abab", "2", "--peer", dir.resolve("nope.py").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertEquals(2, CommandsTest.run("bench", "--abab", "-1").status());
    }
}
