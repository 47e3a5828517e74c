package org.ddpmexplorer.diffusion;

/**
 * How to sample.
 *
 * @param kind          DDPM ancestral sampling (Ho et al. Algorithm 2) or DDIM (Song et al. 2021)
 * @param steps         number of denoising steps, 1..T (DDPM with fewer than T steps uses the respaced
 *                      schedule of Nichol &amp; Dhariwal, section 4)
 * @param eta           DDIM's η in [0, 1]: 0 is deterministic, 1 has DDPM's variance
 * @param variance      DDPM's σ_t²: β_t or β̃_t
 * @param clipDenoised  clip x̂_0 to [-1, 1] before using it
 * @param guidanceScale classifier-free guidance w: ε̂ = ε_u + w (ε_c − ε_u); 1 is plain conditional sampling
 * @param seed          seed of the initial noise and of every step's z
 */
public record SamplerConfig(Kind kind, int steps, double eta, Variance variance, boolean clipDenoised,
                            double guidanceScale, long seed) {
    public enum Kind {
        DDPM, DDIM;

        @Override
        public String toString() {
            return name();
        }
    }

    /** The two choices of Ho et al. for σ_t² (section 3.2). */
    public enum Variance {
        /** σ_t² = β_t, optimal for x_0 ~ N(0, I). */
        BETA,
        /** σ_t² = β̃_t = β_t (1-ᾱ_{t-1})/(1-ᾱ_t), optimal for a deterministic x_0. */
        POSTERIOR;

        /** The σ_t² of a model's fixed variance type (β̃_t for fixed-small; β_t otherwise, unused when learned). */
        public static Variance of(VarianceType type) {
            return type == VarianceType.FIXED_SMALL ? POSTERIOR : BETA;
        }

        @Override
        public String toString() {
            return this == BETA ? "σ² = β_t" : "σ² = β̃_t";
        }
    }

    /** Largest classifier-free guidance scale offered (beyond it samples saturate). */
    public static final double MAX_GUIDANCE = 20;

    public SamplerConfig {
        if (kind == null || variance == null) {
            throw new IllegalArgumentException("sampler kind and variance are required");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("η must be in [0, 1], got " + eta);
        }
        if (!(guidanceScale >= 0 && guidanceScale <= MAX_GUIDANCE)) {
            throw new IllegalArgumentException("guidance scale must be in [0, " + MAX_GUIDANCE + "], got " + guidanceScale);
        }
    }

    public static SamplerConfig ddpm(int steps, long seed) {
        return new SamplerConfig(Kind.DDPM, steps, 1, Variance.BETA, true, 1, seed);
    }

    public static SamplerConfig ddim(int steps, double eta, long seed) {
        return new SamplerConfig(Kind.DDIM, steps, eta, Variance.BETA, true, 1, seed);
    }

    public SamplerConfig withGuidance(double w) {
        return new SamplerConfig(kind, steps, eta, variance, clipDenoised, w, seed);
    }

    public SamplerConfig withSeed(long s) {
        return new SamplerConfig(kind, steps, eta, variance, clipDenoised, guidanceScale, s);
    }

    public SamplerConfig withVariance(Variance v) {
        return new SamplerConfig(kind, steps, eta, v, clipDenoised, guidanceScale, seed);
    }

    public SamplerConfig withClip(boolean clip) {
        return new SamplerConfig(kind, steps, eta, variance, clip, guidanceScale, seed);
    }

    public SamplerConfig withSteps(int s) {
        return new SamplerConfig(kind, s, eta, variance, clipDenoised, guidanceScale, seed);
    }
}
