package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LikelihoodTest {

    /** ∫ f over [a, b] by Simpson's rule with n (even) intervals. */
    static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
        double h = (b - a) / n, s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    static double normalPdf(double x, double mean, double var) {
        return Math.exp(-(x - mean) * (x - mean) / (2 * var)) / Math.sqrt(2 * Math.PI * var);
    }

    @Test
    void normalKlMatchesTheClosedFormAndNumericIntegration() {
        // KL(N(1, 2) ‖ N(0, 1)) = ½(−1 + 0 − ln 2 + 2 + 1)
        assertEquals(0.5 * (2 - Math.log(2)), Likelihood.normalKl(1, Math.log(2), 0, 0), 1e-12);
        assertEquals(0, Likelihood.normalKl(0.3, -1.7, 0.3, -1.7), 1e-15);
        double m1 = 0.4, v1 = 0.3, m2 = -0.2, v2 = 0.8;
        double numeric = simpson(x -> {
            double p = normalPdf(x, m1, v1);
            return p < 1e-300 ? 0 : p * Math.log(p / normalPdf(x, m2, v2));
        }, -10, 10, 20000);
        assertEquals(numeric, Likelihood.normalKl(m1, Math.log(v1), m2, Math.log(v2)), 1e-9);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        double h = 1e-6;
        for (double lv2 : new double[] {-6, -1, 0.5}) {
            double fd = (Likelihood.normalKl(0.2, -3, -0.1, lv2 + h) - Likelihood.normalKl(0.2, -3, -0.1, lv2 - h)) / (2 * h);
            assertEquals(fd, Likelihood.normalKlGradLogVar2(0.2, -3, -0.1, lv2), 1e-6 * Math.max(1, Math.abs(fd)));
        }
        for (double x : new double[] {-1, -1 + 2 / 255.0 * 7, 0, 1 - 2 / 255.0, 1}) {
            for (double ls : new double[] {-4, -2.5, -1}) {
                double fd = (Likelihood.discretizedGaussianLogLikelihood(x, 0.05, ls + h)
                        - Likelihood.discretizedGaussianLogLikelihood(x, 0.05, ls - h)) / (2 * h);
                assertEquals(fd, Likelihood.discretizedGaussianLogLikelihoodGradLogScale(x, 0.05, ls),
                        1e-5 * Math.max(1, Math.abs(fd)), "x = " + x + ", log scale " + ls);
            }
        }
    }

    @Test
    void theDiscretisedLikelihoodSumsToOneOverAll256Bins() {
        for (double mean : new double[] {-1.2, -0.3, 0, 0.77, 1}) {
            for (double logScale : new double[] {-6, -3, -1, 0.5}) {
                double sum = 0;
                for (int k = 0; k < 256; k++) {
                    sum += Math.exp(Likelihood.discretizedGaussianLogLikelihood(k / 127.5 - 1, mean, logScale));
                }
                // each clamped bin can add at most 1e-12
                assertEquals(1, sum, 256e-12 + 1e-12, "mean " + mean + ", log scale " + logScale);
            }
        }
        // an inner bin is the density's integral over [x − 1/255, x + 1/255]
        double x = 40 / 127.5 - 1, mean = -0.6, sd = 0.05;
        double numeric = simpson(v -> normalPdf(v, mean, sd * sd), x - 1 / 255.0, x + 1 / 255.0, 200);
        assertEquals(Math.log(numeric), Likelihood.discretizedGaussianLogLikelihood(x, mean, Math.log(sd)), 1e-9);
    }

    @Test
    void continuousNllIsTheNegativeLogDensity() {
        assertEquals(-Math.log(normalPdf(0.7, 0.1, 0.25)), Likelihood.gaussianNll(0.7, 0.1, Math.log(0.25)), 1e-12);
        assertEquals(1, simpson(v -> Math.exp(-Likelihood.gaussianNll(v, 0.3, -2)), -5, 5, 2000), 1e-9);
    }

    @Test
    void thePriorTermIsTheClosedFormKl() {
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.LINEAR, 1000);
        Likelihood lik = new Likelihood(d);
        double ab = d.alphaBar(1000);
        float[] x0 = {0f, 1f};
        double[] prior = lik.priorNats(x0, 1);
        double expected = 0.5 * (-1 - Math.log(1 - ab) + (1 - ab)) + 0.5 * (-1 - Math.log(1 - ab) + (1 - ab) + ab);
        assertEquals(expected, prior[0], 1e-12);
        assertTrue(Likelihood.bitsPerDim(prior[0], 2) < 1e-4, "the linear schedule's x_T is nearly pure noise");
        assertEquals(expected / (2 * Math.log(2)), lik.priorBpd(x0, 1)[0], 1e-12);
    }

    static double logNormalPdf(double x, double mean, double logVar) {
        return -Likelihood.gaussianNll(x, mean, logVar);
    }

    private static final GaussianDiffusion T2 = new GaussianDiffusion(BetaSchedule.LINEAR, 2);

    /** The tiny model's ε̂: near the noise of a data point at 0.2, with a non-linear error. */
    static double tinyEps(double x, int t) {
        return 0.9 * (x - T2.sqrtAlphaBar(t) * 0.2) / T2.sqrtOneMinusAlphaBar(t) + 0.1 * Math.sin(3 * x);
    }

    @Test
    void theTermsAreTheDecoderAtTOneAndThePosteriorKlAbove() {
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.COSINE, 20);
        Likelihood lik = new Likelihood(d);
        float[] x0 = {-1f, 0.2f, 1f}, xt = {-0.5f, 0.1f, 0.9f};
        Likelihood.MeanVariance model = new Likelihood.MeanVariance(new float[] {-0.9f, 0.25f, 0.8f},
                new float[] {-9f, -8f, -7f}, null);
        double decoder = 0, kl = 0;
        for (int i = 0; i < 3; i++) {
            decoder -= Likelihood.discretizedGaussianLogLikelihood(x0[i], model.mean()[i], 0.5 * model.logVariance()[i]);
            double qMean = d.posteriorMeanCoef1(7) * x0[i] + d.posteriorMeanCoef2(7) * xt[i];
            kl += Likelihood.normalKl(qMean, Math.log(d.posteriorVariance(7)), model.mean()[i], model.logVariance()[i]);
        }
        assertEquals(decoder, lik.vlbTermsNats(x0, xt, new int[] {1}, model, true)[0], 1e-9);
        assertEquals(kl, lik.vlbTermsNats(x0, xt, new int[] {7}, model, true)[0], 1e-9);
        assertEquals(kl / (3 * Math.log(2)), lik.vlbTermsBpd(x0, xt, new int[] {7}, model, true)[0], 1e-9);
    }

    /** A tiny 1-D model of {@link #T2}: {@link #tinyEps} and, when learned, variance value o = tanh(x_t)/2. */
    static Denoiser tinyModel(VarianceType variance) {
        return new Denoiser() {
            @Override
            public INDArray predict(INDArray xt, int[] t, int[] classes) {
                int n = t.length;
                float[] x = xt.dup().data().asFloat();
                int ch = variance.learned() ? 2 : 1;
                float[] out = new float[n * ch];
                for (int i = 0; i < n; i++) {
                    out[i * ch] = (float) tinyEps(x[i], t[i]);
                    if (variance.learned()) {
                        out[i * ch + 1] = (float) (Math.tanh(x[i]) / 2);
                    }
                }
                return Nd4j.create(out, new long[] {n, 1, 1, ch}, 'c');
            }

            @Override
            public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
                throw new IllegalStateException("not called: the loop uses predict");
            }

            @Override
            public VarianceType varianceType() {
                return variance;
            }
        };
    }

    /**
     * The bound −E_q[log p(x_{0:2}) / q(x_{1:2} | x_0)] of a T = 2 model at one point x_0, by numeric
     * integration over (x_1, x_2) of the forward chain's density: an independent check of the sum of
     * KL terms, prior and decoder that {@link Likelihood#calcBpdLoop} computes by Monte Carlo.
     */
    static double numericBound(GaussianDiffusion d, VarianceType variance, double x0) {
        Parameterization p = new Parameterization(d);
        DoubleUnaryOperator[] mean = new DoubleUnaryOperator[3], logVar = new DoubleUnaryOperator[3];
        for (int t = 1; t <= 2; t++) {
            int tt = t;
            Parameterization.Affine toStart = p.startFrom(Prediction.EPSILON, t);
            mean[t] = x -> d.posteriorMeanCoef1(tt) * toStart.apply(tinyEps(x, tt), x) + d.posteriorMeanCoef2(tt) * x;
            logVar[t] = x -> variance.learned()
                    ? Parameterization.learnedLogVariance(Math.tanh(x) / 2, p.logBeta(tt), p.logPosteriorVarianceClipped(tt))
                    : p.fixedLogVariance(variance, tt);
        }
        double b1 = d.beta(1), b2 = d.beta(2), m1 = Math.sqrt(1 - b1) * x0;
        double s1 = Math.sqrt(b1), s2 = Math.sqrt(b2);
        return simpson(x1 -> {
            double q1 = normalPdf(x1, m1, b1);
            double m2 = Math.sqrt(1 - b2) * x1;
            double inner = simpson(x2 -> {
                double q2 = normalPdf(x2, m2, b2);
                double logRatio = logNormalPdf(x1, m1, Math.log(b1)) + logNormalPdf(x2, m2, Math.log(b2))
                        - logNormalPdf(x2, 0, 0)
                        - logNormalPdf(x1, mean[2].applyAsDouble(x2), logVar[2].applyAsDouble(x2))
                        - logNormalPdf(x0, mean[1].applyAsDouble(x1), logVar[1].applyAsDouble(x1));
                return q2 * logRatio;
            }, m2 - 9 * s2, m2 + 9 * s2, 400);
            return q1 * inner;
        }, m1 - 9 * s1, m1 + 9 * s1, 400);
    }

    @Test
    void theBoundOfATinyModelMatchesNumericIntegration() {
        GaussianDiffusion d = T2;
        Likelihood lik = new Likelihood(d);
        int n = 100_000;
        double x0 = 0.4;
        float[] xs = new float[n];
        java.util.Arrays.fill(xs, (float) x0);
        for (VarianceType v : VarianceType.values()) {
            int[] calls = {0};
            Likelihood.Bound b = lik.calcBpdLoop(tinyModel(v), xs, new long[] {n, 1, 1, 1}, null, new Random(9), false, false,
                    () -> false, k -> calls[0] = k);
            assertEquals(2, calls[0]);
            double mean = b.meanNats(), sq = 0;
            for (double tn : b.totalNats()) {
                sq += (tn - mean) * (tn - mean);
            }
            double stdErr = Math.sqrt(sq / (n - 1) / n);
            double exact = numericBound(d, v, x0);
            assertEquals(exact, mean, 4 * stdErr + 1e-4, v + ": Monte Carlo " + mean + " ± " + stdErr + " vs " + exact);
        }
    }

    @Test
    void theLoopCanBeCancelled() {
        GaussianDiffusion d = T2;
        int[] calls = {0};
        assertThrows(CancellationException.class, () -> new Likelihood(d).calcBpdLoop(tinyModel(VarianceType.FIXED_SMALL),
                new float[4], new long[] {4, 1, 1, 1}, null, new Random(1), true, true, () -> calls[0] >= 1,
                k -> calls[0] = k));
        assertEquals(1, calls[0]);
    }
}
