package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-d convolution in NHWC with bias: y = x ⊛ W + b, W of shape [k, k, cIn, cOut]. Outputs and
 * gradients are preallocated for the batch shape and reused.
 */
final class Conv2d {
    final int cin, cout, k, stride, pad;
    final Param w, b;
    private INDArray x, y, dx, ones;

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
            INDArray y2 = y.reshape(n * h * wd, cout);
            Ops.gemm(x.reshape(n * h * wd, cin), w.value.reshape(cin, cout), y2, false, false, 1, 0);
            y2.addiRowVector(b.value);
            return y;
        }
        Ops.conv2d(x, w.value, b.value, y, k, stride, pad);
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
            INDArray x2 = x.reshape(m, cin), dy2 = dy.reshape(m, cout);
            Ops.gemm(x2, dy2, w.grad.reshape(cin, cout), true, false, 1, 0);
            if (ones == null || ones.size(1) != m) {
                ones = Ops.zeros(1, m).addi(1);
            }
            Ops.gemm(ones, dy2, b.grad.reshape(1, cout), false, false, 1, 0);
            Ops.gemm(dy2, w.value.reshape(cin, cout), dx.reshape(m, cin), false, true, 1, 0);
            return dx;
        }
        Ops.conv2dBackward(x, w.value, b.value, dy, dx, w.grad, b.grad, k, stride, pad);
        return dx;
    }
}
