package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-d convolution in NHWC with bias: y = x ⊛ W + b, W of shape [k, k, cIn, cOut]. Outputs and
 * gradients are preallocated for the batch shape and reused; the libnd4j ops are cached per call
 * site. A 1x1 convolution runs as one matrix product over the pixels.
 */
final class Conv2d {
    final int cin, cout, k, stride, pad;
    final Param w, b;
    private INDArray x, y, dx, ones;
    private final CachedOp fwd = new CachedOp("conv2d"), bwd = new CachedOp("conv2d_bp");
    private final CachedOp mm = new CachedOp("matmul"), mmW = new CachedOp("matmul"), mmB = new CachedOp("matmul"),
            mmX = new CachedOp("matmul"), bias = new CachedOp("add");
    private final Views x2 = new Views(), y2 = new Views(), w2 = new Views(), dw2 = new Views(), dy2 = new Views(),
            db2 = new Views(), dx2 = new Views();

    Conv2d(ParamSet ps, String name, int cin, int cout, int k, int stride) {
        this.cin = cin;
        this.cout = cout;
        this.k = k;
        this.stride = stride;
        this.pad = k / 2; // "same" padding for odd kernels: 1 for 3x3, 0 for 1x1
        double bound = 1 / Math.sqrt((double) cin * k * k); // PyTorch's default init, fan_in = cIn·k·k
        w = ps.add(name + ".weight", Param.Init.uniform(bound), k, k, cin, cout);
        b = ps.add(name + ".bias", Param.Init.uniform(bound), cout);
    }

    /** y = x ⊛ W + b. x: [N, H, W, cIn] → [N, H/stride, W/stride, cOut]. The result is owned by the layer. */
    INDArray forward(INDArray x) {
        long n = x.size(0), h = x.size(1), wd = x.size(2);
        long oh = (h + 2L * pad - k) / stride + 1, ow = (wd + 2L * pad - k) / stride + 1;
        this.x = x;
        y = Ops.ensure(y, n, oh, ow, cout);
        if (pointwise()) {
            // a 1x1 convolution in NHWC is a matrix product over the pixels: [N·H·W, cIn] x [cIn, cOut]
            long m = n * h * wd;
            INDArray yy = y2.of(y, m, cout);
            Ops.matmul(mm, x2.of(x, m, cin), w2.of(w.value, cin, cout), yy, false, false, 1, 0);
            bias.exec(new INDArray[] {yy, b.value}, new INDArray[] {yy}, new long[0], new double[0]);
            return y;
        }
        Ops.conv2d(fwd, x, w.value, b.value, y, k, stride, pad);
        return y;
    }

    private boolean pointwise() {
        return k == 1 && stride == 1;
    }

    /** Gradients from dL/dy: writes dL/dW and dL/db, returns dL/dx (owned by the layer). */
    INDArray backward(INDArray dy) {
        dx = Ops.ensure(dx, x.shape());
        if (pointwise()) {
            long m = x.length() / cin;
            INDArray xx = x2.of(x, m, cin), dyy = dy2.of(dy, m, cout);
            Ops.matmul(mmW, xx, dyy, dw2.of(w.grad, cin, cout), true, false, 1, 0);
            if (ones == null || ones.size(1) != m) {
                ones = Ops.zeros(1, m).addi(1);
            }
            Ops.matmul(mmB, ones, dyy, db2.of(b.grad, 1, cout), false, false, 1, 0);
            Ops.matmul(mmX, dyy, w2.of(w.value, cin, cout), dx2.of(dx, m, cin), false, true, 1, 0);
            return dx;
        }
        Ops.conv2dBackward(bwd, x, w.value, b.value, dy, dx, w.grad, b.grad, k, stride, pad);
        return dx;
    }
}
