package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A fully connected layer y = x W + b on rows: x [M, in], W [in, out], b [out]. */
final class Linear {
    final int in, out;
    final Param w, b;
    private INDArray x, y, dx, ones;
    private final CachedOp fwd = new CachedOp("matmul"), bias = new CachedOp("add"), dW = new CachedOp("matmul"),
            dB = new CachedOp("matmul"), dX = new CachedOp("matmul");
    private final Views db2 = new Views();

    Linear(ParamSet ps, String name, int in, int out) {
        this.in = in;
        this.out = out;
        double bound = 1 / Math.sqrt(in); // PyTorch's default init, fan_in = in
        w = ps.add(name + ".weight", Param.Init.uniform(bound), in, out);
        b = ps.add(name + ".bias", Param.Init.uniform(bound), out);
    }

    /** y = x W + b; x: [M, in] → [M, out], owned by the layer. */
    INDArray forward(INDArray x) {
        this.x = x;
        long m = x.size(0);
        y = Ops.ensure(y, m, out);
        Ops.matmul(fwd, x, w.value, y, false, false, 1, 0);
        bias.exec(new INDArray[] {y, b.value}, new INDArray[] {y}, new long[0], new double[0]);
        return y;
    }

    /** The output of the last forward pass. */
    INDArray lastOutput() {
        return y;
    }

    /**
     * Writes dL/dW = xᵀ dy and dL/db = Σ_rows dy; returns dL/dx = dy Wᵀ, added into {@code dxInto}
     * when it is given (so several consumers of one input can accumulate), else into a layer-owned
     * array.
     */
    INDArray backward(INDArray dy, INDArray dxInto) {
        backwardParamsOnly(dy);
        if (dxInto != null) {
            Ops.matmul(dX, dy, w.value, dxInto, false, true, 1, 1);
            return dxInto;
        }
        dx = Ops.ensure(dx, dy.size(0), in);
        Ops.matmul(dX, dy, w.value, dx, false, true, 1, 0);
        return dx;
    }

    /** Like {@link #backward} but computes no dL/dx (for layers fed by constants). */
    void backwardParamsOnly(INDArray dy) {
        long m = dy.size(0);
        Ops.matmul(dW, x, dy, w.grad, true, false, 1, 0);
        if (ones == null || ones.size(1) != m) {
            ones = Ops.zeros(1, m).addi(1);
        }
        Ops.matmul(dB, ones, dy, db2.of(b.grad, 1, out), false, false, 1, 0);
    }
}
