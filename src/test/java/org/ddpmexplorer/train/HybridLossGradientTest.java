package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.nn.Param;
import org.ddpmexplorer.nn.UNet;
import org.ddpmexplorer.nn.UNetConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks of the hybrid loss L_simple + λ L_vlb (Nichol &amp; Dhariwal 2021) with its
 * stop-gradient: the gradient on the variance channels is that of the whole loss, the gradient on the
 * mean channels that of L_simple alone.
 */
class HybridLossGradientTest {
    private static final GaussianDiffusion DIFF = new GaussianDiffusion(BetaSchedule.COSINE, 50);
    private static final int N = 3, SIDE = 8, PER = SIDE * SIDE;

    /** A batch: 8-bit images, noise, x_t, and timesteps including t = 1 (the decoder term). */
    private record Batch(float[] x0, float[] noise, float[] xt, int[] t) {
        static Batch draw(long seed) {
            Random rng = new Random(seed);
            float[] x0 = new float[N * PER], noise = new float[N * PER], xt = new float[N * PER];
            for (int i = 0; i < x0.length; i++) {
                x0[i] = rng.nextInt(256) / 127.5f - 1f;
                noise[i] = (float) rng.nextGaussian();
            }
            int[] t = {1, 7, 40};
            for (int s = 0; s < N; s++) {
                DIFF.qSample(x0, t[s], noise, xt, s * PER, (s + 1) * PER);
            }
            return new Batch(x0, noise, xt, t);
        }
    }

    private static double loss(DiffusionLoss l, Batch b, float[] out, float[] grad) {
        return l.lossAndGradient(b.x0, b.noise, b.xt, b.t, 1, out, grad == null ? new float[out.length] : grad, new double[N]);
    }

