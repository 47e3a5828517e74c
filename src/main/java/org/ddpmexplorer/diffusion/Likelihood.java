package org.ddpmexplorer.diffusion;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.apache.commons.math3.special.Erf;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The variational bound on −log p_θ(x_0) of a DDPM (Ho et al. 2020, eq. 5; Nichol &amp; Dhariwal 2021,
 * section 2 and appendix), in the pieces improved-diffusion names: {@link #normalKl}, the decoder's
 * {@link #discretizedGaussianLogLikelihood} (8-bit images) or {@link #gaussianNll} (continuous
 * data), the prior term {@link #priorNats}, the per-step terms {@link #vlbTermsNats} and the whole
 * bound over all T steps {@link #calcBpdLoop}:
 * L = L_T + Σ_{t&gt;1} L_{t-1} + L_0 with L_T = KL(q(x_T|x_0) ‖ N(0, I)),
 * L_{t-1} = KL(q(x_{t-1}|x_t, x_0) ‖ p_θ(x_{t-1}|x_t)) and L_0 = −log p_θ(x_0|x_1).
 *
 * <p>Terms are sums over an example's values, in nats; {@link #bitsPerDim} divides by D ln 2, which
 * is improved-diffusion's "mean over dimensions / log 2". The normal CDF is exact (commons-math's
 * erfc), where improved-diffusion uses a tanh approximation.
 */
public final class Likelihood {
    /** Half the width of an 8-bit bin on [-1, 1]: values are k/127.5 − 1, so bins are 2/255 wide. */
    public static final double HALF_BIN = 1.0 / 255;
    /** Smallest probability of a bin before its log is taken (improved-diffusion's clamp). */
    static final double MIN_PROB = 1e-12;
    private static final double LN2 = Math.log(2), LOG_2PI = Math.log(2 * Math.PI), SQRT2 = Math.sqrt(2);

    private final GaussianDiffusion diffusion;
    private final Parameterization param;

    public Likelihood(GaussianDiffusion diffusion) {
        this.diffusion = diffusion;
        this.param = new Parameterization(diffusion);
    }

    public Parameterization parameterization() {
        return param;
    }

    /** KL(N(μ₁, e^{lv₁}) ‖ N(μ₂, e^{lv₂})) = ½(−1 + lv₂ − lv₁ + e^{lv₁−lv₂} + (μ₁−μ₂)² e^{−lv₂}), in nats. */
    public static double normalKl(double mean1, double logVar1, double mean2, double logVar2) {
        double d = mean1 - mean2;
        return 0.5 * (-1 + logVar2 - logVar1 + Math.exp(logVar1 - logVar2) + d * d * Math.exp(-logVar2));
    }

    /** ∂/∂lv₂ of {@link #normalKl}: ½(1 − e^{lv₁−lv₂} − (μ₁−μ₂)² e^{−lv₂}). */
    public static double normalKlGradLogVar2(double mean1, double logVar1, double mean2, double logVar2) {
        double d = mean1 - mean2;
        return 0.5 * (1 - Math.exp(logVar1 - logVar2) - d * d * Math.exp(-logVar2));
    }

    /** Φ(x), the standard normal CDF. */
    public static double standardNormalCdf(double x) {
        return 0.5 * Erf.erfc(-x / SQRT2);
    }

    /** φ(x), the standard normal density. */
    static double standardNormalPdf(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    /** Φ(b) − Φ(a) for a ≤ b, from the tail where it is accurate. */
    private static double cdfDelta(double a, double b) {
        return a > 0 ? 0.5 * (Erf.erfc(a / SQRT2) - Erf.erfc(b / SQRT2)) : 0.5 * (Erf.erfc(-b / SQRT2) - Erf.erfc(-a / SQRT2));
    }

    /**
     * log P(x) of an 8-bit value x ∈ {k/127.5 − 1} under N(mean, e^{2 logScale}) discretised into its
     * bin [x − 1/255, x + 1/255], the lowest bin extended to −∞ and the highest to +∞ (Ho et al.
     * eq. 13), the probability clamped at 1e-12 before the log.
     */
    public static double discretizedGaussianLogLikelihood(double x, double mean, double logScale) {
        double inv = Math.exp(-logScale), c = x - mean;
        double plus = inv * (c + HALF_BIN), minus = inv * (c - HALF_BIN);
        double p;
        if (x < -0.999) {
            p = standardNormalCdf(plus);
        } else if (x > 0.999) {
            p = 0.5 * Erf.erfc(minus / SQRT2); // 1 − Φ(minus)
        } else {
            p = cdfDelta(minus, plus);
        }
        return Math.log(Math.max(p, MIN_PROB));
    }

    /**
     * ∂/∂logScale of {@link #discretizedGaussianLogLikelihood}: with a, b the bin's standardised ends,
     * ∂P/∂s = aφ(a) − bφ(b) (a term vanishing at an infinite end); 0 where P is clamped.
     */
    public static double discretizedGaussianLogLikelihoodGradLogScale(double x, double mean, double logScale) {
        double inv = Math.exp(-logScale), c = x - mean;
        double plus = inv * (c + HALF_BIN), minus = inv * (c - HALF_BIN);
        double p, dp;
        if (x < -0.999) {
            p = standardNormalCdf(plus);
            dp = -plus * standardNormalPdf(plus);
        } else if (x > 0.999) {
            p = 0.5 * Erf.erfc(minus / SQRT2);
            dp = minus * standardNormalPdf(minus);
        } else {
            p = cdfDelta(minus, plus);
            dp = minus * standardNormalPdf(minus) - plus * standardNormalPdf(plus);
        }
        return p < MIN_PROB ? 0 : dp / p;
    }

    /** −log N(x; mean, e^{logVar}) = ½(log 2π + logVar + (x − mean)² e^{−logVar}), in nats. */
    public static double gaussianNll(double x, double mean, double logVar) {
        double d = x - mean;
        return 0.5 * (LOG_2PI + logVar + d * d * Math.exp(-logVar));
    }

    /** ∂/∂logVar of {@link #gaussianNll}: ½(1 − (x − mean)² e^{−logVar}). */
    public static double gaussianNllGradLogVar(double x, double mean, double logVar) {
        double d = x - mean;
        return 0.5 * (1 - d * d * Math.exp(-logVar));
    }

    /** Nats summed over D values → bits per dimension. */
    public static double bitsPerDim(double nats, long dims) {
        return nats / (dims * LN2);
    }

    /**
     * The reverse step p_θ(x_{t-1} | x_t) = N(mean, e^{logVariance}) per value, and the x̂_0 behind it
     * (improved-diffusion's p_mean_variance).
     */
    public record MeanVariance(float[] mean, float[] logVariance, float[] predictedStart) {
    }

    /**
     * p_θ(x_{t-1} | x_t) from the network's raw output: x̂_0 from the prediction (clipped to [-1, 1] if
     * asked), the mean μ̃_t(x̂_0, x_t), or for a {@link Prediction#PREVIOUS_X} model the output itself;
     * the variance fixed or learned.
     *
     * @param raw      [N, H, W, C] or, for a learned variance, [N, H, W, 2C] in NHWC order
     * @param xt       x_t, [N, H, W, C]
     * @param t        timestep per example (1..T)
     * @param channels C
     */
    public MeanVariance pMeanVariance(Prediction prediction, VarianceType variance, float[] raw, float[] xt, int[] t,
                                      int channels, boolean clip) {
        int n = t.length, len = xt.length, per = len / n;
        int rawCh = variance.learned() ? 2 * channels : channels;
        if (raw.length != len / channels * rawCh) {
            throw new IllegalArgumentException("the model's output has " + raw.length + " values, expected "
                    + len / channels * rawCh);
        }
        float[] mean = new float[len], logVar = new float[len], start = new float[len];
        for (int s = 0; s < n; s++) {
            int ts = t[s];
            Parameterization.Affine toStart = param.startFrom(prediction, ts);
            double c1 = diffusion.posteriorMeanCoef1(ts), c2 = diffusion.posteriorMeanCoef2(ts);
            double fixed = param.fixedLogVariance(variance, ts);
            double logBeta = param.logBeta(ts), logTilde = param.logPosteriorVarianceClipped(ts);
            for (int i = s * per; i < (s + 1) * per; i++) {
                int pix = i / channels, c = i % channels, r = pix * rawCh + c;
                double out = raw[r];
                double x0 = toStart.apply(out, xt[i]);
                if (clip) {
                    x0 = Math.max(-1, Math.min(1, x0));
                }
                start[i] = (float) x0;
                mean[i] = (float) (prediction == Prediction.PREVIOUS_X ? out : c1 * x0 + c2 * xt[i]);
                logVar[i] = (float) (variance.learned()
                        ? Parameterization.learnedLogVariance(raw[r + channels], logBeta, logTilde) : fixed);
            }
        }
        return new MeanVariance(mean, logVar, start);
    }

    /** L_T = KL(q(x_T | x_0) ‖ N(0, I)) per example, in nats (improved-diffusion's _prior_bpd before the unit). */
    public double[] priorNats(float[] x0, int n) {
        int T = diffusion.timesteps(), per = x0.length / n;
        double sab = diffusion.sqrtAlphaBar(T), logVar = Math.log(1 - diffusion.alphaBar(T));
        double[] out = new double[n];
        for (int s = 0; s < n; s++) {
            for (int i = s * per; i < (s + 1) * per; i++) {
                out[s] += normalKl(sab * x0[i], logVar, 0, 0);
            }
        }
        return out;
    }

    /**
     * One term of the bound per example, in nats: KL(q(x_{t-1} | x_t, x_0) ‖ p_θ(x_{t-1} | x_t)) for
     * t &gt; 1, the decoder's −log p_θ(x_0 | x_1) at t = 1 (discretised to 8 bits, or a continuous
     * density). improved-diffusion's _vb_terms_bpd before the unit.
     */
    public double[] vlbTermsNats(float[] x0, float[] xt, int[] t, MeanVariance model, boolean discrete) {
        int n = t.length, per = x0.length / n;
        double[] out = new double[n];
        for (int s = 0; s < n; s++) {
            int ts = t[s];
            double c1 = diffusion.posteriorMeanCoef1(ts), c2 = diffusion.posteriorMeanCoef2(ts);
            double qLogVar = param.logPosteriorVarianceClipped(ts);
            double sum = 0;
            for (int i = s * per; i < (s + 1) * per; i++) {
                double m = model.mean()[i], lv = model.logVariance()[i];
                if (ts == 1) {
                    sum += discrete ? -discretizedGaussianLogLikelihood(x0[i], m, 0.5 * lv) : gaussianNll(x0[i], m, lv);
                } else {
                    sum += normalKl(c1 * x0[i] + c2 * xt[i], qLogVar, m, lv);
                }
            }
            out[s] = sum;
        }
        return out;
    }

    /** {@link #priorNats} in bits per dimension (improved-diffusion's _prior_bpd). */
    public double[] priorBpd(float[] x0, int n) {
        return toBpd(priorNats(x0, n), x0.length / n);
    }

    /** {@link #vlbTermsNats} in bits per dimension (improved-diffusion's _vb_terms_bpd). */
    public double[] vlbTermsBpd(float[] x0, float[] xt, int[] t, MeanVariance model, boolean discrete) {
        return toBpd(vlbTermsNats(x0, xt, t, model, discrete), x0.length / t.length);
    }

    private static double[] toBpd(double[] nats, int dims) {
        double[] out = new double[nats.length];
        for (int i = 0; i < nats.length; i++) {
            out[i] = bitsPerDim(nats[i], dims);
        }
        return out;
    }

    /**
     * The whole bound of a batch (improved-diffusion's calc_bpd_loop): for t = T..1, x_t ~ q(x_t | x_0)
     * with fresh noise, one network call, the term L_{t-1}; plus the prior L_T.
     *
     * @param x0        the examples, NHWC floats of the given shape [N, H, W, C]
     * @param classes   class per example (-1: none), or null for an unconditional model
     * @param discrete  8-bit images (discretised decoder) or continuous data
     * @param cancelled checked before every network call
     * @param progress  receives the number of terms done (1..T) after each
     * @throws CancellationException when cancelled
     */
    public Bound calcBpdLoop(Denoiser model, float[] x0, long[] shape, int[] classes, Random rng, boolean clip,
                             boolean discrete, BooleanSupplier cancelled, IntConsumer progress) {
        int n = (int) shape[0], channels = (int) shape[shape.length - 1], T = diffusion.timesteps(), per = x0.length / n;
        double[][] terms = new double[n][T + 1];
        float[] noise = new float[x0.length], xt = new float[x0.length];
        int[] ts = new int[n];
        for (int t = T; t >= 1; t--) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled at t = " + t);
            }
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextGaussian();
            }
            diffusion.qSample(x0, t, noise, xt, 0, xt.length);
            Arrays.fill(ts, t);
            float[] raw = Parameterization.values(model.predict(Nd4j.create(xt, shape, 'c'), ts, classes));
            MeanVariance mv = pMeanVariance(model.prediction(), model.varianceType(), raw, xt, ts, channels, clip);
            double[] vb = vlbTermsNats(x0, xt, ts, mv, discrete);
            for (int s = 0; s < n; s++) {
                terms[s][t] = vb[s];
            }
            progress.accept(T - t + 1);
        }
        double[] prior = priorNats(x0, n), total = new double[n];
        for (int s = 0; s < n; s++) {
            total[s] = prior[s];
            for (int t = 1; t <= T; t++) {
                total[s] += terms[s][t];
            }
        }
        return new Bound(total, prior, terms, per);
    }

    /**
     * The bound of a batch, in nats summed over each example's {@code dims} values.
     *
     * @param totalNats per example: the prior plus every term
     * @param priorNats per example: L_T
     * @param termNats  per example, indexed by t = 1..T (index 0 unused): L_{t-1}
     */
    public record Bound(double[] totalNats, double[] priorNats, double[][] termNats, int dims) {
        /** The mean over the examples of the total, in bits per dimension. */
        public double meanBitsPerDim() {
            return bitsPerDim(Arrays.stream(totalNats).average().orElse(Double.NaN), dims);
        }

        /** The mean over the examples of the total, in nats per example. */
        public double meanNats() {
            return Arrays.stream(totalNats).average().orElse(Double.NaN);
        }
    }
}
