package org.ddpmexplorer.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every conversion between the four things a network can predict from (x_t, t): the noise ε̂, the
 * clean image x̂_0, the posterior mean μ̂ of x_{t-1}, and the velocity v̂. Given x_t and t each is an
 * affine function of any other, so all of them go through x̂_0:
 * <ul>
 *   <li>ε: x̂_0 = (x_t − √(1-ᾱ_t) ε̂)/√ᾱ_t (Ho et al. eq. 15 rearranged; improved-diffusion's
 *       {@code _predict_xstart_from_eps})</li>
 *   <li>μ: μ̃_t = c₁ x_0 + c₂ x_t with c₁ = √ᾱ_{t-1} β_t/(1-ᾱ_t), c₂ = √α_t (1-ᾱ_{t-1})/(1-ᾱ_t)
 *       (eq. 7), so x̂_0 = (μ̂ − c₂ x_t)/c₁ ({@code _predict_xstart_from_xprev})</li>
 *   <li>v = √ᾱ_t ε − √(1-ᾱ_t) x_0 (Salimans &amp; Ho 2022), so x̂_0 = √ᾱ_t x_t − √(1-ᾱ_t) v̂ and
 *       ε̂ = √(1-ᾱ_t) x_t + √ᾱ_t v̂</li>
 * </ul>
 * The coefficients are computed in double from the schedule; the array loops read and write float.
 * Also the learned variance's mapping (Nichol &amp; Dhariwal 2021, eq. 15).
 */
public final class Parameterization {
    private final GaussianDiffusion diffusion;

    public Parameterization(GaussianDiffusion diffusion) {
        this.diffusion = diffusion;
    }

    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    /** An affine map of a prediction p and x_t: out = a·p + b·x_t. */
    public record Affine(double a, double b) {
        public double apply(double p, double xt) {
            return a * p + b * xt;
        }

        /** This map followed by {@code next}. */
        public Affine then(Affine next) {
            return new Affine(next.a * a, next.a * b + next.b);
        }

        /** The map back: p = (out − b·x_t)/a. */
        public Affine inverse() {
            return new Affine(1 / a, -b / a);
        }
    }

    /** x̂_0 as an affine function of a prediction of kind {@code p} at step t (1..T). */
    public Affine startFrom(Prediction p, int t) {
        checkT(t);
        double sab = diffusion.sqrtAlphaBar(t), s1m = diffusion.sqrtOneMinusAlphaBar(t);
        return switch (p) {
            case EPSILON -> new Affine(-s1m / sab, 1 / sab);
            case START_X -> new Affine(1, 0);
            case PREVIOUS_X -> {
                double c1 = diffusion.posteriorMeanCoef1(t), c2 = diffusion.posteriorMeanCoef2(t);
                yield new Affine(1 / c1, -c2 / c1);
            }
            case VELOCITY -> new Affine(-s1m, sab);
        };
    }

    /** The prediction of kind {@code p} implied by x̂_0 at step t: the inverse of {@link #startFrom}. */
    public Affine fromStart(Prediction p, int t) {
        return startFrom(p, t).inverse();
    }

    /** The map from a prediction of kind {@code from} to the equivalent one of kind {@code to}, at step t. */
    public Affine conversion(Prediction from, Prediction to, int t) {
        return from == to ? new Affine(1, 0) : startFrom(from, t).then(fromStart(to, t));
    }

    /**
     * Converts {@code len} values of a prediction of kind {@code from} into kind {@code to}:
     * {@code out[i] = a·in[inOff + i] + b·xt[xtOff + i]} for the {@link #conversion}'s a and b.
     * {@code out} may be {@code in}.
     */
    public void convert(Prediction from, float[] in, int inOff, Prediction to, float[] xt, int xtOff, int t, float[] out,
                        int outOff, int len) {
        Affine m = conversion(from, to, t);
        double a = m.a(), b = m.b();
        for (int i = 0; i < len; i++) {
            out[outOff + i] = (float) (a * in[inOff + i] + b * xt[xtOff + i]);
        }
    }

    /** {@link #convert} on whole arrays of the same length, into a new array. */
    public float[] convert(Prediction from, float[] in, Prediction to, float[] xt, int t) {
        float[] out = new float[in.length];
        convert(from, in, 0, to, xt, 0, t, out, 0, in.length);
        return out;
    }

