package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aNetworkBuiltWithGivenWeightsHasExactlyThemAndComputesAsACopy() {
        UNetConfig cfg = new UNetConfig(1, 16, 16, List.of(1, 2), 1, Set.of(8), true, 1, 4, 0.0, 3, 32);
        UNet source = new UNet(cfg, 11);
        float[] flat = new float[(int) source.numParams()];
        source.params().copyTo(flat);
        UNet copied = new UNet(cfg, 12);
        copied.params().copyFrom(flat);
        UNet built = UNet.withWeights(cfg, flat);
        float[] back = new float[flat.length];
        built.params().copyTo(back);
        assertArrayEquals(flat, back);
        float first = flat[0];
        flat[0] = first + 1; // its own arrays: the caller's later writes do not reach it
        built.params().copyTo(back);
        assertEquals(first, back[0]);
        INDArray x = GaussianDiffusion.gaussian(new Random(4), 2, 16, 16, 1);
        int[] t = {5, 700};
        int[] y = {1, -1};
        assertEquals(copied.sample(x, t, y).dup(), built.sample(x, t, y).dup());
        // and it trains: its gradient arrays exist
        built.forward(x, t, y, false, null);
        built.backward(x);
        double g = built.params().params().get(0).grad().norm2Number().doubleValue();
        assertTrue(Double.isFinite(g) && g > 0, "gradient norm " + g);
        assertThrows(IllegalArgumentException.class, () -> UNet.withWeights(cfg, new float[3]));
    }

    @Test
    void aBatchSplitIntoSharesOnSeveralThreadsGivesTheWholeBatchesResult() {
        UNetConfig cfg = new UNetConfig(1, 16, 16, List.of(1, 2), 1, Set.of(8), true, 1, 4, 0.0, 3, 32);
        UNet net = new UNet(cfg, 7);
        Random rng = new Random(3);
        INDArray x = GaussianDiffusion.gaussian(rng, 5, 16, 16, 1);
        INDArray xBefore = x.dup();
        int[] t = {0, 17, 250, 600, 999};
        int[] y = {1, -1, 2, 0, -1};
        INDArray whole = net.sample(x, t, y, 1).dup();
        boolean serialBefore = Ops.serial();
        int threadsBefore = NativeEngine.threadsOfThisThread(2);
        NativeEngine.threadsOfThisThread(threadsBefore);
        for (int shares : new int[] {2, 3, 5}) { // 5 rows in shares of 2+3, 1+2+2 and 1 each
            INDArray split = net.sample(x, t, y, shares).dup();
            assertArrayEquals(whole.shape(), split.shape());
            double err = whole.sub(split).norm2Number().doubleValue() / whole.norm2Number().doubleValue();
            assertTrue(err < 1e-5, shares + " shares: relative difference " + err);
        }
        assertArrayEquals(xBefore.shape(), x.shape(), "the input's shape is left alone");
        assertEquals(0.0, xBefore.sub(x).norm2Number().doubleValue(), "and so are its values");
        assertEquals(serialBefore, Ops.serial(), "the calling thread's kernels are parallel again");
        assertEquals(threadsBefore, NativeEngine.threadsOfThisThread(threadsBefore), "and its OpenMP threads restored");

        // the replicas share the weights: after a change to them, split and whole agree again (and differ from before)
        float[] flat = new float[(int) net.numParams()];
        net.params().copyTo(flat);
        for (int i = 0; i < flat.length; i += 3) {
            flat[i] *= 0.9f;
        }
        net.params().copyFrom(flat);
        INDArray whole2 = net.sample(x, t, y, 1).dup();
        INDArray split2 = net.sample(x, t, y, 2).dup();
        assertTrue(whole2.sub(whole).norm2Number().doubleValue() > 1e-3 * whole.norm2Number().doubleValue());
        double err = whole2.sub(split2).norm2Number().doubleValue() / whole2.norm2Number().doubleValue();
        assertTrue(err < 1e-5, "after the weights changed: relative difference " + err);
        assertThrows(IllegalArgumentException.class, () -> net.sample(x, new int[] {1, 2}, null, 2));
    }
}
