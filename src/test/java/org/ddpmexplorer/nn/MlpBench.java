package org.ddpmexplorer.nn;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Not a test (no assertions on time): the MLP's forward and backward speed. Run with -Dtest=MlpBench. */
class MlpBench {
    @Test
    void forwardBackward() {
        for (int batch : new int[] {256, 512, 2000}) {
            Mlp net = new Mlp(MlpConfig.defaults(), 1);
            Random r = new Random(1);
            float[] xy = new float[2 * batch];
            int[] t = new int[batch];
            for (int i = 0; i < batch; i++) {
                xy[2 * i] = (float) r.nextGaussian();
                xy[2 * i + 1] = (float) r.nextGaussian();
                t[i] = r.nextInt(100);
            }
            var d = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, 2);
            // the same layer sizes in plain loops: in 34 -> 128, 3 x 128 -> 128, 128 -> 2
            int[][] layers = {{34, 128}, {128, 128}, {128, 128}, {128, 128}, {128, 2}};
            float[][] w = new float[5][], b = new float[5][], act = new float[6][], dw = new float[5][], wt = new float[5][];
            act[0] = new float[batch * 34];
            for (int l = 0; l < 5; l++) {
                w[l] = new float[layers[l][0] * layers[l][1]];
                dw[l] = new float[w[l].length];
                wt[l] = new float[w[l].length];
                b[l] = new float[layers[l][1]];
                act[l + 1] = new float[batch * layers[l][1]];
                for (int i = 0; i < w[l].length; i++) {
                    w[l][i] = (float) r.nextGaussian() * 0.1f;
                }
            }
            float[] dA = new float[batch * 128], dB = new float[batch * 128];
            for (int rep = 0; rep < 3; rep++) {
                int k = 100;
                long t0 = System.nanoTime();
                for (int i = 0; i < k; i++) {
                    net.forward(xy, t);
                    net.backward(d);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < k; i++) {
                    for (int l = 0; l < 5; l++) {
                        DenseLoops.forward(act[l], w[l], 0, b[l], 0, act[l + 1], layers[l][0], layers[l][1], 0, batch);
                    }
                    for (int l = 4; l >= 0; l--) {
                        DenseLoops.paramGrads(act[l], l == 4 ? act[5] : dA, dw[l], 0, b[l], 0, layers[l][0], layers[l][1], batch);
                        if (l > 0) {
                            DenseLoops.transpose(w[l], 0, wt[l], layers[l][0], layers[l][1]);
                            DenseLoops.inputGrad(l == 4 ? act[5] : dA, wt[l], dB, layers[l][0], layers[l][1], batch, false);
                            float[] tmp = dA;
                            dA = dB;
                            dB = tmp;
                        }
                    }
                }
                long t2 = System.nanoTime();
                System.out.printf("batch %d: nd4j forward+backward %.3f ms, java loops %.3f ms%n", batch,
                        (t1 - t0) / 1e6 / k, (t2 - t1) / 1e6 / k);
            }
        }
    }
}
