package org.ddpmexplorer.train;

import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Likelihood;
import org.ddpmexplorer.diffusion.Parameterization;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;

/**
 * The training loss of a batch and its gradient with respect to the network's raw output.
 * <ul>
 *   <li>L_simple: the mean squared error between the output's first C channels and the target of the
 *       {@link Prediction} (ε for Ho et al.'s Algorithm 1; x_0, the posterior mean μ̃_t, or v).</li>
 *   <li>With a learned variance, the hybrid loss of Nichol &amp; Dhariwal (2021, section 3.1):
 *       L_simple + λ L_vlb, λ = {@value #LAMBDA}, where L_vlb = T · L_{t-1} (one uniformly drawn term
 *       estimates the sum of T), in bits per dimension, reaches only the variance channels: the mean
 *       inside it is the output's with the gradient stopped, as improved-diffusion's
 *       {@code frozen_out}. improved-diffusion's RESCALED_MSE writes the same as vb · T/1000.</li>
 * </ul>
 * L_0, the decoder's term at t = 1, is the discretised Gaussian NLL for 8-bit images
 * ({@link Decoder#DISCRETE_8BIT}, Ho et al. eq. 13) or the Gaussian density's NLL for continuous data
 * such as the 2-D playground's points ({@link Decoder#CONTINUOUS}).
 */
public final class DiffusionLoss {
    /** λ of the hybrid loss (Nichol &amp; Dhariwal: "we set λ = 0.001 to prevent L_vlb from overwhelming L_simple"). */
    public static final double LAMBDA = 0.001;
    private static final double LN2 = Math.log(2);

    private final GaussianDiffusion diffusion;
    private final Parameterization param;
    private final Likelihood likelihood;
    private final Prediction prediction;
    private final VarianceType variance;
    private final Decoder decoder;

    /** What the data's values are, which fixes the decoder term L_0 = −log p_θ(x_0 | x_1) of the bound. */
    public enum Decoder {
        /** 8-bit values on [-1, 1]: the discretised Gaussian (Ho et al. eq. 13). */
        DISCRETE_8BIT,
        /** Real values: the Gaussian density N(x_0; μ_θ(x_1, 1), σ_1²). */
        CONTINUOUS;

        /** Whether the {@link Likelihood} methods' {@code discrete} flag is set. */
        public boolean discrete() {
            return this == DISCRETE_8BIT;
        }
    }

    /** The loss of a model of 8-bit images. */
    public DiffusionLoss(GaussianDiffusion diffusion, Prediction prediction, VarianceType variance) {
        this(diffusion, prediction, variance, Decoder.DISCRETE_8BIT);
    }

    public DiffusionLoss(GaussianDiffusion diffusion, Prediction prediction, VarianceType variance, Decoder decoder) {
        if (prediction == null || variance == null || decoder == null) {
            throw new IllegalArgumentException("prediction, variance and decoder are required");
        }
        this.decoder = decoder;
        this.diffusion = diffusion;
        this.param = new Parameterization(diffusion);
        this.likelihood = new Likelihood(diffusion);
        this.prediction = prediction;
        this.variance = variance;
    }

    public Prediction prediction() {
        return prediction;
    }

    public VarianceType variance() {
        return variance;
    }

    public Decoder decoder() {
        return decoder;
    }

    /**
     * The loss of a batch and dL/d(output).
     *
     * @param x0       clean images, NHWC, n·per values
     * @param noise    the ε that made x_t
     * @param xt       x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε
     * @param t        timestep per image, 1..T
     * @param channels C, the image channels
     * @param out      the network's output: n·per values, or 2·n·per (NHWC, 2C channels) for a learned variance
     * @param dOut     receives dL/d(out), as long as {@code out}
     * @param perImage receives each image's loss (its share of L_simple plus its λ L_vlb)
     * @return the batch's loss
     */
    public double lossAndGradient(float[] x0, float[] noise, float[] xt, int[] t, int channels, float[] out, float[] dOut,
                                  double[] perImage) {
        int n = t.length, len = x0.length, per = len / n;
        boolean learned = variance.learned();
        int rawCh = learned ? 2 * channels : channels;
        float scale = 2f / len; // d/d(out) of the mean squared error over the batch's values
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double ss = 0;
            for (int i = s * per; i < (s + 1) * per; i++) {
                int r = i / channels * rawCh + i % channels;
                float d = out[r] - (float) param.target(prediction, x0[i], noise[i], t[s]);
                ss += d * d;
                dOut[r] = d * scale;
            }
            perImage[s] = ss / per;
            sum += ss;
        }
        double loss = sum / len;
        if (learned) {
            loss += vlb(x0, xt, t, channels, out, dOut, perImage);
        }
        return loss;
    }

    /**
     * λ T L_{t-1} per image in bits/dim (for points too: nats per value over ln 2, improved-diffusion's
     * unit whatever the data), averaged over the batch; its gradient lands on the variance channels.
     */
    private double vlb(float[] x0, float[] xt, int[] t, int channels, float[] out, float[] dOut, double[] perImage) {
        int n = t.length, len = x0.length, per = len / n, rawCh = 2 * channels;
        // the model's step with the mean's gradient stopped: the mean is a constant of this term
        Likelihood.MeanVariance mv = likelihood.pMeanVariance(prediction, variance, out, xt, t, channels, false);
        double weight = LAMBDA * diffusion.timesteps(); // λ · T: one term stands for all T
        double unit = weight / (per * LN2 * n); // nats summed over an image → bits/dim, mean over the batch
        double total = 0;
        for (int s = 0; s < n; s++) {
            int ts = t[s];
            double c1 = diffusion.posteriorMeanCoef1(ts), c2 = diffusion.posteriorMeanCoef2(ts);
            double qLogVar = param.logPosteriorVarianceClipped(ts);
            double dLogVarDOut = 0.5 * (param.logBeta(ts) - qLogVar); // v = (o + 1)/2
            double nats = 0;
            for (int i = s * per; i < (s + 1) * per; i++) {
                double m = mv.mean()[i], lv = mv.logVariance()[i], g;
                if (ts == 1 && decoder == Decoder.CONTINUOUS) {
                    nats += Likelihood.gaussianNll(x0[i], m, lv);
                    g = Likelihood.gaussianNllGradLogVar(x0[i], m, lv);
                } else if (ts == 1) {
                    nats -= Likelihood.discretizedGaussianLogLikelihood(x0[i], m, 0.5 * lv);
                    g = -0.5 * Likelihood.discretizedGaussianLogLikelihoodGradLogScale(x0[i], m, 0.5 * lv);
                } else {
                    double qMean = c1 * x0[i] + c2 * xt[i];
                    nats += Likelihood.normalKl(qMean, qLogVar, m, lv);
                    g = Likelihood.normalKlGradLogVar2(qMean, qLogVar, m, lv);
                }
                dOut[i / channels * rawCh + channels + i % channels] = (float) (unit * g * dLogVarDOut);
            }
            double term = weight * Likelihood.bitsPerDim(nats, per);
            perImage[s] += term;
            total += term;
        }
        return total / n;
    }
}
