package org.ddpmexplorer.ui.generate;

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
 */
public record StepInfo(SamplerConfig.Kind kind, int index, int count, int t, int tPrev, double beta, double alphaBar,
                       double alphaBarPrev, double sigma) {

    static StepInfo of(SamplerConfig.Kind kind, SamplingStep s) {
        return new StepInfo(kind, s.index(), s.count(), s.t(), s.tPrev(), s.beta(), s.alphaBar(), s.alphaBarPrev(),
                s.sigma());
    }

    /** The same numbers, marked as the final sample (after the last step). */
    StepInfo asFinal() {
        return new StepInfo(kind, count + 1, count, t, tPrev, beta, alphaBar, alphaBarPrev, sigma);
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
