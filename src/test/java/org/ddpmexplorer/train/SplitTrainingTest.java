package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.nn.UNet;
import org.ddpmexplorer.nn.UNetConfig;
import org.junit.jupiter.api.Test;

/**
 * Training steps with the batch split into shares on several threads ({@link UNet#forwardBackward})
 * follow the whole batch's: the loss of each share is its part of the batch's mean, min-SNR weighted
 * and with the hybrid loss's L_vlb term of a learned variance.
 */
class SplitTrainingTest {
    /** Attention at 8x8 and in the middle, 4 classes, a learned variance, no dropout. */
    private static final UNetConfig CFG = new UNetConfig(1, 16, 16, List.of(1, 2), 1, Set.of(8), true, 1, 4, 0.0, 4,
            32, Prediction.EPSILON, VarianceType.LEARNED_RANGE);

    private static Trainer trainer(int shares) {
        Trainer tr = new Trainer(CFG, TrainerTest.DIFF, TinyData.squares(16, 16), TrainConfig.defaults(100).withBatch(6)
                .withSeed(4).withWarmup(0).withLearningRate(1e-3).withMinSnr(5).withClassDropout(0.3));
        tr.model().setTrainingShares(shares);
        return tr;
    }

    @Test
    void splitStepsGiveTheWholeBatchesLosses() {
        Trainer whole = trainer(1), split2 = trainer(2), split3 = trainer(3);
        for (int step = 0; step < 4; step++) {
            double a = whole.trainStep(), b = split2.trainStep(), c = split3.trainStep();
            assertTrue(a > 0 && Double.isFinite(a), "loss " + a);
            assertEquals(a, b, 1e-5 * a, "step " + step + ", 2 shares");
            assertEquals(a, c, 1e-5 * a, "step " + step + ", 3 shares");
        }
        assertEquals(whole.lossEma(), split3.lossEma(), 1e-5 * whole.lossEma());
        float[] wa = new float[(int) whole.model().numParams()], wc = new float[wa.length];
        whole.model().params().copyTo(wa);
        split3.model().params().copyTo(wc);
        double err = 0, scale = 0;
        for (int i = 0; i < wa.length; i++) {
            err += (wa[i] - wc[i]) * (double) (wa[i] - wc[i]);
            scale += wa[i] * (double) wa[i];
        }
        assertTrue(Math.sqrt(err / scale) < 1e-4, "relative difference of the weights " + Math.sqrt(err / scale));
    }
}
