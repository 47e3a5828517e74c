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
 * With min-SNR weighting ({@link #minSnrWeight}, Hang et al. 2023), each image's share of L_simple
 * is multiplied by its timestep's weight; L_vlb is not weighted.
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
    private final double minSnrGamma;
    /** The min-SNR weight of each timestep t = 0..T (all 1 without weighting). */
    private final double[] weight;

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

    /** The loss of a model of 8-bit images, without min-SNR weighting. */
    public DiffusionLoss(GaussianDiffusion diffusion, Prediction prediction, VarianceType variance) {
        this(diffusion, prediction, variance, Decoder.DISCRETE_8BIT, 0);
    }

    /** The loss without min-SNR weighting. */
    public DiffusionLoss(GaussianDiffusion diffusion, Prediction prediction, VarianceType variance, Decoder decoder) {
        this(diffusion, prediction, variance, decoder, 0);
    }

    /** The loss of a model of 8-bit images, min-SNR weighted with γ = {@code minSnrGamma} (0: none). */
    public DiffusionLoss(GaussianDiffusion diffusion, Prediction prediction, VarianceType variance, double minSnrGamma) {
        this(diffusion, prediction, variance, Decoder.DISCRETE_8BIT, minSnrGamma);
    }

    /**
     * @param minSnrGamma γ of the min-SNR weighting ({@link #minSnrWeight}), 0 for none
     */
    public DiffusionLoss(GaussianDiffusion diffusion, Prediction prediction, VarianceType variance, Decoder decoder,
                         double minSnrGamma) {
        if (prediction == null || variance == null || decoder == null) {
            throw new IllegalArgumentException("prediction, variance and decoder are required");
        }
        if (!(minSnrGamma >= 0)) {
            throw new IllegalArgumentException("min-SNR gamma must be >= 0, got " + minSnrGamma);
        }
        this.decoder = decoder;
        this.minSnrGamma = minSnrGamma;
        this.weight = new double[diffusion.timesteps() + 1];
        for (int t = 1; t <= diffusion.timesteps(); t++) {
            weight[t] = minSnrWeight(diffusion, prediction, t, minSnrGamma);
        }
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

    /** γ of the min-SNR weighting, 0 for none. */
    public double minSnrGamma() {
        return minSnrGamma;
    }

    /**
     * The min-SNR weight of timestep t (Hang et al. 2023, "Efficient Diffusion Training via Min-SNR
     * Weighting Strategy", section 3.4). Written as a loss on x_0, every prediction's squared error is the
     * x_0 error times a factor: with SNR_t = ᾱ_t/(1-ᾱ_t) and x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε,
     * <ul>
     *   <li>ε: ε - ε̂ = √SNR_t (x̂_0 - x_0), so ‖ε - ε̂‖² = SNR_t ‖x_0 - x̂_0‖²;</li>
     *   <li>v = √ᾱ_t ε - √(1-ᾱ_t) x_0: v - v̂ = (x̂_0 - x_0)/√(1-ᾱ_t), so ‖v - v̂‖² = (SNR_t + 1) ‖x_0 - x̂_0‖²;</li>
     *   <li>x_0: factor 1;</li>
     *   <li>μ̃_t = c_1 x_0 + c_2 x_t with c_1 = β_t √ᾱ_{t-1}/(1-ᾱ_t) (eq. 7 of Ho et al.), x_t fixed:
     *       ‖μ̃ - μ̂‖² = c_1² ‖x_0 - x̂_0‖².</li>
     * </ul>
     * Min-SNR trains every prediction on min(SNR_t, γ) ‖x_0 - x̂_0‖², so the weight of the predicted
     * quantity's squared error is min(SNR_t, γ) divided by its factor: min(SNR_t, γ)/SNR_t for ε,
     * min(SNR_t, γ)/(SNR_t + 1) for v, min(SNR_t, γ) for x_0, and min(SNR_t, γ)/c_1² for μ, computed as
     * (min(SNR_t, γ)/SNR_t) · α_t (1-ᾱ_t)/β_t², since SNR_t/c_1² = α_t (1-ᾱ_t)/β_t² stays finite where
     * ᾱ_{t-1} and c_1 vanish. The clamp at γ stops the low-noise steps (large SNR), whose x_0 error is
     * tiny and easy, from dominating; for ε the weight is 1 wherever SNR_t ≤ γ.
     *
     * @param gamma γ (Hang et al. use 5); 0 gives weight 1 for every t (no weighting)
     */
    public static double minSnrWeight(GaussianDiffusion d, Prediction p, int t, double gamma) {
        if (gamma == 0) {
            return 1;
        }
        double snr = d.snr(t), clipped = Math.min(snr, gamma);
        return switch (p) {
            case EPSILON -> clipped / snr;
            case VELOCITY -> clipped / (snr + 1);
            case START_X -> clipped;
            case PREVIOUS_X -> clipped / snr * d.alpha(t) * (1 - d.alphaBar(t)) / (d.beta(t) * d.beta(t));
        };
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
        return lossAndGradient(x0, noise, xt, t, channels, out, dOut, perImage, t.length);
    }

    /**
     * {@link #lossAndGradient(float[], float[], float[], int[], int, float[], float[], double[])} for some
     * rows of a batch of {@code batchRows} images (one share of a batch split across threads): the loss
     * and the gradient are these rows' parts of the mean over the whole batch, so the shares' losses and
     * gradients add up to the whole batch's. {@code perImage} is each image's own loss, as there.
     */
    public double lossAndGradient(float[] x0, float[] noise, float[] xt, int[] t, int channels, float[] out, float[] dOut,
                                  double[] perImage, int batchRows) {
        int n = t.length, per = x0.length / n, len = per * batchRows;
        boolean learned = variance.learned();
        int rawCh = learned ? 2 * channels : channels;
        float scale = 2f / len; // d/d(out) of the mean squared error over the batch's values
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double ss = 0, w = weight[t[s]];
            float gs = (float) (scale * w);
            for (int i = s * per; i < (s + 1) * per; i++) {
                int r = i / channels * rawCh + i % channels;
                float d = out[r] - (float) param.target(prediction, x0[i], noise[i], t[s]);
                ss += d * d;
                dOut[r] = d * gs;
            }
            perImage[s] = w * ss / per;
            sum += w * ss;
        }
        double loss = sum / len;
        if (learned) {
            loss += vlb(x0, xt, t, channels, out, dOut, perImage, batchRows);
        }
        return loss;
    }

    /**
     * λ T L_{t-1} per image in bits/dim (for points too: nats per value over ln 2, improved-diffusion's
     * unit whatever the data), averaged over the batch of {@code batchRows} images; its gradient lands on
     * the variance channels.
     */
    private double vlb(float[] x0, float[] xt, int[] t, int channels, float[] out, float[] dOut, double[] perImage,
                       int batchRows) {
        int n = t.length, len = x0.length, per = len / n, rawCh = 2 * channels;
        // the model's step with the mean's gradient stopped: the mean is a constant of this term
        Likelihood.MeanVariance mv = likelihood.pMeanVariance(prediction, variance, out, xt, t, channels, false);
        double weight = LAMBDA * diffusion.timesteps(); // λ · T: one term stands for all T
        double unit = weight / (per * LN2 * batchRows); // nats summed over an image → bits/dim, mean over the batch
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
        return total / batchRows;
    }
}
