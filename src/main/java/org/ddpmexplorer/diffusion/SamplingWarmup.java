package org.ddpmexplorer.diffusion;

import java.util.function.BooleanSupplier;

/**
 * Runs a few throw-away sampling steps so that the first step a user asks for is fast: the JIT
 * compiles the sampling path (the network's Java kernels, the sampler's update) and the network
 * allocates its activations for the batch's shape. A cold first step of the bundled model takes
 * several hundred milliseconds, a warmed one tens (docs/benchmarks.md, section 'First steps: the
 * JIT's warm-up'). The steps are those of a DDPM run from noise with a fixed seed; nothing of them is kept.
 */
public final class SamplingWarmup {
    /**
     * Steps a warm-up runs by default: enough for the JIT to have compiled the hot loops of a step
     * (measured with {@code bench --first-frame}; docs/benchmarks.md, section 'First steps: the JIT's warm-up').
     */
    public static final int DEFAULT_STEPS = 6;

    private SamplingWarmup() {
    }

    /**
     * Runs up to {@code steps} sampling steps of {@code model} at batch shape {@code shape}, checking
     * {@code cancelled} before each; a step under way is finished, so the caller's next step waits for
     * at most one.
     *
     * @param shape   [N, H, W, C] of the runs to come (the shape the network's activations are made for)
     * @param classes class per sample for a conditional model, or null
     * @param guidance the runs' classifier-free guidance scale (other than 1 it doubles the network's batch)
     * @return the number of steps run
     */
    public static int run(GaussianDiffusion diffusion, Denoiser model, long[] shape, int[] classes, double guidance,
                          int steps, BooleanSupplier cancelled) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (cancelled.getAsBoolean()) {
            return 0;
        }
        int n = Math.min(steps, diffusion.timesteps());
        // the Generate tab's default kind of run (DDPM, β̃_t, clipped), spread over T so that t varies as in a real run
        SamplerConfig cfg = new SamplerConfig(SamplerConfig.Kind.DDPM, n, 0, SamplerConfig.Variance.POSTERIOR, true,
                guidance, 0);
        Sampler s = Sampler.fromNoise(diffusion, model, cfg, shape, classes);
        int done = 0;
        while (s.hasNext() && !cancelled.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            SamplingStep st = s.next();
            // the heap copies a consumer (the live view) reads from every step
            st.xtValues();
            st.predictedStartValues();
            st.predictedNoiseValues();
            done++;
        }
        return done;
    }
}
