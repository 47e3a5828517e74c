package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The engine's hand-written forward and backward passes against SameDiff's automatic differentiation. */
class UNetGradientTest {

    @Test
    void referenceConfigurationHasTheParameterCountOfArchMd() {
        assertEquals(641_249, new UNet(UNetConfig.reference(32), 1).numParams());
    }

    @Test
    void referenceNetworkMatchesSameDiff() {
        // ARCH.md's layout at a smaller base (16) to keep the test quick
        check(UNetConfig.reference(16), 3, 16);
    }

    @Test
    void conditionalNetworkWithLevelAttentionAndMidBlocksMatchesSameDiff() {
        UNetConfig cfg = new UNetConfig(3, 16, 8, List.of(1, 2), 2, Set.of(8), true, 2, 4, 0.0, 4, 16);
        check(cfg, 2, 16);
    }

    private static void check(UNetConfig cfg, int n, int size) {
        UNet net = new UNet(cfg, 7);
        Random rng = new Random(3);
        INDArray x = GaussianDiffusion.gaussian(rng, n, size, size, cfg.imageChannels());
        INDArray w = GaussianDiffusion.gaussian(rng, n, size, size, cfg.imageChannels());
        int[] t = new int[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(1000);
            y[i] = cfg.numClasses() > 0 ? (i == 0 ? -1 : rng.nextInt(cfg.numClasses())) : -1;
        }
        INDArray eps = net.forward(x, t, y, false, null).dup();
        net.params().params().forEach(p -> p.grad().assign(Double.NaN)); // every gradient must be written
        net.backward(w);

        SameDiffUNet ref = new SameDiffUNet(net, x, t, y, w);
        INDArray refOut = ref.output();
        assertRelative("output", refOut, eps.castTo(DataType.DOUBLE), 1e-4);
        Map<String, INDArray> grads = ref.gradients();
        StringBuilder failures = new StringBuilder();
        for (Param p : net.params().params()) {
            INDArray g = grads.get(p.name());
            try {
                assertRelative(p.name(), g, p.grad().castTo(DataType.DOUBLE), 1e-4);
            } catch (AssertionError e) {
                failures.append(e.getMessage()).append('\n');
            }
        }
        assertEquals("", failures.toString(), "gradients that differ from SameDiff's");
    }

    static void assertRelative(String what, INDArray expected, INDArray actual, double tol) {
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape())
                        || expected.length() == actual.length(),
                what + ": shapes " + java.util.Arrays.toString(expected.shape()) + " vs " + java.util.Arrays.toString(actual.shape()));
        INDArray e = expected.reshape(expected.length()), a = actual.reshape(actual.length());
        double err = e.sub(a).norm2Number().doubleValue();
        double scale = e.norm2Number().doubleValue();
        // an absolute floor for gradients that are zero in exact arithmetic (the key bias of attention)
        assertTrue(err <= tol * scale + 1e-6, what + ": relative error " + err / scale + " > " + tol
                + " (|expected| = " + scale + ")");
    }
}
