package org.ddpmexplorer.cli;

import java.io.PrintStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ddpmexplorer.diffusion.ClassLabels;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.diffusion.SamplingWarmup;
import org.ddpmexplorer.nn.NativeEngine;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Models;

/**
 * {@code bench --first-frame}: what a user of the Generate tab waits for after pressing Generate for the
 * first time, reproduced headless. It loads the bundled model on a background thread as the app does
 * (nice 10, OpenMP's idle threads sleeping as in the GUI), starts the app's warm-up
 * ({@link SamplingWarmup}) unless told not to, waits like a user who reads the tab first, then
 * "clicks": stops the warm-up, and times what the tab's worker does before the first live frame (the
 * denoiser if not built yet, the sampler from noise, its first step and the heap copies the live view
 * reads) and the next few steps. The app's own figure, from the click to the frame on screen, is the
 * {@code generate first_frame_ms} line of {@code -Dddpm.trace=true}.
 */
final class FirstFrameBench {
    private final int waitMs, warmupSteps, samples, steps;
    /** With -Dddpm.profile=true: the time per kind of operation in the first step after the click. */
    private volatile String profile = "";
    /** From the click until the denoiser was there (built then, or by the warm-up). */
    private volatile double denoiserReadyMs;

    /**
     * @param waitMs      how long the user waits after the model is loaded before clicking
     * @param warmupSteps the warm-up's steps (0: none, the cold engine)
     * @param samples     the batch (the Generate tab's default is 4)
     * @param steps       steps timed after the click (the first is the figure)
     */
    FirstFrameBench(int waitMs, int warmupSteps, int samples, int steps) {
        if (waitMs < 0 || warmupSteps < 0 || samples < 1 || steps < 1) {
            throw new CliErrors.UserError("--wait-ms and --warm-up-steps must be >= 0, --generate-samples and --sample-steps >= 1");
        }
        this.waitMs = waitMs;
        this.warmupSteps = warmupSteps;
        this.samples = samples;
        this.steps = steps;
    }

    /** The app's worker threads: nice 10 (TaskExecutor.BACKGROUND). */
    private static ExecutorService workers() {
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(() -> {
                NativeEngine.lowerThisThreadsPriority();
                r.run();
            }, "bench-worker");
            t.setDaemon(true);
            return t;
        });
    }

    int run(PrintStream out) throws Exception {
        NativeEngine.applyOpenMpEnv(); // as the GUI, before the natives load
        ExecutorService pool = workers();
        try {
            long t0 = System.nanoTime();
            Checkpoint ck = pool.submit(Models::loadPretrained).get();
            out.printf(java.util.Locale.ROOT, "bench first_frame load_ms %.1f%n", ms(t0));
            UNetConfig u = ck.header().unet();
            long[] shape = {samples, u.imageSize(), u.imageSize(), u.imageChannels()};
            // the tab's default labels: "any class", seed 1
            int[] classes = u.conditional() ? ClassLabels.anyClass(1, samples, u.numClasses()) : null;
            AtomicBoolean cancelled = new AtomicBoolean();
            Denoiser[] built = new Denoiser[1];
            long tw = System.nanoTime();
            long[] warmEnd = {0};
            int[] warmSteps = {0};
            Future<?> warm = warmupSteps == 0 ? null : pool.submit(() -> {
                Denoiser d = denoiser(ck, built);
                warmSteps[0] = SamplingWarmup.run(ck.diffusion(), d, shape, classes, 1, warmupSteps, cancelled::get);
                warmEnd[0] = System.nanoTime();
            });
            Thread.sleep(waitMs);
            cancelled.set(true); // the click
            org.ddpmexplorer.nn.UNet.profileReport(); // -Dddpm.profile=true: from here
            long click = System.nanoTime(), cpu0 = processCpuNanos();
            double[] stepMs = pool.submit(() -> firstSteps(ck, built, shape, classes, click)).get();
            double cpuMs = (processCpuNanos() - cpu0) / 1e6;
            if (warm != null) {
                warm.get();
                out.printf(java.util.Locale.ROOT, "bench first_frame warmup_steps %d warmup_ms %.1f finished_before_click %b%n",
                        warmSteps[0], (warmEnd[0] - tw) / 1e6, warmEnd[0] != 0 && warmEnd[0] <= click);
            }
            StringBuilder rest = new StringBuilder();
            for (int i = 1; i < stepMs.length; i++) {
                rest.append(String.format(java.util.Locale.ROOT, " %.1f", stepMs[i]));
            }
            out.printf(java.util.Locale.ROOT, "bench first_frame samples %d wait_ms %d warm_up_steps %d first_step_ms %.1f%n",
                    samples, waitMs, warmupSteps, stepMs[0]);
            out.printf(java.util.Locale.ROOT, "bench first_frame process_cpu_ms_during_the_timed_steps %.1f denoiser_ready_ms %.1f%n",
                    cpuMs, denoiserReadyMs);
            out.println("bench first_frame next_steps_ms" + rest);
            if (!profile.isEmpty()) {
                out.println("bench profile the first step after the click:");
                out.print(profile);
            }
            return 0;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The Generate tab's cached denoiser: built once, by the warm-up or by the first run. */
    private static Denoiser denoiser(Checkpoint ck, Denoiser[] built) {
        synchronized (built) {
            if (built[0] == null) {
                built[0] = new UNetDenoiser(ck.emaNetwork());
            }
            return built[0];
        }
    }

    /** The tab's worker after a click: per step, the time from the click (first) or from the step before. */
    private double[] firstSteps(Checkpoint ck, Denoiser[] built, long[] shape, int[] classes, long click) {
        Denoiser d = denoiser(ck, built);
        denoiserReadyMs = (System.nanoTime() - click) / 1e6;
        // the tab's defaults: DDPM on 100 respaced steps, σ² = β̃_t, clipped, seed 1
        SamplerConfig cfg = new SamplerConfig(SamplerConfig.Kind.DDPM, Math.min(100, ck.header().timesteps()), 0,
                SamplerConfig.Variance.POSTERIOR, true, 1, 1);
        Sampler s = Sampler.fromNoise(ck.diffusion(), d, cfg, shape, classes);
        double[] ms = new double[Math.min(steps, s.count())];
        long from = click;
        for (int i = 0; i < ms.length; i++) {
            SamplingStep st = s.next();
            st.xtValues();
            st.predictedStartValues();
            st.predictedNoiseValues();
            long now = System.nanoTime();
            ms[i] = (now - from) / 1e6;
            from = now;
            if (i == 0) {
                profile = org.ddpmexplorer.nn.UNet.profileReport();
            }
        }
        return ms;
    }

    /** CPU time of the whole process (every thread: the engine's, the JIT's, the collector's). */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
