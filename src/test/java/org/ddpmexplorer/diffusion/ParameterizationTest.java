package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ParameterizationTest {
    private static final GaussianDiffusion LINEAR = new GaussianDiffusion(BetaSchedule.LINEAR, 1000);
    private static final GaussianDiffusion COSINE = new GaussianDiffusion(BetaSchedule.COSINE, 200);

    /** Every quantity, computed from its definition for known x_0 and ε (not through the class under test). */
    private static double truth(GaussianDiffusion d, Prediction p, double x0, double eps, int t) {
        double a = Math.sqrt(d.alphaBar(t)), s = Math.sqrt(1 - d.alphaBar(t)), xt = a * x0 + s * eps;
        return switch (p) {
            case EPSILON -> eps;
            case START_X -> x0;
            // Ho et al. eq. 7, written out
            case PREVIOUS_X -> Math.sqrt(d.alphaBar(t - 1)) * d.beta(t) / (1 - d.alphaBar(t)) * x0
                    + Math.sqrt(d.alpha(t)) * (1 - d.alphaBar(t - 1)) / (1 - d.alphaBar(t)) * xt;
            case VELOCITY -> a * eps - s * x0;
        };
    }

    @Test
    void everyPairConvertsToTheTrueValueAndBack() {
        Random rng = new Random(1);
        for (GaussianDiffusion d : new GaussianDiffusion[] {LINEAR, COSINE}) {
            Parameterization p = new Parameterization(d);
            for (int t : new int[] {1, 2, 10, d.timesteps() / 2, d.timesteps() - 1}) {
                double x0 = rng.nextDouble() * 2 - 1, eps = rng.nextGaussian();
                double xt = d.sqrtAlphaBar(t) * x0 + d.sqrtOneMinusAlphaBar(t) * eps;
                for (Prediction from : Prediction.values()) {
                    for (Prediction to : Prediction.values()) {
                        double in = truth(d, from, x0, eps, t);
                        double out = p.conversion(from, to, t).apply(in, xt);
                        String what = from.id() + " -> " + to.id() + " at t = " + t + " (" + d.schedule() + ")";
                        // the tolerance grows with the conversion's amplification of rounding (1/√ᾱ_t near T, 1/c₁ of μ)
                        double scale = 1 + Math.abs(p.conversion(from, to, t).a()) + Math.abs(p.conversion(from, to, t).b());
                        assertEquals(truth(d, to, x0, eps, t), out, 1e-12 * scale, what);
                        double back = p.conversion(to, from, t).apply(out, xt);
                        double scaleBack = scale * (1 + Math.abs(p.conversion(to, from, t).a()));
                        assertEquals(in, back, 1e-12 * scaleBack, "round trip " + what);
                    }
                }
            }
        }
    }

    @Test
    void trainingTargetsAreTheDefinitions() {
        Parameterization p = new Parameterization(COSINE);
        for (Prediction k : Prediction.values()) {
            for (int t : new int[] {1, 50, 200}) {
                assertEquals(truth(COSINE, k, 0.3, -1.2, t), p.target(k, 0.3, -1.2, t), 1e-12, k + " at " + t);
            }
        }
    }

    @Test
    void floatArraysAndNd4jArraysRoundTrip() {
        Parameterization p = new Parameterization(LINEAR);
        int t = 300;
        INDArray x0 = GaussianDiffusion.gaussian(new Random(2), 2, 4, 4, 1).muli(0.5);
        INDArray eps = GaussianDiffusion.gaussian(new Random(3), 2, 4, 4, 1);
        INDArray xt = LINEAR.qSample(x0, t, eps);
        assertEquals(0, p.predictStartFromNoise(xt, t, eps).distance1(x0) / 32, 1e-5);
        assertEquals(0, p.predictNoiseFromStart(xt, t, x0).distance1(eps) / 32, 1e-5);
        // the old single-purpose methods of GaussianDiffusion agree
        assertEquals(0, LINEAR.predictStartFromNoise(xt, t, eps).distance1(p.predictStartFromNoise(xt, t, eps)) / 32, 1e-6);
        for (Prediction k : Prediction.values()) {
            INDArray k0 = p.convert(Prediction.START_X, x0, k, xt, t);
            INDArray back = p.convert(k, k0, Prediction.START_X, xt, t);
            assertEquals(0, back.distance1(x0) / 32, 1e-4, k.id());
        }
        INDArray mean = LINEAR.qPosteriorMean(x0, xt, t);
        assertEquals(0, p.predictStartFromPrevious(xt, t, mean).distance1(x0) / 32, 1e-3);
        INDArray v = x0.mul(-LINEAR.sqrtOneMinusAlphaBar(t)).addi(eps.mul(LINEAR.sqrtAlphaBar(t)));
        assertEquals(0, p.predictStartFromVelocity(xt, t, v).distance1(x0) / 32, 1e-5);
    }

    @Test
    void learnedVarianceSpansTheRangeBetweenBetaTildeAndBeta() {
        Parameterization p = new Parameterization(COSINE);
        int t = 40;
        double lo = Math.log(COSINE.posteriorVariance(t)), hi = Math.log(COSINE.beta(t));
        assertEquals(hi, Parameterization.learnedLogVariance(1, p.logBeta(t), p.logPosteriorVarianceClipped(t)), 1e-12);
        assertEquals(lo, Parameterization.learnedLogVariance(-1, p.logBeta(t), p.logPosteriorVarianceClipped(t)), 1e-12);
        assertEquals((lo + hi) / 2, Parameterization.learnedLogVariance(0, hi, lo), 1e-12);
        // at t = 1 β̃_1 = 0 is replaced by β̃_2; fixed-large's β_1 too (improved-diffusion)
        assertEquals(Math.log(COSINE.posteriorVariance(2)), p.logPosteriorVarianceClipped(1), 1e-12);
        assertEquals(Math.log(COSINE.posteriorVariance(2)), p.fixedLogVariance(VarianceType.FIXED_LARGE, 1), 1e-12);
        assertEquals(Math.log(COSINE.beta(t)), p.fixedLogVariance(VarianceType.FIXED_LARGE, t), 1e-12);
        assertEquals(lo, p.fixedLogVariance(VarianceType.FIXED_SMALL, t), 1e-12);
    }

    @Test
    void namesParseAndBadOnesAreRefused() {
        for (Prediction k : Prediction.values()) {
            assertEquals(k, Prediction.parse(k.id()));
        }
        for (VarianceType v : VarianceType.values()) {
            assertEquals(v, VarianceType.parse(v.id()));
        }
        assertEquals(Prediction.EPSILON, Prediction.parse(null));
        assertEquals(VarianceType.FIXED_LARGE, VarianceType.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Prediction.parse("noise!"));
        assertThrows(IllegalArgumentException.class, () -> VarianceType.parse("wide"));
        assertThrows(IllegalArgumentException.class, () -> new Parameterization(COSINE).startFrom(Prediction.EPSILON, 0));
    }
}
