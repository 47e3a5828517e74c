package org.ddpmexplorer.train;

import java.util.Arrays;
import java.util.List;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.UNetConfig;

/**
 * The bench's training step (ARCH.md's U-Net at base 32, batch 64) with the batch split into one share
 * per core and whole, alternating step by step in one process, so that whatever else the machine runs
 * weighs on both alike. Run: {@code java -XX:+UseSerialGC -cp target/ddpm-explorer.jar:target/test-classes
 * org.ddpmexplorer.train.SplitTrainingBench [pairs] [batch]} (with the Launcher's malloc settings in the
 * environment: MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296).
 */
public final class SplitTrainingBench {
    private SplitTrainingBench() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20, batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        UNetConfig cfg = UNetConfig.reference(32);
        int side = cfg.imageSize(), n = 1024;
        byte[] px = new byte[n * side * side];
        new java.util.Random(42).nextBytes(px);
        ByteImageDataset data = new ByteImageDataset("random", px, null, n, side, 1, side, List.of());
        // two trainers, so that each keeps the buffers of its batch shapes
        Trainer[] trainers = new Trainer[2];
        for (int mode = 0; mode < 2; mode++) {
            trainers[mode] = new Trainer(cfg, new GaussianDiffusion(BetaSchedule.LINEAR, 1000), data,
                    TrainConfig.defaults(1_000_000).withBatch(batch).withWarmup(0));
            trainers[mode].model().setTrainingShares(mode == 0 ? 0 : 1);
        }
        double[] split = new double[pairs], whole = new double[pairs];
        for (int i = -5; i < pairs; i++) { // 5 warm-up pairs
            for (int mode = 0; mode < 2; mode++) {
                boolean s = (i + mode) % 2 == 0; // which goes first alternates
                Trainer tr = trainers[s ? 0 : 1];
                long t0 = System.nanoTime();
                tr.trainStep();
                double ms = (System.nanoTime() - t0) / 1e6;
                if (i >= 0) {
                    (s ? split : whole)[i] = ms;
                }
            }
        }
        Arrays.sort(split);
        Arrays.sort(whole);
        System.out.printf(java.util.Locale.ROOT, "split median %.1f ms (min %.1f), whole median %.1f ms (min %.1f), ratio %.3f%n",
                split[pairs / 2], split[0], whole[pairs / 2], whole[0], split[pairs / 2] / whole[pairs / 2]);
        System.out.println("peak_rss_mb " + rss());
    }

    private static long rss() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
