package org.ddpmexplorer.ui.common;

import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;

/**
 * What the Train and Generate tabs say about a model's parameterisation: the names of the
 * prediction targets and variance choices, one-line explanations for their tooltips, and the
 * captions that tell the network's raw output from what was derived from it. No JavaFX.
 */
public final class ParameterizationText {
    private ParameterizationText() {
    }

    /**
     * β̃ as the app writes it: β followed by the spacing tilde U+02DC, "β˜". JavaFX does not position a
     * combining tilde (U+0303) over β in the app's fonts: it lands inside β's ascender or beside the
     * letter. Every UI string writes β̃ this way (UiTextTest checks the sources).
     */
    public static final String BETA_TILDE = "β\u02DC";

    /** A choice's name in a list: "ε — the noise", "x₀ — the clean image", … */
    public static String label(Prediction p) {
        return switch (p) {
            case EPSILON -> "ε — the noise";
            case START_X -> "x₀ — the clean image";
            case PREVIOUS_X -> "μ — the mean of xₜ₋₁";
            case VELOCITY -> "v — the velocity";
        };
    }

    /** What predicting {@code p} means, for a tooltip. */
    public static String explain(Prediction p) {
        return switch (p) {
            case EPSILON -> "The network predicts the noise ε that was added to x₀ (Ho et al. 2020, the papers' choice); "
                    + "x̂₀ and the step's mean are computed from it.";
            case START_X -> "The network predicts the clean image x₀ directly. At large t its best guess is a blurry "
                    + "average, and samples are usually worse than with ε.";
            case PREVIOUS_X -> "The network predicts the mean μ of the previous step xₜ₋₁. Equivalent to ε up to a "
                    + "per-step scale, but the plain MSE weights the steps differently.";
            case VELOCITY -> "The network predicts v = √ᾱₜ ε − √(1−ᾱₜ) x₀ (Salimans & Ho 2022): mostly noise at "
                    + "small t, mostly image at large t, so the target has unit scale at every t.";
        };
    }

    /** A variance choice's name in a list: "fixed β˜ₜ (posterior)", "fixed βₜ", "learned in [β˜ₜ, βₜ]". */
    public static String label(VarianceType v) {
        return switch (v) {
            case FIXED_SMALL -> "fixed σₜ² = β˜ₜ (posterior)";
            case FIXED_LARGE -> "fixed σₜ² = βₜ";
            case LEARNED_RANGE -> "learned, between β˜ₜ and βₜ";
        };
    }

    /** A sampler's fixed σ² in a list: "σ² = βₜ" or "σ² = β˜ₜ" (its toString writes β̃ with the combining tilde). */
    public static String label(org.ddpmexplorer.diffusion.SamplerConfig.Variance v) {
        return v == org.ddpmexplorer.diffusion.SamplerConfig.Variance.BETA ? "σ² = βₜ" : "σ² = " + BETA_TILDE + "ₜ";
    }

    /** What the variance choice means, for a tooltip. */
    public static String explain(VarianceType v) {
        return switch (v) {
            case FIXED_SMALL -> "Every step adds noise of variance β˜ₜ = βₜ (1−ᾱₜ₋₁)/(1−ᾱₜ), the lower end: right "
                    + "when the data is a single image (Ho et al., section 3.2).";
            case FIXED_LARGE -> "Every step adds noise of variance βₜ, the upper end: right when the data is N(0, I). "
                    + "Ho et al. found both fixed choices give similar samples.";
            case LEARNED_RANGE -> "The network outputs extra channels that choose log σₜ² between log β˜ₜ and log βₜ "
                    + "(Nichol & Dhariwal 2021), trained with L_simple + 0.001 · L_vlb: a better likelihood, "
                    + "and good samples with fewer steps.";
        };
    }

    /** The caption of the x̂₀ panel: the network's output for an x₀ model, derived otherwise. */
    public static String startCaption(Prediction p) {
        return p == Prediction.START_X ? "x̂₀ — predicted" : "x̂₀ — derived from " + p.symbol();
    }

    /** The caption of the ε̂ panel: the network's output for an ε model, derived otherwise. */
    public static String noiseCaption(Prediction p) {
        return p == Prediction.EPSILON ? "ε̂ — predicted" : "ε̂ — derived from " + p.symbol();
    }

    /** "predicts ε · σ² fixed at βₜ": for a model's one-line description. */
    public static String describe(Prediction p, VarianceType v) {
        String target = switch (p) {
            case EPSILON -> "ε";
            case START_X -> "x₀";
            case PREVIOUS_X -> "μ";
            case VELOCITY -> "v";
        };
        String variance = switch (v) {
            case FIXED_SMALL -> "σ² fixed at β˜ₜ";
            case FIXED_LARGE -> "σ² fixed at βₜ";
            case LEARNED_RANGE -> "σ² learned";
        };
        return "predicts " + target + " · " + variance;
    }
}
