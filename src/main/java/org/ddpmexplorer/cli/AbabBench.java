package org.ddpmexplorer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench --abab N}: the peer (../shared/bench/torch_unet_bench.py) and our {@code bench}, each in
 * a process of its own, run alternately N times in one window (peer, ours, peer, ours, …), and the
 * figure is the median over the rounds of the ratio ours/peer within each round: a round's two runs
 * meet the same machine, so its load cancels in the ratio (docs/benchmarks.md, section
 * "Alternating with PyTorch").
 */
final class AbabBench {
    /** One round: the peer's and our train and sample step (ms), as each benchmark printed them. */
    record Round(double peerTrain, double oursTrain, double peerSample, double oursSample) {
        double trainRatio() {
            return oursTrain / peerTrain;
        }

        double sampleRatio() {
            return oursSample / peerSample;
        }
    }

    private final List<String> peerCommand, oursCommand;

    AbabBench(List<String> peerCommand, List<String> oursCommand) {
        this.peerCommand = List.copyOf(peerCommand);
        this.oursCommand = List.copyOf(oursCommand);
    }

    /** Runs the rounds, printing each and then the medians, on {@code out}; returns the rounds. */
    List<Round> run(int rounds, PrintStream out) throws IOException, InterruptedException {
        List<Round> done = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            String peer = runProcess(peerCommand);
            String ours = runProcess(oursCommand);
            Round r = new Round(figure(peer, "peer", "train_step_ms_batch"), figure(ours, "bench", "train_step_ms_batch"),
                    figure(peer, "peer", "sample_step_ms_batch"), figure(ours, "bench", "sample_step_ms_batch"));
            done.add(r);
            out.printf(Locale.ROOT, "abab round %d peer_train_ms %.1f ours_train_ms %.1f train_ratio %.3f "
                            + "peer_sample_ms %.1f ours_sample_ms %.1f sample_ratio %.3f%n", i, r.peerTrain(), r.oursTrain(),
                    r.trainRatio(), r.peerSample(), r.oursSample(), r.sampleRatio());
            out.flush();
        }
        out.printf(Locale.ROOT, "abab rounds %d%n", done.size());
        out.printf(Locale.ROOT, "abab train_ratio_median %.3f%n", medianRatio(done, Round::trainRatio));
        out.printf(Locale.ROOT, "abab sample_ratio_median %.3f%n", medianRatio(done, Round::sampleRatio));
        return done;
    }

    /** The median over rounds of a per-round ratio (paired: each ratio is taken within its round). */
    static double medianRatio(List<Round> rounds, ToDoubleFunction<Round> ratio) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        return BenchCommand.median(rounds.stream().mapToDouble(ratio).toArray());
    }

    /** The value of the line "PREFIX NAME… VALUE" (e.g. "peer train_step_ms_batch64 504.9") in a benchmark's output. */
    static double figure(String output, String prefix, String name) {
        for (String line : output.split("\\R")) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 3 && w[0].equals(prefix) && w[1].startsWith(name)) {
                try {
                    return Double.parseDouble(w[2]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new CliErrors.UserError("no '" + prefix + " " + name + "…' line in the benchmark's output: "
                + output.strip().replace('\n', ' '));
    }

    private static String runProcess(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] all = p.getInputStream().readAllBytes();
        int status = p.waitFor();
        String out = new String(all, StandardCharsets.UTF_8);
        if (status != 0) {
            throw new CliErrors.UserError(String.join(" ", command) + " failed (exit " + status + "): "
                    + out.strip().replace('\n', ' '));
        }
        return out;
    }
}
