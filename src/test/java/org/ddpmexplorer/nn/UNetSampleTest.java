package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The sampling pass ({@link UNet#sample}: SiLU in one pass, nothing kept for backward) against the training pass. */
class UNetSampleTest {

    @Test
    void samplingGivesTheTrainingPassesOutputAndRefusesABackwardPass() {
        // 48 channels at 16x16 and 8x8 with 4 groups: chunks of 21 pixels (of 48 channels) and 10 (of 96), so the leftover
        // pixels after the last whole chunk are exercised as well
        UNetConfig cfg = new UNetConfig(1, 16, 48, List.of(1, 2), 1, Set.of(8), true, 1, 4, 0.0, 3, 48);
        UNet net = new UNet(cfg, 5);
        Random rng = new Random(2);
        INDArray x = GaussianDiffusion.gaussian(rng, 3, 16, 16, 1);
        int[] t = {3, 400, 999};
        int[] y = {0, 2, -1};
        INDArray train = net.forward(x, t, y, false, null).dup();
        INDArray sample = net.sample(x, t, y).dup();
        double err = train.sub(sample).norm2Number().doubleValue() / train.norm2Number().doubleValue();
        assertTrue(err < 1e-5, "relative difference " + err);
        assertTrue(train.norm2Number().doubleValue() > 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.backward(x));
        assertTrue(e.getMessage().contains("backward"), e.getMessage());
        // and a training pass afterwards can be differentiated again
        net.forward(x, t, y, false, null);
        net.backward(x);
        double g = net.params().params().get(0).grad().norm2Number().doubleValue();
        assertTrue(Double.isFinite(g) && g > 0, "gradient norm " + g);
    }
}
