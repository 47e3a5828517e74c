package org.ddpmexplorer.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest-neighbour upsampling by 2 followed by a 3x3 convolution with padding 1 (the up path's
 * resampling in ARCH.md), computed in its sub-pixel form: one 2x2 convolution at the low resolution
 * into four phases of cOut channels, then a pixel shuffle. The parameters are the 3x3 convolution's
 * (registered as {@link Conv2d} registers them, so checkpoints and initialisation are unchanged).
 *
 * <p>Why it is exact: an output pixel (2i + a, 2j + b) of the 3x3 convolution on the upsampled
 * image reads upsampled rows 2i + a - 1 .. 2i + a + 1, which are the low-resolution rows
 * (i - 1, i, i) for a = 0 and (i, i, i + 1) for a = 1 (zero outside, as the padding is). So phase
 * (a, b) is a 2x2 convolution whose taps sum the 3x3 taps that read the same low-resolution pixel:
 * rows {0}, {1, 2} for a = 0 and {0, 1}, {2} for a = 1, the same for columns. With padding 1 the 2x2
 * convolution's output row r reads rows r - 1 and r, so phase a's row i is output row i + a. It
 * takes 16·cIn·cOut multiply-adds per low-resolution pixel against 36 for the convolution at the
 * high resolution (docs/benchmarks.md, section 'Upsampling in sub-pixel form').
 */
final class UpsampleConv {
    /** The 3x3 convolution whose parameters this layer uses (its own forward pass is not used). */
    private final Conv2d conv;
    private final int cin, cout;
    /** 2x2 taps of each 3x3 row (or column) index, per phase: TAPS[a][e] lists the rows r summed into tap e. */
    private static final int[][][] TAPS = {{{0}, {1, 2}}, {{0, 1}, {2}}};

    private INDArray wEff, bEff, dwEff, dbEff, y, out, dy, dx;
    private float[] w3, wE; // heap copies: the 3x3 weights [3, 3, cIn, cOut] and the 2x2 ones [2, 2, cIn, 4·cOut]
    private float[] bh, b4; // heap copies: the bias [cOut] and the phases' bias [4·cOut]
    private INDArray x;
    private final CachedOp fwd = new CachedOp("conv2d"), bwd = new CachedOp("conv2d_bp");

    UpsampleConv(ParamSet ps, String name, int cin, int cout) {
        this.conv = new Conv2d(ps, name, cin, cout, 3, 1);
        this.cin = cin;
        this.cout = cout;
    }

    /** y = conv3x3(upsample2x(x)) + b. x: [N, H, W, cIn] → [N, 2H, 2W, cOut] (layer-owned). */
    INDArray forward(INDArray x) {
        long n = x.size(0), h = x.size(1), w = x.size(2);
        this.x = x;
        effectiveWeights();
        y = Ops.ensure(y, n, h + 1, w + 1, 4L * cout);
        Ops.conv2d(fwd, x, wEff, bEff, y, 2, 1, 1);
        out = Ops.ensure(out, n, 2 * h, 2 * w, cout);
        long t0 = Ops.tic();
        shuffle(y, out, (int) n, (int) h, (int) w, false);
        Ops.toc("upsample (all)", t0);
        return out;
    }

    /** From dL/dout: writes dL/dW and dL/db of the 3x3 convolution, returns dL/dx (layer-owned). */
    INDArray backward(INDArray dOut) {
        long n = x.size(0), h = x.size(1), w = x.size(2);
        dy = Ops.ensure(dy, y.shape());
        long t0 = Ops.tic();
        Ops.zero(dy); // the row and column that a phase does not use get no gradient
        shuffle(dy, dOut, (int) n, (int) h, (int) w, true);
        Ops.toc("upsample (all)", t0);
        dx = Ops.ensure(dx, x.shape());
        dwEff = Ops.ensure(dwEff, wEff.shape());
        dbEff = Ops.ensure(dbEff, bEff.shape());
        Ops.conv2dBackward(bwd, x, wEff, bEff, dy, dx, dwEff, dbEff, 2, 1, 1);
        foldGradients();
        return dx;
    }

