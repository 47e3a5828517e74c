package org.ddpmexplorer.ui.generate;

import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;

/**
 * The numbers of one reverse step, for the equation panel: the update x_t → x_{t'} and its
 * coefficients.
 *
 * @param kind         DDPM (Ho et al. Algorithm 2, line 4) or DDIM (Song et al. eq. 12)
 * @param index        1-based step number; {@code count + 1} stands for the final sample
 * @param count        steps in the run
 * @param t            timestep of the input x_t
 * @param tPrev        timestep of the output x_{t'} (t − 1 for full DDPM)
 * @param beta         β of the step, 1 − ᾱ_t/ᾱ_{t'}
 * @param alphaBar     ᾱ_t
 * @param alphaBarPrev ᾱ_{t'}
 * @param sigma        σ of the added noise z (0 at the last step)
 * @param prediction   what the network predicted (the rest was derived from it)
 * @param variance     σₜ² of the model's step: the fixed choice, or the learned Σ's mean over the values
 * @param varianceMin  the low end of the learned range, β̃ of the step (at the last step, where β̃ is 0, the
 *                     step before's)
 * @param varianceMax  the high end, β of the step
 * @param learned      whether the network learned the variance
 */
public record StepInfo(SamplerConfig.Kind kind, int index, int count, int t, int tPrev, double beta, double alphaBar,
                       double alphaBarPrev, double sigma, Prediction prediction, double variance, double varianceMin,
                       double varianceMax, boolean learned) {

    /** A step of a noise predictor with fixed variance σ². */
    public StepInfo(SamplerConfig.Kind kind, int index, int count, int t, int tPrev, double beta, double alphaBar,
                    double alphaBarPrev, double sigma) {
        this(kind, index, count, t, tPrev, beta, alphaBar, alphaBarPrev, sigma, Prediction.EPSILON, sigma * sigma,
                beta * (1 - alphaBarPrev) / (1 - alphaBar), beta, false);
    }

    static StepInfo of(SamplerConfig.Kind kind, SamplingStep s) {
        return new StepInfo(kind, s.index(), s.count(), s.t(), s.tPrev(), s.beta(), s.alphaBar(), s.alphaBarPrev(),
                s.sigma(), s.prediction(), s.variance(), s.varianceMin(), s.varianceMax(), s.varianceLearned());
    }

    /** The same numbers, marked as the final sample (after the last step). */
    StepInfo asFinal() {
        return new StepInfo(kind, count + 1, count, t, tPrev, beta, alphaBar, alphaBarPrev, sigma, prediction, variance,
                varianceMin, varianceMax, learned);
    }

    /** β̃ = β (1 − ᾱ_{t'})/(1 − ᾱ_t), the posterior variance of the step (Ho et al. eq. 7; 0 at the last step). */
    public double betaTilde() {
        return beta * (1 - alphaBarPrev) / (1 - alphaBar);
    }

    /** DDPM: c₁ = β √ᾱ_{t'}/(1 − ᾱ_t), the weight of x̂₀ in the posterior mean μ̃ = c₁ x̂₀ + c₂ x_t (Ho et al. eq. 7). */
    public double posteriorStartScale() {
        return beta * Math.sqrt(alphaBarPrev) / (1 - alphaBar);
    }

    /** DDPM: c₂ = (1 − ᾱ_{t'}) √α/(1 − ᾱ_t), the weight of x_t in μ̃ (Ho et al. eq. 7). */
    public double posteriorInputScale() {
        return (1 - alphaBarPrev) * Math.sqrt(alpha()) / (1 - alphaBar);
    }

    public boolean isFinal() {
        return index > count;
    }

    /** α = 1 − β. */
    public double alpha() {
        return 1 - beta;
    }

    /** DDPM: the factor 1/√α_t in front of the bracket. */
    public double meanScale() {
        return 1 / Math.sqrt(alpha());
    }

    /** DDPM: the factor β_t/√(1 − ᾱ_t) of ε̂ inside the bracket. */
    public double noiseScale() {
        return beta / Math.sqrt(1 - alphaBar);
    }

    /** DDIM: √ᾱ_{t'}, the weight of x̂_0. */
    public double startScale() {
        return Math.sqrt(alphaBarPrev);
    }

    /** DDIM: √(1 − ᾱ_{t'} − σ²), the weight of ε̂ (the "direction pointing to x_t"). */
    public double directionScale() {
        return Math.sqrt(Math.max(0, 1 - alphaBarPrev - sigma * sigma));
    }
}
