package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Parameterization;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.junit.jupiter.api.Test;

/** Min-SNR loss weighting (Hang et al. 2023): the weights, and the weighted loss's gradient. */
class MinSnrWeightTest {
    private static final GaussianDiffusion COSINE = new GaussianDiffusion(BetaSchedule.COSINE, 1000);
    private static final GaussianDiffusion SMALL = new GaussianDiffusion(BetaSchedule.COSINE, 50);
    private static final int N = 4, PER = 36;

    /**
     * Every prediction p is an affine function a_t x_0 + b_t x_t of x_0 at fixed x_t (Parameterization's
     * conversions), so its squared error is a_t² times x_0's: the weight times a_t² must be
     * min(SNR_t, γ), the same x_0-space loss for every prediction.
     */
    @Test
    void everyPredictionsWeightedErrorIsMinSnrTimesTheStartError() {
        Parameterization param = new Parameterization(COSINE);
        for (double gamma : new double[] {1, 5, 20}) {
            for (Prediction p : Prediction.values()) {
                for (int t = 1; t <= COSINE.timesteps(); t += t < 20 ? 1 : 37) {
                    double a = param.fromStart(p, t).a();
                    double w = DiffusionLoss.minSnrWeight(COSINE, p, t, gamma);
                    double expected = Math.min(COSINE.snr(t), gamma);
                    assertEquals(expected, w * a * a, 1e-6 * expected + 1e-12, p + " t = " + t + " γ = " + gamma);
                    assertTrue(Double.isFinite(w) && w > 0, p + " t = " + t + ": " + w);
                }
            }
        }
    }

    @Test
    void theWeightsHaveThePapersFormsAndGammaZeroIsNoWeighting() {
        for (int t = 1; t <= COSINE.timesteps(); t += 7) {
            double snr = COSINE.snr(t);
            assertEquals(Math.min(snr, 5) / snr, DiffusionLoss.minSnrWeight(COSINE, Prediction.EPSILON, t, 5), 1e-12);
            assertEquals(Math.min(snr, 5) / (snr + 1), DiffusionLoss.minSnrWeight(COSINE, Prediction.VELOCITY, t, 5), 1e-12);
            assertEquals(Math.min(snr, 5), DiffusionLoss.minSnrWeight(COSINE, Prediction.START_X, t, 5), 1e-12);
            for (Prediction p : Prediction.values()) {
                assertEquals(1, DiffusionLoss.minSnrWeight(COSINE, p, t, 0), 0, "γ = 0 is off");
            }
            if (snr <= 5) {
                assertEquals(1, DiffusionLoss.minSnrWeight(COSINE, Prediction.EPSILON, t, 5), 1e-12,
                        "ε: weight 1 where SNR ≤ γ");
            } else {
                assertTrue(DiffusionLoss.minSnrWeight(COSINE, Prediction.EPSILON, t, 5) < 1, "ε: low noise weighs less");
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new DiffusionLoss(COSINE, Prediction.EPSILON, VarianceType.FIXED_LARGE, -1));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults(1).withMinSnr(Double.NaN));
    }

    /** The weighted loss is Σ w_t · (image MSE) / n, and its gradient matches central differences. */
    @Test
    void theWeightedLossAndItsGradientMatchFiniteDifferences() {
        Random rng = new Random(7);
        float[] x0 = new float[N * PER], noise = new float[N * PER], xt = new float[N * PER];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = rng.nextInt(256) / 127.5f - 1f;
            noise[i] = (float) rng.nextGaussian();
        }
        int[] t = {1, 5, 25, 50};
        for (int s = 0; s < N; s++) {
            SMALL.qSample(x0, t[s], noise, xt, s * PER, (s + 1) * PER);
        }
        for (Prediction p : Prediction.values()) {
            for (VarianceType v : new VarianceType[] {VarianceType.FIXED_SMALL, VarianceType.LEARNED_RANGE}) {
                int ch = v.learned() ? 2 : 1;
                DiffusionLoss weighted = new DiffusionLoss(SMALL, p, v, 5), plain = new DiffusionLoss(SMALL, p, v);
                float[] out = new float[ch * N * PER];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) rng.nextGaussian() * 0.5f;
                }
                float[] grad = new float[out.length], plainGrad = new float[out.length];
                double[] perW = new double[N], perP = new double[N];
                double lw = weighted.lossAndGradient(x0, noise, xt, t, 1, out, grad, perW);
                plain.lossAndGradient(x0, noise, xt, t, 1, out, plainGrad, perP);
                if (v == VarianceType.FIXED_SMALL) {
                    double sum = 0;
                    for (int s = 0; s < N; s++) {
                        double w = DiffusionLoss.minSnrWeight(SMALL, p, t[s], 5);
                        assertEquals(w * perP[s], perW[s], 1e-9 * Math.abs(perW[s]) + 1e-12, p + " image " + s);
                        sum += perW[s];
                    }
                    assertEquals(sum / N, lw, 1e-9 * lw, p + ": the batch loss is the mean of the weighted image losses");
                }
                int differs = 0;
                for (int k = 0; k < 40; k++) {
                    int i = rng.nextInt(out.length);
                    // the variance channels of a learned model: L_vlb's stop-gradient makes the mean's finite
                    // difference include L_vlb's path, so check those channels and the fixed model's means
                    boolean mean = !v.learned() || i % 2 == 0;
                    if (v.learned() && mean) {
                        continue;
                    }
                    float[] plus = out.clone(), minus = out.clone();
                    double h = 1e-3;
                    plus[i] += (float) h;
                    minus[i] -= (float) h;
                    double lp = weighted.lossAndGradient(x0, noise, xt, t, 1, plus, new float[out.length], new double[N]);
                    double lm = weighted.lossAndGradient(x0, noise, xt, t, 1, minus, new float[out.length], new double[N]);
                    double fd = (lp - lm) / (plus[i] - minus[i]);
                    assertEquals(fd, grad[i], 2e-3 * Math.abs(fd) + 2e-6, p + " " + v + " value " + i);
                    differs += Math.abs(grad[i] - plainGrad[i]) > 1e-3 * Math.abs(plainGrad[i]) + 1e-9 ? 1 : 0;
                }
                if (!v.learned()) {
                    assertTrue(differs > 0, p + ": the weighting changed no gradient");
                }
            }
        }
    }
}