    /**
     * Between the 2x2 convolution's output y [N, H+1, W+1, 4·cOut] and the image [N, 2H, 2W, cOut]:
     * image[n, 2i+a, 2j+b, c] = y[n, i+a, j+b, (2a+b)·cOut + c]; {@code back} copies the other way.
     */
    private void shuffle(INDArray yy, INDArray img, int n, int h, int w, boolean back) {
        FloatBuffer yb = Ops.buffer(yy), ib = Ops.buffer(img);
        int c = cout, yRow = (w + 1) * 4 * c, iRow = 2 * w * c;
        Ops.parallelFor(n, s -> {
            for (int i = 0; i < h; i++) {
                for (int a = 0; a < 2; a++) {
                    for (int j = 0; j < w; j++) {
                        for (int b = 0; b < 2; b++) {
                            int yo = s * (h + 1) * yRow + (i + a) * yRow + (j + b) * 4 * c + (2 * a + b) * c;
                            int io = s * 2 * h * iRow + (2 * i + a) * iRow + (2 * j + b) * c;
                            if (back) {
                                yb.put(yo, ib, io, c);
                            } else {
                                ib.put(io, yb, yo, c);
                            }
                        }
                    }
                }
            }
        });
    }

    /** W_eff[e, f, ci, (2a+b)·cOut + co] = Σ_{r ∈ TAPS[a][e], s ∈ TAPS[b][f]} W[r, s, ci, co]; b_eff = b in each phase. */
    private void effectiveWeights() {
        w3 = Ops.ensure(w3, conv.w.value.length());
        wE = Ops.ensure(wE, 16L * cin * cout);
        Ops.read(conv.w.value, w3);
        java.util.Arrays.fill(wE, 0f);
        mapTaps(w3, wE, cin, cout, true);
        wEff = Ops.ensure(wEff, 2, 2, cin, 4L * cout);
        Ops.write(wE, wEff);
        bh = Ops.ensure(bh, cout);
        b4 = Ops.ensure(b4, 4L * cout);
        Ops.read(conv.b.value, bh);
        for (int p = 0; p < 4; p++) {
            System.arraycopy(bh, 0, b4, p * cout, cout);
        }
        bEff = Ops.ensure(bEff, 4L * cout);
        Ops.write(b4, bEff);
    }

    /** dL/dW[r, s, ci, co] = Σ over the phases and 2x2 taps that use it of dL/dW_eff; dL/db = Σ_phases dL/db_eff. */
    private void foldGradients() {
        Ops.read(dwEff, wE);
        java.util.Arrays.fill(w3, 0f);
        mapTaps(w3, wE, cin, cout, false);
        Ops.write(w3, conv.w.grad);
        Ops.read(dbEff, b4);
        java.util.Arrays.fill(bh, 0f);
        for (int p = 0; p < 4; p++) {
            for (int co = 0; co < cout; co++) {
                bh[co] += b4[p * cout + co];
            }
        }
        Ops.write(bh, conv.b.grad);
    }

    /**
     * The linear map between the 3x3 taps w3 [3, 3, cIn, cOut] and the 2x2 phase taps wE
     * [2, 2, cIn, 4·cOut]: {@code forward} adds each 3x3 tap into the 2x2 taps that use it (W to W_eff);
     * otherwise the transpose, each 2x2 tap into the 3x3 taps it sums (dL/dW_eff to dL/dW).
     */
    static void mapTaps(float[] w3, float[] wE, int cin, int cout, boolean forward) {
        int c4 = 4 * cout;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int e = 0; e < 2; e++) {
                    for (int f = 0; f < 2; f++) {
                        for (int r : TAPS[a][e]) {
                            for (int s : TAPS[b][f]) {
                                for (int ci = 0; ci < cin; ci++) {
                                    int o3 = ((r * 3 + s) * cin + ci) * cout;
                                    int oE = ((e * 2 + f) * cin + ci) * c4 + (2 * a + b) * cout;
                                    if (forward) {
                                        for (int co = 0; co < cout; co++) {
                                            wE[oE + co] += w3[o3 + co];
                                        }
                                    } else {
                                        for (int co = 0; co < cout; co++) {
                                            w3[o3 + co] += wE[oE + co];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
