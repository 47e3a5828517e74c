package org.ddpmexplorer.train;

import org.ddpmexplorer.nn.UNet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training loss of one share of a batch ({@link UNet.ShareLoss}), for a batch that
 * {@link UNet#forwardBackward} may split across threads (docs/benchmarks.md, section 'Split
 * training'): each share copies its rows of x_0, ε, x_t and t into its own heap arrays, and
 * {@link DiffusionLoss} gives its loss and gradient as its part of the whole batch's mean. Each
 * share touches only its own arrays and its rows of the per-image losses, so the shares run at once.
 */
final class ShareLosses {
    /** One share's rows: x_0, ε, x_t, t, the network's output, dL/d(output), each image's loss. */
    private static final class Rows {
        final float[] x0, noise, xt, out, dOut;
        final int[] t;
        final double[] perImage;

        Rows(int rows, int per, int outPer) {
            x0 = new float[rows * per];
            noise = new float[rows * per];
            xt = new float[rows * per];
            out = new float[rows * outPer];
            dOut = new float[rows * outPer];
            t = new int[rows];
            perImage = new double[rows];
        }
    }

    /** Per share (at most one per image): its rows' arrays, made at first use. */
    private final Rows[] shares;

    ShareLosses(int batch) {
        shares = new Rows[batch];
    }

    /**
     * The loss of a batch of {@code t.length} images of {@code per} values each (NHWC, {@code channels}
     * channels), the network's output {@code outPer} values per image; each image's loss lands in
     * {@code perImage}. The arrays are the whole batch's, read and written by the shares while
     * {@link UNet#forwardBackward} runs.
     */
    UNet.ShareLoss of(DiffusionLoss loss, float[] x0, float[] noise, float[] xt, int[] t, int channels, int per,
                      int outPer, double[] perImage) {
        return (share, from, to, out, dOut) -> {
            int rows = to - from;
            Rows r = shares[share];
            if (r == null || r.t.length != rows) {
                r = new Rows(rows, per, outPer);
                shares[share] = r;
            }
            System.arraycopy(x0, from * per, r.x0, 0, rows * per);
            System.arraycopy(noise, from * per, r.noise, 0, rows * per);
            System.arraycopy(xt, from * per, r.xt, 0, rows * per);
            System.arraycopy(t, from, r.t, 0, rows);
            out.data().asNioFloat().get(r.out, 0, rows * outPer);
            double l = loss.lossAndGradient(r.x0, r.noise, r.xt, r.t, channels, r.out, r.dOut, r.perImage, t.length);
            dOut.data().asNioFloat().put(r.dOut, 0, rows * outPer);
            System.arraycopy(r.perImage, 0, perImage, from, rows);
            return l;
        };
    }
}
