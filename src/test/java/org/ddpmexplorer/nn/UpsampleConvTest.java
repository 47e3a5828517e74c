package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sub-pixel form of upsampling and a 3x3 convolution against the two done one after the other:
 * a nearest-neighbour upsampling written here as loops, then a {@link Conv2d} with the same weights.
 */
class UpsampleConvTest {
    @Test
    void givesTheOutputAndGradientsOfUpsamplingThenConvolving() {
        int n = 2, h = 3, w = 5, cin = 3, cout = 4;
        ParamSet ps = new ParamSet();
        UpsampleConv sub = new UpsampleConv(ps, "sub", cin, cout);
        Conv2d ref = new Conv2d(ps, "ref", cin, cout, 3, 1);
        ps.bind(new Random(7));
        Param w3 = ps.params().get(0), b = ps.params().get(1);
        ref.w.value.assign(w3.value);
        b.value.assign(Nd4j.rand(DataType.FLOAT, cout).subi(0.5)); // a bias that is not zero
        ref.b.value.assign(b.value);

        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, h, w, cin);
        INDArray up = Nd4j.create(DataType.FLOAT, n, 2 * h, 2 * w, cin);
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    for (int c = 0; c < cin; c++) {
                        up.putScalar(new long[] {s, i, j, c}, x.getFloat(s, i / 2, j / 2, c));
                    }
                }
            }
        }
        INDArray expected = ref.forward(up).dup();
        INDArray actual = sub.forward(x).dup();
        assertEquals(java.util.List.of(2L, 6L, 10L, 4L), java.util.Arrays.stream(actual.shape()).boxed().toList());
        assertClose("output", expected, actual);

        INDArray dOut = Nd4j.randn(DataType.FLOAT, n, 2 * h, 2 * w, cout);
        INDArray dUp = ref.backward(dOut);
        INDArray dxExpected = Nd4j.zeros(DataType.FLOAT, n, h, w, cin);
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    for (int c = 0; c < cin; c++) {
                        long[] at = {s, i / 2, j / 2, c};
                        dxExpected.putScalar(at, dxExpected.getFloat(at) + dUp.getFloat(s, i, j, c));
                    }
                }
            }
        }
        INDArray dx = sub.backward(dOut);
        assertClose("dL/dx", dxExpected, dx);
        assertClose("dL/dW", ref.w.grad, w3.grad);
        assertClose("dL/db", ref.b.grad, b.grad);
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        double scale = expected.amaxNumber().doubleValue();
        double err = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(scale > 0.1, what + " is all but zero: the comparison would prove nothing");
        assertTrue(err <= 1e-5 * scale + 1e-6, what + ": max error " + err + " against max " + scale);
    }
}
