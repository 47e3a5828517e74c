package org.ddpmexplorer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.UNet;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: times the reference network of ARCH.md exactly as ../shared/bench/torch_unet_bench.py
 * does (train step at batch 64 with Adam, forward pass at batch 16, peak RSS), in its output format.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark the ARCH.md U-Net (train step, sample step, memory).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--base", defaultValue = "32", description = "base channels (default: ${DEFAULT-VALUE})")
    int base;

    @Option(names = "--batch", defaultValue = "64", description = "training batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--sample-batch", defaultValue = "16", description = "sampling batch (default: ${DEFAULT-VALUE})")
    int sampleBatch;

    @Option(names = "--steps", defaultValue = "20", description = "timed train steps after warm-up (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--sample-only", description = "time only the sample step (a short run for engine work; no train figure)")
    boolean sampleOnly;

    @Option(names = "--train-only", description = "time only the train step (a short run for engine work; no sample figure)")
    boolean trainOnly;

    @Option(names = "--sample-steps", defaultValue = "30", description = "timed sample steps after warm-up (default: ${DEFAULT-VALUE}, as the peer)")
    int sampleSteps;

    @Option(names = "--trace", description = "print every step's time, warm-up included (to see how long warm-up lasts)")
    boolean trace;

    @Option(names = "--soak", defaultValue = "0", description = "extra train steps afterwards, reporting RSS, the median step and the Java heap every 250 (memory flatness)")
    int soak;

    @Option(names = "--abab", defaultValue = "0", paramLabel = "ROUNDS", description = "run the PyTorch peer and this "
            + "bench alternately, each in its own process, ROUNDS times, and print the median of the per-round ratios ours/peer")
    int abab;

    @Option(names = "--peer", defaultValue = "../shared/bench/torch_unet_bench.py", description = "with --abab: the peer "
            + "benchmark script (default: ${DEFAULT-VALUE})")
    String peer;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "with --abab: the Python that runs the "
            + "peer (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--first-frame", description = "time the Generate tab's first step after a click, as the app "
            + "runs it: load the bundled model, warm up, wait like a user, click (docs/benchmarks.md, section 'First steps: the JIT's warm-up')")
    boolean firstFrame;

    @Option(names = "--wait-ms", defaultValue = "3000", description = "with --first-frame: how long the user waits "
            + "after the model is loaded before clicking (default: ${DEFAULT-VALUE})")
    int waitMs;

    @Option(names = "--warm-up-steps", defaultValue = "" + org.ddpmexplorer.diffusion.SamplingWarmup.DEFAULT_STEPS,
            description = "with --first-frame: the app's warm-up steps, 0 for none (default: ${DEFAULT-VALUE})")
    int warmUpSteps;

    @Option(names = "--generate-samples", defaultValue = "4", description = "with --first-frame: the batch (default: "
            + "${DEFAULT-VALUE}, the Generate tab's)")
    int generateSamples;

    @Override
    public Integer call() throws Exception {
        if (abab != 0) {
            return alternate();
        }
        if (firstFrame) {
            return new FirstFrameBench(waitMs, warmUpSteps, generateSamples, 6).run(System.out);
        }
        TrainCommand.checkBase(base);
        if (trainOnly && sampleOnly) {
            throw new CliErrors.UserError("--train-only and --sample-only exclude each other");
        }
        if (batch < 1 || sampleBatch < 1 || steps < 1 || sampleSteps < 1) {
            throw new CliErrors.UserError("the batches and steps must be positive");
        }
        UNetConfig cfg = UNetConfig.reference(base);
        // random images in [-1, 1] as the peer does (x0 = rand * 2 - 1); the data does not change the cost
        int side = cfg.imageSize(), n = 1024;
        byte[] px = new byte[n * side * side];
        new java.util.Random(42).nextBytes(px);
        ByteImageDataset data = new ByteImageDataset("random", px, null, n, side, 1, side, java.util.List.of());
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.LINEAR, 1000);
        Trainer tr = new Trainer(cfg, d, data, TrainConfig.defaults(1_000_000).withBatch(batch).withWarmup(0));
        System.out.println("bench params " + tr.model().numParams());
        double[] ms = new double[steps];
        for (int i = 0; !sampleOnly && i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            tr.trainStep();
            trace("train", i + 1, i < warmup, t0);
            if (i == warmup - 1) {
                UNet.profileReport(); // the profile covers the timed steps only
            }
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        if (!sampleOnly) {
            System.out.printf(java.util.Locale.ROOT, "bench train_step_ms_batch%d %.1f%n", batch, median(ms));
            printProfile("train (" + steps + " timed steps)");
        }
        if (!trainOnly) {
            UNet net = tr.ema();
            INDArray x = GaussianDiffusion.gaussian(new java.util.Random(1), sampleBatch, side, side, 1);
            int[] t = new int[sampleBatch];
            Arrays.fill(t, 499); // the peer times t = 500
            int timed = sampleSteps; // 30 as the peer
            double[] fs = new double[timed];
            for (int i = 0; i < warmup + timed; i++) {
                long t0 = System.nanoTime();
                net.sample(x, t, null);
                trace("sample", i + 1, i < warmup, t0);
                if (i == warmup - 1) {
                    UNet.profileReport(); // the profile covers the timed steps only
                }
                if (i >= warmup) {
                    fs[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
            System.out.printf(java.util.Locale.ROOT, "bench sample_step_ms_batch%d %.1f%n", sampleBatch, median(fs));
            printProfile("sample (" + timed + " timed steps)");
        }
        double[] soakMs = new double[250];
        for (int i = 1; i <= soak; i++) {
            long t0 = System.nanoTime();
            tr.trainStep();
            trace("soak", i, false, t0);
            soakMs[(i - 1) % 250] = (System.nanoTime() - t0) / 1e6;
            if (i % 250 == 0) {
                Runtime rt = Runtime.getRuntime();
                System.out.printf(java.util.Locale.ROOT, "bench soak_step %d rss_mb %d step_ms_median_of_last_250 %.1f"
                        + " heap_used_mb %d heap_committed_mb %d%n", i, rss("VmRSS"), median(soakMs),
                        (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
            }
        }
        System.out.println("bench peak_rss_mb " + rss("VmHWM"));
        return 0;
    }

    /**
     * --abab: the peer with this bench's sizes and warm-up, then this bench in a new JVM (the same java, class
     * path and Launcher, so it restarts itself with the malloc settings as a plain {@code bench} does).
     */
    private int alternate() throws java.io.IOException, InterruptedException {
        if (abab < 1 || abab > 100) {
            throw new CliErrors.UserError("--abab takes 1 to 100 rounds, got " + abab);
        }
        if (!Files.isRegularFile(Path.of(peer))) {
            throw new CliErrors.UserError("--peer: " + peer + " is not a file (the PyTorch benchmark script)");
        }
        String sizes = String.format(java.util.Locale.ROOT, "--base %d --batch %d --sample-batch %d --steps %d --warmup %d",
                base, batch, sampleBatch, steps, warmup);
        java.util.List<String> peerCmd = new java.util.ArrayList<>(java.util.List.of(python, peer));
        peerCmd.addAll(java.util.List.of(sizes.split(" ")));
        String javaCmd = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.util.List<String> ours = new java.util.ArrayList<>(java.util.List.of(javaCmd, "-cp",
                System.getProperty("java.class.path"), "org.ddpmexplorer.app.Launcher", "bench"));
        ours.addAll(java.util.List.of(sizes.split(" ")));
        ours.addAll(java.util.List.of("--sample-steps", Integer.toString(sampleSteps)));
        new AbabBench(peerCmd, ours).run(abab, System.out);
        return 0;
    }

    /** With --trace: one line for the n-th step of this kind, its time, and whether it was a warm-up step. */
    private void trace(String what, int n, boolean warmUp, long t0) {
        if (trace) {
            System.out.printf(java.util.Locale.ROOT, "bench trace %s %d %.1f%s%n", what, n, (System.nanoTime() - t0) / 1e6,
                    warmUp ? " (warm-up)" : "");
        }
    }

    /** With -Dddpm.profile=true: the time per kind of operation since the last report. */
    private static void printProfile(String what) {
        String report = UNet.profileReport();
        if (!report.isEmpty()) {
            System.out.println("bench profile " + what + ":");
            System.out.print(report);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** A line of /proc/self/status in MB (VmHWM: peak resident set; VmRSS: current). */
    static long rss(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
