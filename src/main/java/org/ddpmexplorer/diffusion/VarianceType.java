package org.ddpmexplorer.diffusion;

/**
 * The variance Σ_θ(x_t, t) = σ_t² I of each reverse step p(x_{t-1} | x_t): improved-diffusion's
 * ModelVarType. The two fixed choices are Ho et al.'s (section 3.2); the learned one is Nichol &amp;
 * Dhariwal's (2021, eq. 15): the network outputs, per value, an extra channel o in [-1, 1] roughly,
 * mapped to v = (o + 1)/2, and Σ = exp(v log β_t + (1 − v) log β̃_t).
 */
public enum VarianceType {
    /** σ_t² = β̃_t = β_t (1-ᾱ_{t-1})/(1-ᾱ_t), optimal for a deterministic x_0. */
    FIXED_SMALL("fixed-small"),
    /** σ_t² = β_t, optimal for x_0 ~ N(0, I) (and the DDPM sampler's default). */
    FIXED_LARGE("fixed-large"),
    /** σ_t² interpolated in the log domain between β̃_t and β_t by the network's extra channels. */
    LEARNED_RANGE("learned");

    private final String id;

    VarianceType(String id) {
        this.id = id;
    }

    /** The name used on the command line and in model files. */
    public String id() {
        return id;
    }

    /** Whether the network outputs the variance (twice the image channels). */
    public boolean learned() {
        return this == LEARNED_RANGE;
    }

    /** Parses an {@link #id()} (case-insensitive); null or blank gives {@link #FIXED_LARGE}. */
    public static VarianceType parse(String s) {
        if (s == null || s.isBlank()) {
            return FIXED_LARGE;
        }
        for (VarianceType v : values()) {
            if (v.id.equalsIgnoreCase(s.trim()) || v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variance '" + s + "' (expected fixed-small, fixed-large or learned)");
    }

    @Override
    public String toString() {
        return switch (this) {
            case FIXED_SMALL -> "fixed σ² = β̃_t";
            case FIXED_LARGE -> "fixed σ² = β_t";
            case LEARNED_RANGE -> "learned σ² in [β̃_t, β_t]";
        };
    }
}
