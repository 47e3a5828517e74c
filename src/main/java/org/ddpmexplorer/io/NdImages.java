package org.ddpmexplorer.io;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Images out of the engine's NHWC batches. */
public final class NdImages {
    private NdImages() {
    }

    /**
     * Image i of an NHWC batch as a tensor, cropped to the centre {@code size}x{@code size} (as
     * {@link SampleGrids#image} crops); a copy.
     */
    public static ImageTensor tensor(INDArray batch, int i, int size) {
        int h = (int) batch.size(1), w = (int) batch.size(2), c = (int) batch.size(3);
        int side = Math.min(size, Math.min(h, w));
        int oy = (h - side) / 2, ox = (w - side) / 2;
        float[] v = batch.slice(i).dup().data().asFloat(); // [H, W, C]
        float[] out = new float[side * side * c];
        for (int y = 0; y < side; y++) {
            System.arraycopy(v, ((y + oy) * w + ox) * c, out, y * side * c, side * c);
        }
        return new ImageTensor(side, side, c, out);
    }
}