    /** L_simple of the mean channels of a 2-channel output. */
    private static double simple(Prediction p, Batch b, float[] out) {
        float[] mean = new float[N * PER];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = out[2 * i];
        }
        return loss(new DiffusionLoss(DIFF, p, VarianceType.FIXED_SMALL), b, mean, null);
    }

    /** The loss as the stop-gradient defines it: L_vlb with the mean of {@code frozen}, L_simple of {@code out}. */
    private static double stopGradientLoss(DiffusionLoss l, Batch b, float[] out, float[] frozen) {
        float[] mixed = out.clone();
        for (int i = 0; i < N * PER; i++) {
            mixed[2 * i] = frozen[2 * i];
        }
        return loss(l, b, mixed, null) - simple(l.prediction(), b, frozen) + simple(l.prediction(), b, out);
    }

    @Test
    void theGradientOnTheOutputIsTheStopGradientLosssDerivative() {
        Batch b = Batch.draw(1);
        Random rng = new Random(2);
        for (Prediction p : Prediction.values()) {
            DiffusionLoss l = new DiffusionLoss(DIFF, p, VarianceType.LEARNED_RANGE);
            float[] out = new float[2 * N * PER];
            for (int i = 0; i < N * PER; i++) {
                out[2 * i] = (float) p.ordinal() * 0.1f + (float) rng.nextGaussian() * 0.3f;
                out[2 * i + 1] = (float) rng.nextGaussian() * 0.5f;
            }
            float[] grad = new float[out.length];
            loss(l, b, out, grad);
            double h = 1e-3;
            int meanDiffers = 0;
            for (int k = 0; k < 40; k++) {
                int i = rng.nextInt(out.length);
                float[] plus = out.clone(), minus = out.clone();
                plus[i] += (float) h;
                minus[i] -= (float) h;
                double fd = (stopGradientLoss(l, b, plus, out) - stopGradientLoss(l, b, minus, out)) / (plus[i] - minus[i]);
                assertEquals(fd, grad[i], 2e-3 * Math.abs(fd) + 2e-6, p + ": value " + i + (i % 2 == 0 ? " (mean)" : " (variance)"));
                if (i % 2 == 0) {
                    double full = (loss(l, b, plus, null) - loss(l, b, minus, null)) / (plus[i] - minus[i]);
                    meanDiffers += Math.abs(full - grad[i]) > 1e-3 * Math.abs(full) + 1e-6 ? 1 : 0;
                }
            }
            if (p != Prediction.START_X) {
                // ...and the mean's gradient is not the whole loss's: L_vlb's path to the mean is stopped
                assertTrue(meanDiffers > 0, p + ": the mean channels got L_vlb's gradient too");
            }
        }
    }

    @Test
    void theHybridLossBackPropagatesThroughATinyUNet() {
        UNetConfig cfg = new UNetConfig(1, SIDE, 8, List.of(1, 2), 1, Set.of(), false, 0, 4, 0.0, 0, 16)
                .withParameterization(Prediction.VELOCITY, VarianceType.LEARNED_RANGE);
        UNet net = new UNet(cfg, 5);
        DiffusionLoss l = new DiffusionLoss(DIFF, cfg.prediction(), cfg.variance());
        Batch b = Batch.draw(3);
        INDArray x = Nd4j.create(b.xt, new long[] {N, SIDE, SIDE, 1}, 'c');
        int[] tNet = {b.t[0] - 1, b.t[1] - 1, b.t[2] - 1};
        float[] out = net.forward(x, tNet, null, false, null).dup().data().asFloat();
        assertEquals(2 * N * PER, out.length, "a learned variance doubles the output channels");
        float[] dOut = new float[out.length];
        loss(l, b, out, dOut);
        net.backward(Nd4j.create(dOut, new long[] {N, SIDE, SIDE, 2}, 'c'));
        // the largest gradients of the output convolution and of the first one, against central differences
        List<float[]> checked = new ArrayList<>();
        for (Param prm : net.params().params()) {
            if (!prm.name().startsWith("conv_out") && !prm.name().startsWith("conv_in")) {
                continue;
            }
            float[] g = prm.grad().dup().data().asFloat();
            for (int pick = 0; pick < Math.min(3, g.length); pick++) {
                int best = 0;
                for (int i = 1; i < g.length; i++) {
                    best = Math.abs(g[i]) > Math.abs(g[best]) ? i : best;
                }
                double h = 2e-3;
                float v0 = prm.value().getFloat(best);
                prm.value().putScalar(best, v0 + h);
                double lp = stopGradientLoss(l, b, net.forward(x, tNet, null, false, null).dup().data().asFloat(), out);
                prm.value().putScalar(best, v0 - h);
                double lm = stopGradientLoss(l, b, net.forward(x, tNet, null, false, null).dup().data().asFloat(), out);
                prm.value().putScalar(best, v0);
                double fd = (lp - lm) / (2 * h);
                assertEquals(fd, g[best], 0.03 * Math.abs(fd) + 1e-4, prm.name() + "[" + best + "]");
                checked.add(new float[] {g[best]});
                g[best] = 0;
            }
        }
        assertTrue(checked.size() >= 6, "checked " + checked.size() + " gradients");
    }

    /** Points for the continuous decoder: N_PTS 2-D points (real values), with t = 1 among the timesteps. */
    private static final int N_PTS = 4;

    private record Points(float[] x0, float[] noise, float[] xt, int[] t) {
        static Points draw(long seed) {
            Random rng = new Random(seed);
            float[] x0 = new float[2 * N_PTS], noise = new float[2 * N_PTS], xt = new float[2 * N_PTS];
            for (int i = 0; i < x0.length; i++) {
                x0[i] = (float) (1.5 * rng.nextGaussian());
                noise[i] = (float) rng.nextGaussian();
            }
            int[] t = {1, 1, 9, 33};
            for (int s = 0; s < N_PTS; s++) {
                DIFF.qSample(x0, t[s], noise, xt, 2 * s, 2 * s + 2);
            }
            return new Points(x0, noise, xt, t);
        }

        double loss(DiffusionLoss l, float[] out, float[] grad) {
            return l.lossAndGradient(x0, noise, xt, t, 2, out, grad == null ? new float[out.length] : grad, new double[N_PTS]);
        }

        /** The stop-gradient loss: L_vlb with the mean channels of {@code frozen}, L_simple with those of {@code out}. */
        double stopGradientLoss(DiffusionLoss l, float[] out, float[] frozen) {
            float[] mixed = out.clone();
            for (int s = 0; s < N_PTS; s++) {
                mixed[4 * s] = frozen[4 * s];
                mixed[4 * s + 1] = frozen[4 * s + 1];
            }
            return loss(l, mixed, null) - simple(l, frozen) + simple(l, out);
        }

        double simple(DiffusionLoss l, float[] out) {
            float[] mean = new float[2 * N_PTS];
            for (int s = 0; s < N_PTS; s++) {
                mean[2 * s] = out[4 * s];
                mean[2 * s + 1] = out[4 * s + 1];
            }
            return loss(new DiffusionLoss(DIFF, l.prediction(), VarianceType.FIXED_SMALL, l.decoder()), mean, null);
        }
    }

    @Test
    void theContinuousDecodersGradientOnPointsIsTheStopGradientLosssDerivative() {
        Points b = Points.draw(4);
        Random rng = new Random(5);
        for (Prediction p : Prediction.values()) {
            DiffusionLoss l = new DiffusionLoss(DIFF, p, VarianceType.LEARNED_RANGE, DiffusionLoss.Decoder.CONTINUOUS);
            float[] out = new float[4 * N_PTS];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (rng.nextGaussian() * (i % 4 < 2 ? 0.5 : 0.7));
            }
            float[] grad = new float[out.length];
            b.loss(l, out, grad);
            for (int i = 0; i < out.length; i++) {
                double h = 1e-3;
                float[] plus = out.clone(), minus = out.clone();
                plus[i] += (float) h;
                minus[i] -= (float) h;
                double fd = (b.stopGradientLoss(l, plus, out) - b.stopGradientLoss(l, minus, out)) / (plus[i] - minus[i]);
                assertEquals(fd, grad[i], 2e-3 * Math.abs(fd) + 2e-6, p + ": output " + i + (i % 4 < 2 ? " (mean)" : " (variance)"));
            }
            // the decoder term is the density's: the points at t = 1 score differently under the 8-bit decoder
            DiffusionLoss discrete = new DiffusionLoss(DIFF, p, VarianceType.LEARNED_RANGE, DiffusionLoss.Decoder.DISCRETE_8BIT);
            assertTrue(Math.abs(b.loss(discrete, out, null) - b.loss(l, out, null)) > 1e-6, p + ": the decoder made no difference");
        }
    }

    @Test
    void theContinuousDecoderTermIsTheGaussianNll() {
        // one point at t = 1: λ T L_0 / (2 ln 2) is the loss beyond L_simple, L_0 = −log N(x_0; μ, σ²) summed over x and y
        Points b = Points.draw(6);
        DiffusionLoss l = new DiffusionLoss(DIFF, Prediction.PREVIOUS_X, VarianceType.LEARNED_RANGE, DiffusionLoss.Decoder.CONTINUOUS);
        float[] out = {0.2f, -0.4f, 0.3f, -0.6f};
        float[] x0 = {b.x0[0], b.x0[1]}, noise = {b.noise[0], b.noise[1]}, xt = {b.xt[0], b.xt[1]};
        double total = l.lossAndGradient(x0, noise, xt, new int[] {1}, 2, out, new float[4], new double[1]);
        double simple = new DiffusionLoss(DIFF, Prediction.PREVIOUS_X, VarianceType.FIXED_SMALL).lossAndGradient(x0, noise, xt,
                new int[] {1}, 2, new float[] {0.2f, -0.4f}, new float[2], new double[1]);
        double logBeta = Math.log(DIFF.beta(1)), logTilde = Math.log(DIFF.posteriorVariance(2));
        double nll = 0;
        for (int c = 0; c < 2; c++) {
            double v = (out[2 + c] + 1) / 2, lv = v * logBeta + (1 - v) * logTilde, d = x0[c] - out[c];
            nll += 0.5 * (Math.log(2 * Math.PI) + lv + d * d / Math.exp(lv));
        }
        double want = DiffusionLoss.LAMBDA * DIFF.timesteps() * nll / (2 * Math.log(2));
        assertEquals(want, total - simple, 1e-6 * Math.abs(want)); // the mean and log-variance are floats
    }
}
