package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sampling with models that predict ε, x_0, μ or v, with fixed or learned variance. */
class ParameterizedSamplingTest {
    private static final GaussianDiffusion COSINE = new GaussianDiffusion(BetaSchedule.COSINE, 100);
    private static final long[] SHAPE = {2, 4, 4, 1};

    /** A model of the given kind whose prediction channels come from {@code f} and whose variance values are {@code o}. */
    static Denoiser model(Prediction p, VarianceType v, Denoiser f, float o) {
        return new Denoiser() {
            @Override
            public INDArray predict(INDArray xt, int[] t, int[] classes) {
                INDArray pred = f.predict(xt, t, classes);
                return v.learned() ? Nd4j.concat(3, pred, Nd4j.valueArrayOf(pred.shape(), o)) : pred;
            }

            @Override
            public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
                throw new IllegalStateException("a " + p.id() + " model");
            }

            @Override
            public Prediction prediction() {
                return p;
            }

            @Override
            public VarianceType varianceType() {
                return v;
            }
        };
    }

    /** The exact prediction of kind p for a data set of one image: converted from x_0 = target. */
    static Denoiser oracle(Prediction p, VarianceType v, INDArray target) {
        Parameterization param = new Parameterization(COSINE);
        return model(p, v, (xt, t, classes) -> param.convert(Prediction.START_X, target, p, xt, t[0]), 0.3f);
    }

    /** A stub: 0.1 · x_t + 0.01 · t on every value. */
    private static final Denoiser STUB = (xt, t, classes) -> xt.mul(0.1).addi(0.01 * t[0]);

    private static boolean finite(INDArray a) {
        for (float f : a.dup().data().asFloat()) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyCombinationSamplesWithoutNaNWithDdpmAndDdim() {
        for (Prediction p : Prediction.values()) {
            for (VarianceType v : VarianceType.values()) {
                for (SamplerConfig cfg : List.of(SamplerConfig.ddpm(5, 1),
                        SamplerConfig.ddpm(100, 1).withClip(false).withVariance(SamplerConfig.Variance.POSTERIOR),
                        SamplerConfig.ddim(5, 0, 1), SamplerConfig.ddim(5, 1, 1).withClip(false))) {
                    Sampler s = Sampler.fromNoise(COSINE, model(p, v, STUB, -0.4f), cfg, SHAPE, null);
                    for (SamplingStep step : s.collect()) {
                        String what = p.id() + "/" + v.id() + "/" + cfg.kind() + " " + cfg.steps() + " at t = " + step.t();
                        assertTrue(finite(step.x()) && finite(step.predictedStart()) && finite(step.predictedNoise())
                                && finite(step.predictedMean()), what);
                        assertEquals(p, step.prediction(), what);
                        assertTrue(Double.isFinite(step.variance()) && step.variance() > 0, what);
                        assertTrue(step.varianceMin() <= step.variance() * (1 + 1e-9)
                                        || !v.learned() && cfg.variance() == SamplerConfig.Variance.BETA,
                                what + ": σ² " + step.variance() + " below β̃ " + step.varianceMin());
                        assertTrue(step.variance() <= step.varianceMax() * (1 + 1e-9), what);
                        assertEquals(v.learned(), step.varianceLearned(), what);
                    }
                }
            }
        }
    }

    @Test
    void theOracleOfEveryPredictionRecoversTheTrainingImage() {
        INDArray target = GaussianDiffusion.gaussian(new Random(5), SHAPE).muli(0.5);
        for (Prediction p : Prediction.values()) {
            for (VarianceType v : VarianceType.values()) {
                for (SamplerConfig cfg : List.of(SamplerConfig.ddpm(100, 3).withClip(false), SamplerConfig.ddpm(10, 3).withClip(false),
                        SamplerConfig.ddim(10, 0, 1).withClip(false), SamplerConfig.ddim(10, 1, 1).withClip(false))) {
                    INDArray got = Sampler.fromNoise(COSINE, oracle(p, v, target), cfg, SHAPE, null).runToEnd();
                    assertTrue(got.equalsWithEps(target, 2e-3), p.id() + "/" + v.id() + "/" + cfg.kind() + " " + cfg.steps()
                            + ": " + got.sub(target).amaxNumber());
                }
            }
        }
    }

    @Test
    void theRawPredictionIsRecordedAndTheDerivedOnesAgreeWithIt() {
        Parameterization param = new Parameterization(COSINE);
        for (Prediction p : Prediction.values()) {
            SamplingStep step = Sampler.fromNoise(COSINE, model(p, VarianceType.LEARNED_RANGE, STUB, 0f),
                    SamplerConfig.ddpm(100, 2).withClip(false), SHAPE, null).next();
            INDArray raw = STUB.predict(step.xt(), new int[] {100, 100}, null);
            assertTrue(step.rawPrediction().equalsWithEps(raw, 1e-6), p.id());
            INDArray x0 = param.convert(p, raw, Prediction.START_X, step.xt(), 100);
            assertTrue(step.predictedStart().equalsWithEps(x0, 1e-3 * Math.max(1, x0.amaxNumber().doubleValue())), p.id());
            INDArray eps = param.convert(p, raw, Prediction.EPSILON, step.xt(), 100);
            assertTrue(step.predictedNoise().equalsWithEps(eps, 1e-3 * Math.max(1, eps.amaxNumber().doubleValue())), p.id());
        }
    }

    @Test
    void aLearnedVarianceAtTheEndsOfItsRangeSamplesAsTheFixedOnes() {
        // o = +1: σ² = β_t (fixed-large); o = −1: σ² = β̃_t (fixed-small); same seed, same draws
        for (float o : new float[] {1f, -1f}) {
            SamplerConfig.Variance fixed = o > 0 ? SamplerConfig.Variance.BETA : SamplerConfig.Variance.POSTERIOR;
            INDArray learned = Sampler.fromNoise(COSINE, model(Prediction.EPSILON, VarianceType.LEARNED_RANGE, STUB, o),
                    SamplerConfig.ddpm(100, 4), SHAPE, null).runToEnd();
            INDArray reference = Sampler.fromNoise(COSINE, STUB, SamplerConfig.ddpm(100, 4).withVariance(fixed), SHAPE, null)
                    .runToEnd();
            assertTrue(learned.equalsWithEps(reference, 1e-4), "o = " + o);
        }
        // DDIM uses only the mean's x̂_0: the variance channels change nothing
        INDArray a = Sampler.fromNoise(COSINE, model(Prediction.VELOCITY, VarianceType.LEARNED_RANGE, STUB, 1f),
                SamplerConfig.ddim(10, 1, 4), SHAPE, null).runToEnd();
        INDArray b = Sampler.fromNoise(COSINE, model(Prediction.VELOCITY, VarianceType.LEARNED_RANGE, STUB, -1f),
                SamplerConfig.ddim(10, 1, 4), SHAPE, null).runToEnd();
        assertEquals(a, b);
        SamplingStep fixedStep = Sampler.fromNoise(COSINE, STUB, SamplerConfig.ddpm(100, 4), SHAPE, null).next();
        assertNull(fixedStep.learnedVariance());
        assertEquals(COSINE.beta(100), fixedStep.variance(), 1e-12);
        SamplingStep learnedStep = Sampler.fromNoise(COSINE, model(Prediction.EPSILON, VarianceType.LEARNED_RANGE, STUB, 0f),
                SamplerConfig.ddpm(100, 4), SHAPE, null).next();
        assertNotNull(learnedStep.learnedVariance());
        assertEquals(32, learnedStep.learnedVarianceValues().length);
        assertNull(fixedStep.learnedVarianceValues());
        assertEquals(Math.sqrt(COSINE.beta(100) * COSINE.posteriorVariance(100)), learnedStep.variance(), 1e-6,
                "o = 0 is the geometric mean of β and β̃");
    }

    @Test
    void aPlainNoisePredictorIsItsOwnRawOutput() {
        assertEquals(Prediction.EPSILON, STUB.prediction());
        assertEquals(VarianceType.FIXED_LARGE, STUB.varianceType());
        assertEquals(Nd4j.zeros(SHAPE).addi(0.01), STUB.predict(Nd4j.zeros(SHAPE), new int[] {1, 1}, null));
    }
}
