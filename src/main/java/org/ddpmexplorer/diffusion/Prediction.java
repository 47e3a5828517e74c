package org.ddpmexplorer.diffusion;

/**
 * What the network predicts from (x_t, t): improved-diffusion's ModelMeanType plus v of Salimans
 * &amp; Ho (2022). Training minimises the mean squared error to the chosen target;
 * {@link Parameterization} converts any of them into the others.
 */
public enum Prediction {
    /** The noise ε of x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε (Ho et al. 2020; the papers' choice). */
    EPSILON("eps"),
    /** The clean image x_0 itself. */
    START_X("x0"),
    /** The mean μ̃_t(x_t, x_0) of the posterior q(x_{t-1} | x_t, x_0) (Ho et al. eq. 7). */
    PREVIOUS_X("mean"),
    /** The velocity v = √ᾱ_t ε − √(1-ᾱ_t) x_0 (Salimans &amp; Ho 2022, section 4). */
    VELOCITY("v");

    private final String id;

    Prediction(String id) {
        this.id = id;
    }

    /** The name used on the command line and in model files: eps, x0, mean or v. */
    public String id() {
        return id;
    }

    /** Parses an {@link #id()} (case-insensitive); null or blank gives {@link #EPSILON}. */
    public static Prediction parse(String s) {
        if (s == null || s.isBlank()) {
            return EPSILON;
        }
        for (Prediction p : values()) {
            if (p.id.equalsIgnoreCase(s.trim()) || p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown prediction '" + s + "' (expected eps, x0, mean or v)");
    }

    /** The symbol of the predicted quantity: ε̂, x̂₀, μ̂ or v̂. */
    public String symbol() {
        return switch (this) {
            case EPSILON -> "ε̂";
            case START_X -> "x̂₀";
            case PREVIOUS_X -> "μ̂";
            case VELOCITY -> "v̂";
        };
    }

    @Override
    public String toString() {
        return switch (this) {
            case EPSILON -> "ε (noise)";
            case START_X -> "x₀ (clean image)";
            case PREVIOUS_X -> "μ (mean of x_{t-1})";
            case VELOCITY -> "v (velocity)";
        };
    }
}
