package org.ddpmexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bound in nats per point against closed forms. For data x_0 ~ N(0, I) the forward chain is
 * stationary, so its exact reverse step is q(x_{t-1} | x_t) = N(√α_t x_t, β_t I) and a model with that
 * mean and variance has p_θ(x_{0:T}) = q(x_{0:T}): its bound's mean is the entropy log(2πe) per 2-D point.
 * A model with a shrunken mean c√α_t x_t is the Gaussian N(0, s² I) with s² from the chain
 * (s_T² = 1, s_{t-1}² = c² α_t s_t² + β_t), and its bound lies above its exact cross-entropy.
 */
class PointBoundTest {
    private static final GaussianDiffusion DIFF = new GaussianDiffusion(BetaSchedule.COSINE, 10);
    private static final double ENTROPY = Math.log(2 * Math.PI * Math.E); // two dimensions of ½ log(2πe)

    /** Predicts the mean c√α_t x_t with the learned variance at its upper end, β_t (o = 1). */
    private static Denoiser linear(double c) {
        return new Denoiser() {
            @Override
            public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
                throw new IllegalStateException("predicts the mean");
            }

            @Override
            public INDArray predict(INDArray xt, int[] t, int[] classes) {
                float[] x = xt.dup('c').data().asFloat(), out = new float[2 * x.length];
                for (int s = 0; s < t.length; s++) {
                    double m = c * Math.sqrt(1 - DIFF.beta(t[s]));
                    out[4 * s] = (float) (m * x[2 * s]);
                    out[4 * s + 1] = (float) (m * x[2 * s + 1]);
                    out[4 * s + 2] = 1;
                    out[4 * s + 3] = 1;
                }
                return Nd4j.create(out, new long[] {t.length, 4}, 'c');
            }

            @Override
            public Prediction prediction() {
                return Prediction.PREVIOUS_X;
            }

            @Override
            public VarianceType varianceType() {
                return VarianceType.LEARNED_RANGE;
            }
        };
    }

    private static float[] standardNormal(int n, long seed) {
        Random r = new Random(seed);
        float[] xy = new float[2 * n];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = (float) r.nextGaussian();
        }
        return xy;
    }

    @Test
    void theExactReverseChainsBoundIsTheDatasEntropy() {
        PointBound.Result r = PointBound.evaluate(linear(1), DIFF, standardNormal(3000, 1), 2, () -> false);
        assertEquals(3000, r.points());
        assertTrue(r.stdError() < 0.05, "standard error " + r.stdError());
        assertEquals(ENTROPY, r.meanNats(), 4 * r.stdError(), "bound " + r.meanNats() + " ± " + r.stdError());
        // the prior term in closed form: E KL(N(√ᾱ_T x, 1-ᾱ_T) ‖ N(0, 1)) per dimension with E x² = 1
        double ab = DIFF.alphaBar(DIFF.timesteps());
        double prior = 2 * 0.5 * (-1 - Math.log(1 - ab) + (1 - ab) + ab);
        assertEquals(prior, r.priorNats(), 0.05 * prior + 1e-6);
    }

    @Test
    void aWrongModelsBoundLiesAboveItsExactCrossEntropy() {
        double c = 0.8, s2 = 1;
        for (int t = DIFF.timesteps(); t >= 1; t--) {
            s2 = c * c * (1 - DIFF.beta(t)) * s2 + DIFF.beta(t);
        }
        double crossEntropy = 2 * (0.5 * Math.log(2 * Math.PI * s2) + 0.5 / s2); // E −log N(x; 0, s² I), x ~ N(0, I)
        float[] data = standardNormal(3000, 3);
        PointBound.Result wrong = PointBound.evaluate(linear(c), DIFF, data, 4, () -> false);
        PointBound.Result right = PointBound.evaluate(linear(1), DIFF, data, 4, () -> false);
        assertTrue(crossEntropy > ENTROPY + 0.05, "the test's model must be worse: " + crossEntropy);
        assertTrue(wrong.meanNats() > crossEntropy - 3 * wrong.stdError(), wrong.meanNats() + " < " + crossEntropy);
        assertTrue(wrong.meanNats() > right.meanNats() + 0.05, wrong.meanNats() + " vs " + right.meanNats());
    }

    @Test
    void batchesDoNotChangeTheFigureAndBadInputIsRefused() {
        // more points than one batch are all scored
        float[] data = standardNormal(PointBound.BATCH + 10, 5);
        PointBound.Result all = PointBound.evaluate(linear(1), DIFF, data, 6, () -> false);
        assertEquals(PointBound.BATCH + 10, all.points());
        assertTrue(Double.isFinite(all.meanNats()));
        assertThrows(IllegalArgumentException.class, () -> PointBound.evaluate(linear(1), DIFF, new float[0], 1, () -> false));
        assertThrows(java.util.concurrent.CancellationException.class,
                () -> PointBound.evaluate(linear(1), DIFF, data, 1, () -> true));
    }
}
