package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reshaped view of an array, kept while the array is the same object: {@code reshape} builds a
 * new view (and a native shape buffer) on every call, which a training step would otherwise do
 * hundreds of times.
 */
final class Views {
    private INDArray base, view;
    private long[] shape = new long[0];

    INDArray of(INDArray a, long... newShape) {
        if (a != base || !java.util.Arrays.equals(newShape, shape)) {
            base = a;
            shape = newShape.clone();
            view = a.reshape('c', newShape);
        }
        return view;
    }
}
