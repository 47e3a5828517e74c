package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Parameterization;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.nn.Mlp;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.nn.MlpDenoiser;
import org.junit.jupiter.api.Test;

/** The 2-D model with every prediction target and variance: it trains, samples, and learns the right target. */
class ToyParameterizationTest {
    private static final GaussianDiffusion DIFF = new GaussianDiffusion(BetaSchedule.COSINE, 20);
    /**
     * For the smoke run: a linear schedule, whose last step keeps ᾱ_T &gt; 0. Under the cosine one β_T = 0.999,
     * so DDPM's first step multiplies the error of a barely trained model's ε̂ by 1/√α_T ≈ 32 and its
     * samples run off to where the learned variance's extrapolation overflows.
     */
    private static final GaussianDiffusion LINEAR = new GaussianDiffusion(BetaSchedule.LINEAR, 100);
    private static final MlpConfig SMALL = new MlpConfig(32, 2, 16);

    @Test
    void everyCombinationTrainsAndSamplesWithoutNaN() {
        PointSet data = PointPreset.TWO_MOONS.sample(300, 1);
        for (Prediction p : Prediction.values()) {
            for (VarianceType v : VarianceType.values()) {
                ToyTrainConfig cfg = new ToyTrainConfig(10, 64, 2e-3, 0.9, 3).withPrediction(p).withVariance(v);
                ToyTrainer tr = new ToyTrainer(SMALL, LINEAR, data, cfg);
                float[] before = tr.emaWeights();
                for (int s = 0; s < 10; s++) {
                    assertTrue(Double.isFinite(tr.trainStep()), p + "/" + v + " step " + s);
                }
                assertFalse(Arrays.equals(before, tr.emaWeights()), p + "/" + v + ": the weights did not move");
                MlpDenoiser m = tr.emaSnapshot();
                assertEquals(p, m.prediction());
                assertEquals(v, m.varianceType());
                assertEquals(v.learned() ? 4 : 2, m.net().outputs());
                for (SamplerConfig.Kind kind : SamplerConfig.Kind.values()) {
                    SamplerConfig sc = new SamplerConfig(kind, kind == SamplerConfig.Kind.DDPM ? 100 : 10, 1,
                            SamplerConfig.Variance.of(v), false, 1, 7);
                    float[] x = Sampler.fromNoise(LINEAR, m, sc, new long[] {50, 2}, null).runToEnd().dup().data().asFloat();
                    for (float f : x) {
                        assertTrue(Float.isFinite(f), p + "/" + v + "/" + kind + ": a sample is " + f);
                    }
                }
            }
        }
    }

    /**
     * A model trained on one point x* learns each target: converted to x̂_0 with Parameterization, every
     * prediction gives back x* (the MSE's minimiser when the data is one point), at large and small t. A
     * model that learned another target, or a conversion that took the wrong one, misses x* by far more.
     */
    @Test
    void eachTargetIsLearnedAndConvertsToTheDataPoint() {
        float[] star = {0.8f, -0.5f};
        PointSet one = new PointSet(star);
        Parameterization param = new Parameterization(DIFF);
        for (Prediction p : Prediction.values()) {
            ToyTrainer tr = new ToyTrainer(SMALL, DIFF, one, new ToyTrainConfig(600, 128, 3e-3, 0.95, 2).withPrediction(p));
            for (int s = 0; s < 600; s++) {
                tr.trainStep();
            }
            MlpDenoiser m = tr.emaSnapshot();
            float[] noise = {0.5f, -1.0f, -0.7f, 0.3f}, x0 = {star[0], star[1], star[0], star[1]};
            for (int t : new int[] {3, 12, 19}) {
                float[] xt = new float[4]; // two draws of q(x_t | x*): where the network was trained
                DIFF.qSample(x0, t, noise, xt, 0, 4);
                float[] raw = m.predictRaw(xt, new int[] {t, t});
                float[] eps = m.predictNoise(xt, t);
                for (int i = 0; i < 4; i++) {
                    double start = param.startFrom(p, t).apply(raw[i], xt[i]);
                    // within 0.15 of the target in the prediction's own units: x̂_0's error is that times |a|
                    double tol = 0.15 * Math.max(1, Math.abs(param.startFrom(p, t).a()));
                    assertEquals(star[i % 2], start, tol, p + " at t = " + t + ": x̂_0[" + i + "]");
                    // predictNoise is the same prediction as ε̂
                    double fromEps = param.startFrom(Prediction.EPSILON, t).apply(eps[i], xt[i]);
                    assertEquals(start, fromEps, 1e-3 * (1 + Math.abs(start)), p + " at t = " + t + ": ε̂ disagrees");
                }
            }
        }
    }

    @Test
    void theDenoiserChecksItsOutputs() {
        assertThrows(IllegalArgumentException.class,
                () -> new MlpDenoiser(new Mlp(SMALL, 2, 1), Prediction.EPSILON, VarianceType.LEARNED_RANGE, DIFF));
        assertThrows(IllegalArgumentException.class,
                () -> new MlpDenoiser(new Mlp(SMALL, 4, 1), Prediction.EPSILON, VarianceType.FIXED_SMALL, DIFF));
        assertThrows(IllegalArgumentException.class,
                () -> new MlpDenoiser(new Mlp(SMALL, 2, 1), Prediction.START_X, VarianceType.FIXED_SMALL, null));
        assertThrows(IllegalArgumentException.class, () -> new MlpDenoiser(new Mlp(SMALL, 4, 1)));
        assertThrows(IllegalArgumentException.class, () -> ToyTrainConfig.defaults().withPrediction(null));
    }

    @Test
    void epsWithFixedVarianceIsTheDefault() {
        ToyTrainConfig d = ToyTrainConfig.defaults();
        assertEquals(Prediction.EPSILON, d.prediction());
        assertEquals(VarianceType.FIXED_LARGE, d.variance());
        ToyTrainConfig c = d.withPrediction(Prediction.VELOCITY).withVariance(VarianceType.LEARNED_RANGE).withSteps(5).withSeed(9)
                .withBatchSize(16);
        assertEquals(Prediction.VELOCITY, c.prediction(), "the other withers keep the prediction");
        assertEquals(VarianceType.LEARNED_RANGE, c.variance(), "the other withers keep the variance");
    }
}
