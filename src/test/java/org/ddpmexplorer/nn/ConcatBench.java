package org.ddpmexplorer.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The channel concatenation ({@link Tensors#concatChannels}) buffer to buffer against a copy through heap
 * arrays, alternating in one process, on one thread (as a share of a split batch runs). Run: {@code java -cp
 * target/classes:target/test-classes:target/ddpm-explorer.jar org.ddpmexplorer.nn.ConcatBench [batch]}.
 */
public final class ConcatBench {
    private ConcatBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 8, side = 32, ca = 64, cb = 32, reps = 200;
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, side, side, ca);
        INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, side, side, cb);
        INDArray o1 = Ops.zeros(n, side, side, ca + cb), o2 = Ops.zeros(n, side, side, ca + cb);
        float[] ah = new float[(int) a.length()], bh = new float[(int) b.length()], oh = new float[(int) o1.length()];
        Ops.serial(true);
        double[] heap = new double[reps], direct = new double[reps];
        for (int i = -50; i < reps; i++) {
            long t0 = System.nanoTime();
            heapConcat(a, b, o1, ah, bh, oh);
            long t1 = System.nanoTime();
            Tensors.concatChannels(a, b, o2);
            long t2 = System.nanoTime();
            if (i >= 0) {
                heap[i] = (t1 - t0) / 1e6;
                direct[i] = (t2 - t1) / 1e6;
            }
        }
        if (!o1.equals(o2)) {
            throw new AssertionError("results differ");
        }
        Arrays.sort(heap);
        Arrays.sort(direct);
        System.out.printf(java.util.Locale.ROOT, "batch %d: heap median %.3f ms, buffer to buffer %.3f ms%n", n, heap[reps / 2], direct[reps / 2]);
    }

    /** The concatenation through heap copies of the three tensors. */
    private static void heapConcat(INDArray a, INDArray b, INDArray out, float[] ah, float[] bh, float[] oh) {
        int ca = (int) a.size(3), cb = (int) b.size(3), co = ca + cb;
        int pixels = (int) (a.length() / ca);
        Ops.read(a, ah);
        Ops.read(b, bh);
        for (int p = 0; p < pixels; p++) {
            System.arraycopy(ah, p * ca, oh, p * co, ca);
            System.arraycopy(bh, p * cb, oh, p * co + ca, cb);
        }
        Ops.write(oh, out);
    }
}
