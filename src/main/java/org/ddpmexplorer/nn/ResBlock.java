package org.ddpmexplorer.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DDPM residual block (ARCH.md): h = Conv3x3(SiLU(GN(x))); h += Linear_t(temb) per channel;
 * h = Conv3x3(Dropout(SiLU(GN(h)))); out = h + (Conv1x1(x) if cIn ≠ cOut else x).
 */
final class ResBlock {
    final int cin, cout;
    private final GroupNorm n1, n2;
    private final Conv2d c1, c2, shortcut;
    private final Linear tproj;
    private final float dropout;

    private INDArray x, out, dx, dtp, dropped;
    private float[] tp, dTp, dropMask, dropScratch;
    private boolean dropped0;
    private final CachedOp addOut = new CachedOp("add"), addDx = new CachedOp("add");

    ResBlock(ParamSet ps, String name, int cin, int cout, int tdim, int groups, float dropout) {
        this.cin = cin;
        this.cout = cout;
        this.dropout = dropout;
        n1 = new GroupNorm(ps, name + ".norm1", cin, groups, true);
        c1 = new Conv2d(ps, name + ".conv1", cin, cout, 3, 1);
        tproj = new Linear(ps, name + ".time", tdim, cout);
        n2 = new GroupNorm(ps, name + ".norm2", cout, groups, true);
        c2 = new Conv2d(ps, name + ".conv2", cout, cout, 3, 1);
        shortcut = cin != cout ? new Conv2d(ps, name + ".shortcut", cin, cout, 1, 1) : null;
    }

    /**
     * x: [N, H, W, cIn], tact: [N, tdim] → [N, H, W, cOut] (layer-owned); {@code forBackward} false when
     * sampling (the norms then keep nothing for a backward pass).
     */
    INDArray forward(INDArray x, INDArray tact, boolean training, Random rng, boolean forBackward) {
        this.x = x;
        int n = (int) x.size(0);
        INDArray h = c1.forward(n1.forward(x, null, forBackward));
        tp = Ops.ensure(tp, (long) n * cout);
        long t0 = Ops.tic();
        INDArray tpa = tproj.forward(tact);
        Ops.toc("tproj", t0);
        Ops.read(tpa, tp);
        INDArray a2 = n2.forward(h, tp, forBackward);
        dropped0 = training && dropout > 0;
        if (dropped0) {
            dropMask = Ops.ensure(dropMask, a2.length());
            dropScratch = Ops.ensure(dropScratch, a2.length());
            float keep = 1 - dropout;
            for (int i = 0; i < dropMask.length; i++) {
                dropMask[i] = rng.nextFloat() < keep ? 1 / keep : 0; // inverted dropout
            }
            Ops.read(a2, dropScratch);
            for (int i = 0; i < dropScratch.length; i++) {
                dropScratch[i] *= dropMask[i];
            }
            dropped = Ops.ensure(dropped, a2.shape());
            Ops.write(dropScratch, dropped);
            a2 = dropped;
        }
        INDArray h2 = c2.forward(a2);
        out = Ops.ensure(out, h2.shape());
        return Tensors.add(addOut, h2, shortcut != null ? shortcut.forward(x) : x, out);
    }

    /** From dL/dout: writes the block's parameter gradients, adds dL/dtemb into dtact; returns dL/dx. */
    INDArray backward(INDArray dOut, INDArray dtact) {
        int n = (int) dOut.size(0);
        INDArray da2 = c2.backward(dOut);
        if (dropped0) {
            Ops.read(da2, dropScratch);
            for (int i = 0; i < dropScratch.length; i++) {
                dropScratch[i] *= dropMask[i];
            }
            Ops.write(dropScratch, da2);
        }
        dTp = Ops.ensure(dTp, (long) n * cout);
        INDArray dh = n2.backward(da2, dTp);
        dtp = Ops.ensure(dtp, n, cout);
        Ops.write(dTp, dtp);
        tproj.backward(dtp, dtact);
        INDArray dxMain = n1.backward(c1.backward(dh), null);
        dx = Ops.ensure(dx, x.shape());
        return Tensors.add(addDx, dxMain, shortcut != null ? shortcut.backward(dOut) : dOut, dx);
    }
}
