package org.ddpmexplorer.diffusion;

import java.util.Locale;

/**
 * The noise schedules β_1..β_T of the forward process, computed in double.
 *
 * <ul>
 *   <li>{@link #LINEAR}: Ho et al. 2020, β from 1e-4 to 0.02 over T = 1000; for other T both ends
 *       are scaled by 1000/T (as in improved-diffusion), so that ᾱ_T stays near zero.</li>
 *   <li>{@link #COSINE}: Nichol &amp; Dhariwal 2021, eq. 17: ᾱ(t) = f(t)/f(0),
 *       f(t) = cos²(((t/T)+s)/(1+s)·π/2), s = 0.008.</li>
 *   <li>{@link #SIGMOID}: as lucidrains' denoising-diffusion-pytorch defines it (start -3, end 3,
 *       τ = 1): ᾱ(t) = (σ(end/τ) - σ((t/T·(end-start)+start)/τ)) / (σ(end/τ) - σ(start/τ)).</li>
 * </ul>
 * Every schedule's β_t is clipped to at most {@value #MAX_BETA} (Nichol &amp; Dhariwal clip cosine
 * there; we clip all three so that the linear schedule stays valid for small T, where
 * 0.02·1000/T would exceed 1).
 */
public enum BetaSchedule {
    LINEAR, COSINE, SIGMOID;

    /** Upper clip of β_t, from Nichol &amp; Dhariwal (2021), to avoid singularities near t = T. */
    public static final double MAX_BETA = 0.999;
    /** Smallest and largest number of diffusion steps the app offers. */
    public static final int MIN_T = 2, MAX_T = 4000;

    /** Offset s of the cosine schedule (Nichol &amp; Dhariwal: "slightly smaller than 1/127.5"). */
    static final double COSINE_S = 0.008;
    /** β_1 and β_T of the linear schedule at T = 1000 (Ho et al. 2020, section 4). */
    static final double LINEAR_BETA_START = 1e-4, LINEAR_BETA_END = 0.02;
    /** Sigmoid schedule parameters, lucidrains' defaults. */
    static final double SIGMOID_START = -3, SIGMOID_END = 3, SIGMOID_TAU = 1;

    /**
     * β_1..β_T for this schedule.
     *
     * @param timesteps T, the number of diffusion steps
     * @return an array of length T whose element i is β_{i+1}
     */
    public double[] betas(int timesteps) {
        if (timesteps < MIN_T || timesteps > MAX_T) {
            throw new IllegalArgumentException("T must be in " + MIN_T + ".." + MAX_T + ", got " + timesteps);
        }
        double[] betas = new double[timesteps];
        switch (this) {
            case LINEAR -> {
                double scale = 1000.0 / timesteps;
                double start = scale * LINEAR_BETA_START, end = scale * LINEAR_BETA_END;
                for (int i = 0; i < timesteps; i++) {
                    betas[i] = start + (end - start) * i / (timesteps - 1);
                }
            }
            case COSINE -> fromAlphaBar(betas, t -> {
                double c = Math.cos((t + COSINE_S) / (1 + COSINE_S) * Math.PI / 2);
                return c * c;
            });
            case SIGMOID -> {
                double vStart = sigmoid(SIGMOID_START / SIGMOID_TAU), vEnd = sigmoid(SIGMOID_END / SIGMOID_TAU);
                fromAlphaBar(betas, t -> (vEnd - sigmoid((t * (SIGMOID_END - SIGMOID_START) + SIGMOID_START) / SIGMOID_TAU))
                        / (vEnd - vStart));
            }
            default -> throw new AssertionError(this);
        }
        for (int i = 0; i < timesteps; i++) {
            betas[i] = Math.min(betas[i], MAX_BETA);
        }
        return betas;
    }

    /** β_t = 1 - ᾱ(t/T)/ᾱ((t-1)/T), with ᾱ normalised so that ᾱ(0) = 1. */
    private static void fromAlphaBar(double[] betas, java.util.function.DoubleUnaryOperator f) {
        int timesteps = betas.length;
        double f0 = f.applyAsDouble(0);
        double prev = 1.0;
        for (int i = 1; i <= timesteps; i++) {
            double cur = f.applyAsDouble((double) i / timesteps) / f0;
            betas[i - 1] = 1 - cur / prev;
            prev = cur;
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Lower-case name, as used on the command line and in checkpoints. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code linear}, {@code cosine} or {@code sigmoid}, case-insensitively. */
    public static BetaSchedule parse(String s) {
        for (BetaSchedule b : values()) {
            if (b.name().equalsIgnoreCase(s.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + s + "' (expected linear, cosine or sigmoid)");
    }

    @Override
    public String toString() {
        return switch (this) {
            case LINEAR -> "Linear";
            case COSINE -> "Cosine";
            case SIGMOID -> "Sigmoid";
        };
    }
}
