package org.ddpmexplorer.diffusion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward process of a DDPM and the quantities derived from its schedule (Ho et al. 2020),
 * named as in openai/improved-diffusion. All arrays are in double and indexed by the paper's
 * timestep t = 0..T, where t = 0 is the clean image: {@code betas[0] = 0},
 * {@code alphasCumprod[0] = 1}.
 */
public final class GaussianDiffusion {
    private final BetaSchedule schedule;
    private final int timesteps;
    private final double[] betas;
    private final double[] alphas;
    private final double[] alphasCumprod;
    private final double[] sqrtAlphasCumprod;
    private final double[] sqrtOneMinusAlphasCumprod;
    private final double[] posteriorVariance;

    public GaussianDiffusion(BetaSchedule schedule, int timesteps) {
        this.schedule = schedule;
        this.timesteps = timesteps;
        double[] b = schedule.betas(timesteps);
        betas = new double[timesteps + 1];
        alphas = new double[timesteps + 1];
        alphasCumprod = new double[timesteps + 1];
        sqrtAlphasCumprod = new double[timesteps + 1];
        sqrtOneMinusAlphasCumprod = new double[timesteps + 1];
        posteriorVariance = new double[timesteps + 1];
        alphas[0] = 1;
        alphasCumprod[0] = 1;
        sqrtAlphasCumprod[0] = 1;
        for (int t = 1; t <= timesteps; t++) {
            betas[t] = b[t - 1];
            alphas[t] = 1 - betas[t];
            alphasCumprod[t] = alphasCumprod[t - 1] * alphas[t];
            sqrtAlphasCumprod[t] = Math.sqrt(alphasCumprod[t]);
            sqrtOneMinusAlphasCumprod[t] = Math.sqrt(1 - alphasCumprod[t]);
            // β̃_t = β_t (1 - ᾱ_{t-1}) / (1 - ᾱ_t), Ho et al. eq. 7
            posteriorVariance[t] = betas[t] * (1 - alphasCumprod[t - 1]) / (1 - alphasCumprod[t]);
        }
    }

    public BetaSchedule schedule() {
        return schedule;
    }

    /** T, the number of diffusion steps. */
    public int timesteps() {
        return timesteps;
    }

    /** β_t (0 at t = 0). */
    public double beta(int t) {
        return betas[check(t)];
    }

    /** α_t = 1 - β_t. */
    public double alpha(int t) {
        return alphas[check(t)];
    }

    /** ᾱ_t = ∏_{s≤t} α_s (1 at t = 0). */
    public double alphaBar(int t) {
        return alphasCumprod[check(t)];
    }

    /** √ᾱ_t, the signal coefficient of q(x_t | x_0). */
    public double sqrtAlphaBar(int t) {
        return sqrtAlphasCumprod[check(t)];
    }

    /** √(1-ᾱ_t), the noise coefficient of q(x_t | x_0). */
    public double sqrtOneMinusAlphaBar(int t) {
        return sqrtOneMinusAlphasCumprod[check(t)];
    }

    /** β̃_t = β_t(1-ᾱ_{t-1})/(1-ᾱ_t), the variance of the posterior q(x_{t-1} | x_t, x_0). */
    public double posteriorVariance(int t) {
        return posteriorVariance[check(t)];
    }

    /** Signal-to-noise ratio ᾱ_t/(1-ᾱ_t) (infinite at t = 0). */
    public double snr(int t) {
        double ab = alphaBar(t);
        return ab / (1 - ab);
    }

    /** Copies of the schedule arrays, indexed by t = 0..T. */
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    public double[] betas() {
        return betas.clone();
    }

    /**
     * Samples q(x_t | x_0) in closed form (Ho et al. eq. 4): x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε.
     * Returns a new array; the inputs are not changed.
     */
    public INDArray qSample(INDArray x0, int t, INDArray noise) {
        return x0.mul(sqrtAlphaBar(t)).addi(noise.mul(sqrtOneMinusAlphaBar(t)));
    }

    /** The same on float arrays: {@code out[i] = √ᾱ_t x0[i] + √(1-ᾱ_t) noise[i]}. */
    public void qSample(float[] x0, int t, float[] noise, float[] out, int from, int to) {
        float a = (float) sqrtAlphaBar(t), s = (float) sqrtOneMinusAlphaBar(t);
        for (int i = from; i < to; i++) {
            out[i] = a * x0[i] + s * noise[i];
        }
    }

    /**
     * One step of the forward Markov chain q(x_t | x_{t-1}) = N(√(1-β_t) x_{t-1}, β_t I)
     * (Ho et al. eq. 2). Returns a new array.
     */
    public INDArray qStep(INDArray xPrev, int t, INDArray noise) {
        if (t < 1) {
            throw new IllegalArgumentException("q(x_t | x_{t-1}) needs t >= 1, got " + t);
        }
        return xPrev.mul(Math.sqrt(alphas[t])).addi(noise.mul(Math.sqrt(betas[t])));
    }

    /**
     * x̂_0 = (x_t - √(1-ᾱ_t) ε̂) / √ᾱ_t: the clean image implied by a noise prediction
     * (Ho et al. eq. 15 rearranged). Returns a new array.
     */
    public INDArray predictStartFromNoise(INDArray xt, int t, INDArray eps) {
        return xt.sub(eps.mul(sqrtOneMinusAlphaBar(t))).divi(sqrtAlphaBar(t));
    }

    /** ε = (x_t - √ᾱ_t x̂_0) / √(1-ᾱ_t): the noise implied by a prediction of x_0. */
    public INDArray predictNoiseFromStart(INDArray xt, int t, INDArray x0) {
        return xt.sub(x0.mul(sqrtAlphaBar(t))).divi(sqrtOneMinusAlphaBar(t));
    }

    /**
     * The mean of the posterior q(x_{t-1} | x_t, x_0) (Ho et al. eq. 7):
     * μ̃_t = β_t √ᾱ_{t-1}/(1-ᾱ_t) · x_0 + (1-ᾱ_{t-1}) √α_t/(1-ᾱ_t) · x_t.
     */
    public INDArray qPosteriorMean(INDArray x0, INDArray xt, int t) {
        check(t);
        if (t < 1) {
            throw new IllegalArgumentException("the posterior needs t >= 1");
        }
        double c1 = posteriorMeanCoef1(t), c2 = posteriorMeanCoef2(t);
        return x0.mul(c1).addi(xt.mul(c2));
    }

    /** β_t √ᾱ_{t-1} / (1-ᾱ_t), the x_0 coefficient of μ̃_t. */
    public double posteriorMeanCoef1(int t) {
        return betas[t] * Math.sqrt(alphasCumprod[t - 1]) / (1 - alphasCumprod[t]);
    }

    /** (1-ᾱ_{t-1}) √α_t / (1-ᾱ_t), the x_t coefficient of μ̃_t. */
    public double posteriorMeanCoef2(int t) {
        return (1 - alphasCumprod[t - 1]) * Math.sqrt(alphas[t]) / (1 - alphasCumprod[t]);
    }

    private int check(int t) {
        if (t < 0 || t > timesteps) {
            throw new IllegalArgumentException("t must be in 0.." + timesteps + ", got " + t);
        }
        return t;
    }

    /** Standard normal noise of the given shape from a seeded java.util.Random (thread-safe per instance). */
    public static INDArray gaussian(java.util.Random rng, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
    }
}
