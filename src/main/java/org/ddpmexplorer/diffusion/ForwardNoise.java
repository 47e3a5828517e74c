package org.ddpmexplorer.diffusion;

import java.util.Random;

/**
 * The forward process on plain float arrays (one NHWC image flattened), for the explorer and the
 * headless {@code forward} command: fast enough to redraw x_t on every slider move, and free of
 * ND4J so that nothing waits for its start-up.
 */
public final class ForwardNoise {
    private ForwardNoise() {
    }

    /**
     * ε ~ N(0, I) with n elements, from {@code new Random(mix(seed))}: the same seed always gives
     * the same noise, so x_t is a deterministic function of (x_0, seed, schedule, t).
     */
    public static float[] gaussian(long seed, int n) {
        Random rng = new Random(mix(seed));
        float[] eps = new float[n];
        for (int i = 0; i < n; i++) {
            eps[i] = (float) rng.nextGaussian();
        }
        return eps;
    }

    /**
     * SplitMix64's finaliser (Steele et al. 2014): a bijection that scrambles the bits of a seed.
     * java.util.Random's first outputs for nearby seeds (1, 2, 3, …) are strongly correlated,
     * so every seed goes through this before it reaches a Random.
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε (Ho et al. eq. 4), the closed form of q(x_t | x_0).
     *
     * @return a new array
     */
    public static float[] closedForm(GaussianDiffusion d, float[] x0, int t, float[] eps) {
        if (x0.length != eps.length) {
            throw new IllegalArgumentException("x0 and ε differ in length: " + x0.length + " vs " + eps.length);
        }
        float[] out = new float[x0.length];
        d.qSample(x0, t, eps, out, 0, x0.length);
        return out;
    }

    /**
     * One step of the chain, in place: x_t = √(1-β_t) x_{t-1} + √β_t z, z ~ N(0, I), i.e. a sample
     * of q(x_t | x_{t-1}) = N(√(1-β_t) x_{t-1}, β_t I) (Ho et al. eq. 2).
     */
    public static void step(GaussianDiffusion d, float[] x, int t, Random rng) {
        if (t < 1) {
            throw new IllegalArgumentException("q(x_t | x_{t-1}) needs t >= 1, got " + t);
        }
        float a = (float) Math.sqrt(d.alpha(t)), s = (float) Math.sqrt(d.beta(t));
        for (int i = 0; i < x.length; i++) {
            x[i] = a * x[i] + s * (float) rng.nextGaussian();
        }
    }
}
