package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training pass with the batch split into shares on several threads ({@link UNet#forwardBackward},
 * {@link SplitPasses}) against the whole batch on one thread.
 */
class UNetSplitTrainingTest {
    /** Attention at 8x8 and in the middle, 3 classes, a learned variance (6 output channels of 3 image channels). */
    static final UNetConfig CFG = new UNetConfig(3, 16, 16, List.of(1, 2), 1, Set.of(8), true, 1, 4, 0.0, 3, 32,
            Prediction.EPSILON, VarianceType.LEARNED_RANGE);

    /**
     * L = 1/(2N) Σ_rows ‖out_row − target_row‖²: each share's part is its rows' sum over the whole
     * batch's N, and dL/d(out) = (out − target)/N.
     */
    private static UNet.ShareLoss halfSquares(INDArray target, int batch) {
        return (share, from, to, out, dOut) -> {
            long row = out.length() / (to - from);
            float[] o = Ops.toHeap(out), d = new float[o.length];
            float[] tg = new float[o.length];
            Ops.buffer(target).get((int) (from * row), tg, 0, tg.length);
            double sum = 0;
            for (int i = 0; i < o.length; i++) {
                float diff = o[i] - tg[i];
                sum += diff * diff;
                d[i] = diff / batch;
            }
            Ops.write(d, dOut);
            return sum / (2.0 * batch);
        };
    }

    private static float[] grads(UNet net) {
        float[] g = new float[(int) net.numParams()];
        net.params().copyGradTo(g);
        return g;
    }

    private static double relative(float[] expected, float[] actual) {
        double err = 0, scale = 0;
        for (int i = 0; i < expected.length; i++) {
            err += (expected[i] - actual[i]) * (double) (expected[i] - actual[i]);
            scale += expected[i] * (double) expected[i];
        }
        return Math.sqrt(err / scale);
    }

    @Test
    void splitGradientsAndLossEqualTheWholeBatches() {
        assertEquals(6, CFG.outputChannels());
        int n = 6;
        UNet net = new UNet(CFG, 5);
        Random rng = new Random(9);
        INDArray x = GaussianDiffusion.gaussian(rng, n, 16, 16, 3);
        INDArray target = GaussianDiffusion.gaussian(rng, n, 16, 16, 6);
        int[] t = {0, 17, 250, 600, 999, 4};
        int[] y = {1, -1, 2, 0, -1, 2};
        UNet.ShareLoss loss = halfSquares(target, n);
        net.sample(x, t, y, 3); // replicas made by a split sampling pass first, without gradient arrays
        double whole = net.forwardBackward(x, t, y, new Random(1), loss, 1);
        float[] wholeGrads = grads(net);
        assertTrue(sq(wholeGrads) > 0, "the whole batch's gradient is not zero");
        boolean serialBefore = Ops.serial();
        for (int shares : new int[] {2, 3, 2}) { // 3+3 rows, 2+2+2, then 3+3 again on warmed replicas
            net.params().params().forEach(p -> p.grad().assign(Double.NaN)); // every gradient must be written
            double split = net.forwardBackward(x, t, y, new Random(1), loss, shares);
            assertEquals(whole, split, 1e-6 * whole, shares + " shares: loss");
            float[] g = grads(net);
            double err = relative(wholeGrads, g);
            assertTrue(err < 2e-6, shares + " shares: relative difference of the gradients " + err);
            // and every parameter's gradient, the small ones too (norms' and attention's)
            for (Param p : net.params().params()) {
                float[] a = new float[(int) p.length()], b = new float[a.length];
                System.arraycopy(wholeGrads, (int) p.offset(), a, 0, a.length);
                System.arraycopy(g, (int) p.offset(), b, 0, b.length);
                double e = relative(a, b);
                assertTrue(e < 1e-4 || Math.sqrt(sq(a)) < 1e-6, shares + " shares, " + p.name() + ": relative difference " + e);
            }
        }
        assertEquals(serialBefore, Ops.serial(), "the calling thread's kernels are parallel again");
        // a sampling pass in between leaves the training replicas' results alone
        net.sample(x, t, y, 2);
        net.forwardBackward(x, t, y, new Random(1), loss, 2);
        assertTrue(relative(wholeGrads, grads(net)) < 2e-6);
    }

    private static double sq(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v * (double) v;
        }
        return s;
    }

    @Test
    void splitDropoutIsRepeatableFromTheSeed() {
        UNetConfig cfg = new UNetConfig(1, 16, 16, List.of(1, 2), 1, Set.of(), false, 1, 4, 0.3, 0, 32);
        UNet net = new UNet(cfg, 3);
        Random rng = new Random(2);
        INDArray x = GaussianDiffusion.gaussian(rng, 4, 16, 16, 1);
        INDArray target = GaussianDiffusion.gaussian(rng, 4, 16, 16, 1);
        int[] t = {1, 100, 500, 900};
        UNet.ShareLoss loss = halfSquares(target, 4);
        double a = net.forwardBackward(x, t, null, new Random(7), loss, 2);
        float[] ga = grads(net);
        double b = net.forwardBackward(x, t, null, new Random(7), loss, 2);
        assertEquals(a, b);
        assertArrayEquals(ga, grads(net));
        double c = net.forwardBackward(x, t, null, new Random(8), loss, 2);
        assertTrue(a != c, "another seed drops other units");
    }
}
