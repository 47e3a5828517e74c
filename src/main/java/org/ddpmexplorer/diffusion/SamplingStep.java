package org.ddpmexplorer.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of the reverse process, from x_t to x_{t'} (t' = tPrev, the next timestep of the
 * sequence; 0 after the last step). The arrays are the sampler's own and are not changed later.
 *
 * @param index          1-based number of this step
 * @param count          number of steps in the run
 * @param t              the timestep of the input x_t
 * @param tPrev          the timestep of the output (0: the final sample)
 * @param xt             the input x_t, [N, H, W, C]
 * @param x              the output x_{t'}
 * @param predictedStart x̂_0 (clipped if the sampler clips)
 * @param predictedNoise ε̂ (guided, if guidance is on)
 * @param alphaBar       ᾱ_t
 * @param alphaBarPrev   ᾱ_{t'}
 * @param beta           β of the step, 1 - ᾱ_t/ᾱ_{t'} (β_t for consecutive steps)
 * @param sigma          σ of the noise added (0 at the last step; for a learned variance the root of its
 *                       mean over the values)
 * @param prediction     what the network predicts
 * @param rawPrediction  the network's prediction of that kind, before any conversion or clipping
 *                       (guided, if guidance is on; without the variance channels)
 * @param predictedMean  the mean of x_{t'} before the noise: DDPM's μ̂, DDIM's deterministic update
 * @param variance       σ_t² of the model's step (DDPM's, whatever the sampler): the fixed choice of the
 *                       settings, or the learned Σ's mean over the values
 * @param varianceMin    the low end of the learned range: β̃ of the step (at the last step, where it is
 *                       0, the step before's)
 * @param varianceMax    the high end: β of the step
 * @param learnedVariance the learned Σ per value, or null for a fixed variance
 */
public record SamplingStep(int index, int count, int t, int tPrev, INDArray xt, INDArray x, INDArray predictedStart,
                           INDArray predictedNoise, double alphaBar, double alphaBarPrev, double beta, double sigma,
                           Prediction prediction, INDArray rawPrediction, INDArray predictedMean, double variance,
                           double varianceMin, double varianceMax, INDArray learnedVariance) {

    /** A step of a noise predictor with fixed variance σ² (the raw prediction is ε̂; no mean recorded). */
    public SamplingStep(int index, int count, int t, int tPrev, INDArray xt, INDArray x, INDArray predictedStart,
                        INDArray predictedNoise, double alphaBar, double alphaBarPrev, double beta, double sigma) {
        this(index, count, t, tPrev, xt, x, predictedStart, predictedNoise, alphaBar, alphaBarPrev, beta, sigma,
                Prediction.EPSILON, predictedNoise, null, sigma * sigma,
                beta * (1 - alphaBarPrev) / (1 - alphaBar), beta, null);
    }

    /** Whether the variance was learned by the network. */
    public boolean varianceLearned() {
        return learnedVariance != null;
    }

    /** α of the step, 1 - β. */
    public double alpha() {
        return 1 - beta;
    }

    /** Whether this is the last step (its output is the sample). */
    public boolean last() {
        return tPrev == 0;
    }

    /** The shape [N, H, W, C] of the tensors. */
    public long[] shape() {
        return x.shape();
    }

    /** x_t as a flat NHWC float array (a copy; for code that keeps ND4J out of its types, such as the GUI). */
    public float[] xtValues() {
        return values(xt);
    }

    /** x_{t'}, the output, as a flat NHWC float array (a copy). */
    public float[] xValues() {
        return values(x);
    }

    /** x̂_0 as a flat NHWC float array (a copy). */
    public float[] predictedStartValues() {
        return values(predictedStart);
    }

    /** ε̂ as a flat NHWC float array (a copy). */
    public float[] predictedNoiseValues() {
        return values(predictedNoise);
    }

    /** The network's raw prediction (of kind {@link #prediction()}) as a flat NHWC float array (a copy). */
    public float[] rawPredictionValues() {
        return values(rawPrediction);
    }

    /** The mean of x_{t'} as a flat NHWC float array (a copy), or null when not recorded. */
    public float[] predictedMeanValues() {
        return predictedMean == null ? null : values(predictedMean);
    }

    /** The learned Σ per value as a flat NHWC float array (a copy), or null for a fixed variance. */
    public float[] learnedVarianceValues() {
        return learnedVariance == null ? null : values(learnedVariance);
    }

    private static float[] values(INDArray a) {
        return a.dup('c').data().asFloat();
    }
}