    /** {@link #convert} on ND4J arrays; returns a new array of x_t's shape. */
    public INDArray convert(Prediction from, INDArray in, Prediction to, INDArray xt, int t) {
        float[] out = convert(from, values(in), to, values(xt), t);
        return Nd4j.create(out, xt.shape(), 'c');
    }

    /** x̂_0 = (x_t − √(1-ᾱ_t) ε̂)/√ᾱ_t. */
    public INDArray predictStartFromNoise(INDArray xt, int t, INDArray eps) {
        return convert(Prediction.EPSILON, eps, Prediction.START_X, xt, t);
    }

    /** ε̂ = (x_t − √ᾱ_t x̂_0)/√(1-ᾱ_t). */
    public INDArray predictNoiseFromStart(INDArray xt, int t, INDArray x0) {
        return convert(Prediction.START_X, x0, Prediction.EPSILON, xt, t);
    }

    /** x̂_0 = (μ̂ − c₂ x_t)/c₁, from a prediction of the posterior mean of x_{t-1}. */
    public INDArray predictStartFromPrevious(INDArray xt, int t, INDArray mean) {
        return convert(Prediction.PREVIOUS_X, mean, Prediction.START_X, xt, t);
    }

    /** x̂_0 = √ᾱ_t x_t − √(1-ᾱ_t) v̂. */
    public INDArray predictStartFromVelocity(INDArray xt, int t, INDArray v) {
        return convert(Prediction.VELOCITY, v, Prediction.START_X, xt, t);
    }

    /**
     * The training target of kind {@code p} for one value, from the clean value x_0 and the noise ε
     * that made x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε (computed from x_0 and ε, not from a rounded x_t).
     */
    public double target(Prediction p, double x0, double eps, int t) {
        checkT(t);
        double sab = diffusion.sqrtAlphaBar(t), s1m = diffusion.sqrtOneMinusAlphaBar(t);
        return switch (p) {
            case EPSILON -> eps;
            case START_X -> x0;
            case PREVIOUS_X -> diffusion.posteriorMeanCoef1(t) * x0
                    + diffusion.posteriorMeanCoef2(t) * (sab * x0 + s1m * eps);
            case VELOCITY -> sab * eps - s1m * x0;
        };
    }

    /** {@link #target} over ranges of arrays: {@code out[outOff+i]} from {@code x0[off+i]} and {@code eps[off+i]}. */
    public void target(Prediction p, float[] x0, float[] eps, int off, int t, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = (float) target(p, x0[off + i], eps[off + i], t);
        }
    }

    /**
     * The learned variance's log (Nichol &amp; Dhariwal eq. 15, improved-diffusion's LEARNED_RANGE): the
     * network's output o is mapped to v = (o + 1)/2 and log Σ = v log β + (1 − v) log β̃.
     */
    public static double learnedLogVariance(double out, double logBeta, double logBetaTilde) {
        double v = (out + 1) / 2;
        return v * logBeta + (1 - v) * logBetaTilde;
    }

    /**
     * log σ_t² of a fixed variance for the step t → t − 1: log β_t (fixed-large; β_1 replaced by β̃_2 at
     * t = 1, as improved-diffusion does so that the decoder's variance is not smaller than the next
     * step's) or log β̃_t clipped (fixed-small, {@link #logPosteriorVarianceClipped}).
     */
    public double fixedLogVariance(VarianceType type, int t) {
        checkT(t);
        return switch (type) {
            case FIXED_LARGE -> Math.log(t == 1 ? diffusion.posteriorVariance(2) : diffusion.beta(t));
            case FIXED_SMALL, LEARNED_RANGE -> logPosteriorVarianceClipped(t);
        };
    }

    /** log β̃_t, with β̃_1 = 0 replaced by β̃_2 (improved-diffusion's posterior_log_variance_clipped). */
    public double logPosteriorVarianceClipped(int t) {
        checkT(t);
        return Math.log(diffusion.posteriorVariance(t == 1 ? 2 : t));
    }

    /** log β_t, the upper end of the learned range (improved-diffusion's min_log/max_log: max_log = log β_t). */
    public double logBeta(int t) {
        checkT(t);
        return Math.log(diffusion.beta(t));
    }

    private void checkT(int t) {
        if (t < 1 || t > diffusion.timesteps()) {
            throw new IllegalArgumentException("t must be in 1.." + diffusion.timesteps() + ", got " + t);
        }
    }

    static float[] values(INDArray a) {
        return a.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
    }
}
