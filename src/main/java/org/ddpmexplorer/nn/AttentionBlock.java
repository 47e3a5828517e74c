package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Single-head self-attention over the H·W positions (ARCH.md): h = GN(x) as [N, HW, C];
 * q, k, v = three Linear(C, C); a = softmax(q kᵀ / √C); out = x + Linear_o(a v).
 */
final class AttentionBlock {
    final int c;
    private final GroupNorm norm;
    private final Linear q, k, v, o;
    private final double scale;

    private INDArray x, q3, k3, v3, scores, o3, out, dP, dS, dQ, dK, dV, dY, dx;
    private float[] ph, dph;
    private int n, hw;
    private final CachedOp scoresOp = new CachedOp("matmul"), outOp = new CachedOp("matmul"), dPOp = new CachedOp("matmul"),
            dVOp = new CachedOp("matmul"), dQOp = new CachedOp("matmul"), dKOp = new CachedOp("matmul"),
            addOut = new CachedOp("add"), addDx = new CachedOp("add");
    private final Views yv = new Views(), qv = new Views(), kv = new Views(), vv = new Views(), o2 = new Views(),
            projv = new Views(), dOut2 = new Views(), dOv = new Views(), dQ2 = new Views(), dK2 = new Views(),
            dV2 = new Views(), dYv = new Views();

    AttentionBlock(ParamSet ps, String name, int c, int groups) {
        this.c = c;
        norm = new GroupNorm(ps, name + ".norm", c, groups, false);
        q = new Linear(ps, name + ".q", c, c);
        k = new Linear(ps, name + ".k", c, c);
        v = new Linear(ps, name + ".v", c, c);
        o = new Linear(ps, name + ".out", c, c);
        scale = 1 / Math.sqrt(c); // 1/√d_k, Vaswani et al.
    }

    /** x: [N, H, W, C] → [N, H, W, C] (layer-owned). */
    INDArray forward(INDArray x) {
        this.x = x;
        n = (int) x.size(0);
        hw = (int) (x.size(1) * x.size(2));
        INDArray y = yv.of(norm.forward(x, null), n * hw, c); // [N·HW, C]
        q3 = qv.of(q.forward(y), n, hw, c);
        k3 = kv.of(k.forward(y), n, hw, c);
        v3 = vv.of(v.forward(y), n, hw, c);
        scores = Ops.ensure(scores, n, hw, hw);
        Ops.matmul(scoresOp, q3, k3, scores, false, true, scale, 0); // [N, HW, HW]
        ph = Ops.ensure(ph, scores.length());
        Ops.read(scores, ph);
        long t0 = Ops.tic();
        softmaxRows(ph, hw);
        Ops.toc("softmax", t0);
        Ops.write(ph, scores); // scores now hold the attention weights P
        o3 = Ops.ensure(o3, n, hw, c);
        Ops.matmul(outOp, scores, v3, o3, false, false, 1, 0); // [N, HW, C]
        INDArray proj = projv.of(o.forward(o2.of(o3, n * hw, c)), x.shape());
        out = Ops.ensure(out, x.shape());
        return Tensors.add(addOut, x, proj, out);
    }

    private static void softmaxRows(float[] a, int len) {
        int rows = a.length / len;
        Ops.parallelFor(2, part -> {
            for (int r = part * rows / 2; r < (part + 1) * rows / 2; r++) {
                int o = r * len;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    max = Math.max(max, a[o + i]);
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    float e = (float) Math.exp(a[o + i] - max);
                    a[o + i] = e;
                    sum += e;
                }
                float inv = (float) (1 / sum);
                for (int i = 0; i < len; i++) {
                    a[o + i] *= inv;
                }
            }
        });
    }

    /** From dL/dout: writes parameter gradients, returns dL/dx (layer-owned). */
    INDArray backward(INDArray dOut) {
        INDArray dO = dOv.of(o.backward(dOut2.of(dOut, n * hw, c), null), n, hw, c);
        dP = Ops.ensure(dP, n, hw, hw);
        Ops.matmul(dPOp, dO, v3, dP, false, true, 1, 0);        // dP = dO vᵀ
        dV = Ops.ensure(dV, n, hw, c);
        Ops.matmul(dVOp, scores, dO, dV, true, false, 1, 0);    // dv = Pᵀ dO
        // softmax backward: dS = P ⊙ (dP - Σ_j dP_j P_j)
        dph = Ops.ensure(dph, dP.length());
        Ops.read(dP, dph);
        final int len = hw, rows = n * hw;
        Ops.parallelFor(2, part -> {
            for (int r = part * rows / 2; r < (part + 1) * rows / 2; r++) {
                int off = r * len;
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += dph[off + i] * ph[off + i];
                }
                float d = (float) dot;
                for (int i = 0; i < len; i++) {
                    dph[off + i] = ph[off + i] * (dph[off + i] - d);
                }
            }
        });
        dS = Ops.ensure(dS, n, hw, hw);
        Ops.write(dph, dS);
        dQ = Ops.ensure(dQ, n, hw, c);
        Ops.matmul(dQOp, dS, k3, dQ, false, false, scale, 0);  // dq = dS k / √C
        dK = Ops.ensure(dK, n, hw, c);
        Ops.matmul(dKOp, dS, q3, dK, true, false, scale, 0);   // dk = dSᵀ q / √C
        dY = Ops.ensure(dY, n * hw, c);
        Ops.zero(dY);
        q.backward(dQ2.of(dQ, n * hw, c), dY);
        k.backward(dK2.of(dK, n * hw, c), dY);
        v.backward(dV2.of(dV, n * hw, c), dY);
        INDArray dxNorm = norm.backward(dYv.of(dY, x.shape()), null);
        dx = Ops.ensure(dx, x.shape());
        return Tensors.add(addDx, dxNorm, dOut, dx);
    }
}
