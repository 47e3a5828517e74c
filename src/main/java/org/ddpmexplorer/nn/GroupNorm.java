package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group normalisation (Wu &amp; He 2018) over NHWC tensors, optionally followed by SiLU:
 * y = γ_c (x - μ_{n,g}) / √(σ²_{n,g} + ε) + β_c, with μ and σ² over the H·W·(C/G) values of group g
 * of sample n. libnd4j has no GroupNorm op, so the statistics, the normalisation and the fused
 * SiLU are written here in Java over heap copies (loops over the contiguous channel axis, which
 * the JIT vectorises; the sigmoid is {@link #sigmoid}'s vectorisable approximation).
 *
 * <p>The input may carry a per-sample, per-channel offset added before normalisation (the time
 * embedding of a residual block): x'[n, p, c] = x[n, p, c] + add[n, c].
 */
final class GroupNorm {
    /** ε inside the square root, PyTorch's default for GroupNorm. */
    static final float EPS = 1e-5f;

    final int channels, groups;
    final boolean silu;
    final Param gamma, beta;

    private int n, hw;
    private float[] xh;          // the normalised input x' (after the offset), [N, HW, C]
    private float[] yh;          // y = GN(x'), [N, HW, C]
    private float[] sh;          // sigmoid(y) when fused with SiLU
    private final Scratch scratch; // dL/dy and dL/dx live in its two shared arrays
    private float[] mean, rstd;  // [N, G]
    private INDArray y, dx;
    private float[][] dGammaPart, dBetaPart;
    private final float[] gh, bh; // heap copies of γ and β, refreshed per pass (toFloatVector() made a native copy each time)

    GroupNorm(ParamSet ps, String name, int channels, int groups, boolean silu, Scratch scratch) {
        this.scratch = scratch;
        if (channels % groups != 0) {
            throw new IllegalArgumentException(name + ": " + channels + " channels do not split into " + groups + " groups");
        }
        this.channels = channels;
        this.groups = groups;
        this.silu = silu;
        gamma = ps.add(name + ".weight", Param.Init.constant(1), channels);
        beta = ps.add(name + ".bias", Param.Init.constant(0), channels);
        gh = new float[channels];
        bh = new float[channels];
    }

    /** Normalises x [N, H, W, C] (plus {@code add} [N·C] per channel when given); returns the output (layer-owned). */
    INDArray forward(INDArray x, float[] add) {
        n = (int) x.size(0);
        hw = (int) (x.length() / n / channels);
        long len = x.length();
        xh = Ops.ensure(xh, len);
        yh = Ops.ensure(yh, len);
        final float[] dh = scratch.first(len);
        mean = Ops.ensure(mean, (long) n * groups);
        rstd = Ops.ensure(rstd, (long) n * groups);
        y = Ops.ensure(y, x.shape());
        if (silu) {
            sh = Ops.ensure(sh, len);
        }
        Ops.read(x, xh);
        long t0 = Ops.tic();
        Ops.read(gamma.value, gh);
        Ops.read(beta.value, bh);
        final float[] g = gh, b = bh;
        final int c = channels, cg = channels / groups, k = hw * cg;
        final int rep = Math.max(1, Math.min(hw, CHUNK / c)), chunk = rep * c, full = hw / rep * rep;
        Ops.parallelFor(n, s -> {
            TEMP.get().reset();
            int base = s * hw * c;
            // Loops run over chunks of `rep` pixels against per-channel values replicated `rep` times:
            // a per-pixel loop over 32..128 channels is too short for the JIT's vector loops.
            if (add != null) {
                float[] addR = replicate(add, s * c, c, rep);
                addChunks(xh, base, full, hw, c, chunk, addR);
            }
            float[] sum = fold(sumChunks(xh, null, null, base, full, hw, c, chunk), c, rep);
            float[] mu = temp(c);
            for (int gi = 0; gi < groups; gi++) {
                double acc = 0;
                for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                    acc += sum[ch];
                }
                float m = (float) (acc / k);
                mean[s * groups + gi] = m;
                for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                    mu[ch] = m;
                }
            }
            float[] muR = replicate(mu, 0, c, rep);
            float[] sq = fold(sumChunks(xh, muR, xh, base, full, hw, c, chunk), c, rep);
            float[] scale = temp(c), shift = temp(c);
            for (int gi = 0; gi < groups; gi++) {
                double acc = 0;
                for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                    acc += sq[ch];
                }
                float r = (float) (1 / Math.sqrt(acc / k + EPS));
                rstd[s * groups + gi] = r;
                for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                    scale[ch] = r * g[ch];
                    shift[ch] = b[ch] - mu[ch] * scale[ch];
                }
            }
            affineChunks(yh, replicate(scale, 0, c, rep), xh, null, replicate(shift, 0, c, rep), null, base, full, hw, c,
                    chunk);
            if (silu) {
                int end = base + hw * c;
                sigmoid(yh, sh, base, end);
                multiply(yh, sh, dh, base, end); // dh is free until backward: it holds SiLU(y) for the copy out
            }
        });
        Ops.toc("groupnorm fwd", t0);
        Ops.write(silu ? dh : yh, y);
        return y;
    }

    /**
     * The temporaries of one sample's pass (per-channel values, replicated patterns, partial sums),
     * taken from a per-thread pool that {@code reset()} recycles at the start of the next sample:
     * allocating them afresh made ~10 MB of garbage per training step at batch 64, and the young
     * collections it caused stalled every thread, the FX thread included (docs/benchmarks.md).
     * An array may be longer than asked for; the loops use the lengths they are given.
     */
    private static final class Temp {
        private float[][] pool = new float[16][];
        private int next;

        void reset() {
            next = 0;
        }

        /** A zero-filled array of at least {@code len} floats, distinct from those taken since the reset. */
        float[] take(int len) {
            if (next == pool.length) {
                pool = java.util.Arrays.copyOf(pool, next * 2);
            }
            float[] a = pool[next];
            if (a == null || a.length < len) {
                a = new float[len];
                pool[next] = a;
            } else {
                java.util.Arrays.fill(a, 0, len, 0f);
            }
            next++;
            return a;
        }
    }

    private static final ThreadLocal<Temp> TEMP = ThreadLocal.withInitial(Temp::new);

    private static float[] temp(int len) {
        return TEMP.get().take(len);
    }

    /** Inner loops run over at least this many floats (whole pixels), enough for the JIT's vector loops. */
    private static final int CHUNK = 256;

    /**
     * Per position of the chunk pattern: Σ a (when {@code mu} is null) or Σ (a - mu)·w, with
     * {@code w} = a - mu when {@code w == a} (a sum of squared deviations).
     */
    private static float[] sumChunks(float[] a, float[] mu, float[] w, int base, int full, int hw, int c, int chunk) {
        float[] acc = temp(chunk);
        int rep = chunk / c;
        if (mu == null) {
            for (int p = 0; p < full; p += rep) {
                int o = base + p * c;
                for (int j = 0; j < chunk; j++) {
                    acc[j] += a[o + j];
                }
            }
        } else if (w == a) {
            for (int p = 0; p < full; p += rep) {
                int o = base + p * c;
                for (int j = 0; j < chunk; j++) {
                    float d = a[o + j] - mu[j];
                    acc[j] += d * d;
                }
            }
        } else {
            for (int p = 0; p < full; p += rep) {
                int o = base + p * c;
                for (int j = 0; j < chunk; j++) {
                    acc[j] += (a[o + j] - mu[j]) * w[o + j];
                }
            }
        }
        for (int p = full; p < hw; p++) {
            int o = base + p * c;
            for (int ch = 0; ch < c; ch++) {
                float d = mu == null ? a[o + ch] : a[o + ch] - mu[ch];
                acc[ch] += mu == null ? d : w == a ? d * d : d * w[o + ch];
            }
        }
        return acc;
    }

    /** out = sa·a + sb·b + t per chunk position ({@code b}/{@code sb} may be null: out = sa·a + t). */
    private static void affineChunks(float[] out, float[] sa, float[] a, float[] sb, float[] t, float[] b, int base, int full,
                                     int hw, int c, int chunk) {
        int rep = chunk / c;
        for (int p = 0; p < full; p += rep) {
            int o = base + p * c;
            if (b == null) {
                for (int j = 0; j < chunk; j++) {
                    out[o + j] = a[o + j] * sa[j] + t[j];
                }
            } else {
                for (int j = 0; j < chunk; j++) {
                    out[o + j] = sa[j] * a[o + j] + sb[j] * b[o + j] + t[j];
                }
            }
        }
        for (int p = full; p < hw; p++) {
            int o = base + p * c;
            for (int ch = 0; ch < c; ch++) {
                out[o + ch] = sa[ch] * a[o + ch] + (b == null ? 0 : sb[ch] * b[o + ch]) + t[ch];
            }
        }
    }

    /** out[i] = a[i]·b[i]. */
    private static void multiply(float[] a, float[] b, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = a[i] * b[i];
        }
    }

    /** d[i] *= SiLU'(y[i]) = σ(y)(1 + y(1 - σ(y))), with σ(y) given. */
    private static void siluGrad(float[] d, float[] y, float[] sg, int from, int to) {
        for (int i = from; i < to; i++) {
            float s = sg[i];
            d[i] *= s * (1 + y[i] * (1 - s));
        }
    }

    /** v[from..from+c) repeated rep times. */
    private static float[] replicate(float[] v, int from, int c, int rep) {
        float[] r = temp(c * rep);
        for (int i = 0; i < rep; i++) {
            System.arraycopy(v, from, r, i * c, c);
        }
        return r;
    }

    /** Sums a replicated accumulator back to one value per channel. */
    private static float[] fold(float[] r, int c, int rep) {
        float[] out = temp(c);
        for (int i = 0; i < rep; i++) {
            for (int ch = 0; ch < c; ch++) {
                out[ch] += r[i * c + ch];
            }
        }
        return out;
    }

    /** a[o + j] += pattern[j] over the chunks of one sample, then the leftover pixels. */
    private static void addChunks(float[] a, int base, int full, int hw, int c, int chunk, float[] pattern) {
        int rep = chunk / c;
        for (int p = 0; p < full; p += rep) {
            int o = base + p * c;
            for (int j = 0; j < chunk; j++) {
                a[o + j] += pattern[j];
            }
        }
        for (int p = full; p < hw; p++) {
            int o = base + p * c;
            for (int ch = 0; ch < c; ch++) {
                a[o + ch] += pattern[ch];
            }
        }
    }

    /** Clamp of the sigmoid's argument: σ(±20) is 1 or 0 to within 2e-9. */
    private static final float SIGMOID_CLAMP = 20f;
    /** e^{-x} is computed as (e^{-x/64})^64: |x/64| ≤ 0.3125 keeps a degree-6 Taylor polynomial within 1e-7. */
    private static final float INV_64 = 1f / 64;

    /**
     * σ(x) = 1/(1+e^{-x}) for x in [from, to), to within 2e-6 absolute: e^{-x} = (e^{-x/64})^64 with a
     * Taylor polynomial and six squarings, all plain float arithmetic that the JIT vectorises
     * (Math.exp does not vectorise and costs about ten times more here).
     */
    static void sigmoid(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = Math.max(-SIGMOID_CLAMP, Math.min(SIGMOID_CLAMP, in[i]));
            float u = -x * INV_64;
            float p = 1f + u * (1f + u * (0.5f + u * (1f / 6 + u * (1f / 24 + u * (1f / 120 + u * (1f / 720))))));
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            out[i] = 1f / (1f + p);
        }
    }

    /**
     * Backward pass from dL/dout. Writes dL/dγ and dL/dβ; returns dL/dx (layer-owned). When
     * {@code dAdd} is given, it receives dL/d add[n, c] = Σ_p dL/dx'[n, p, c].
     */
    INDArray backward(INDArray dOut, float[] dAdd) {
        final float[] dh = scratch.first(xh.length), dxh = scratch.second(xh.length);
        Ops.read(dOut, dh);
        dx = Ops.ensure(dx, dOut.shape());
        long t0 = Ops.tic();
        Ops.read(gamma.value, gh);
        final float[] g = gh;
        final int c = channels, cg = channels / groups, k = hw * cg;
        final int rep = Math.max(1, Math.min(hw, CHUNK / c)), chunk = rep * c, full = hw / rep * rep;
        if (dGammaPart == null || dGammaPart.length != n || dGammaPart[0].length != c) {
            dGammaPart = new float[n][c];
            dBetaPart = new float[n][c];
        }
        Ops.parallelFor(n, s -> {
            TEMP.get().reset();
            int base = s * hw * c;
            if (silu) {
                siluGrad(dh, yh, sh, base, base + hw * c);
            }
            float[] mu = temp(c), r = temp(c);
            for (int ch = 0; ch < c; ch++) {
                mu[ch] = mean[s * groups + ch / cg];
                r[ch] = rstd[s * groups + ch / cg];
            }
            // Per channel: S1 = Σ_p dy, S2 = Σ_p dy·(x - μ), over chunks as in forward
            float[] muR = replicate(mu, 0, c, rep);
            float[] s1 = fold(sumChunks(dh, null, null, base, full, hw, c, chunk), c, rep);
            float[] s2 = fold(sumChunks(xh, muR, dh, base, full, hw, c, chunk), c, rep);
            float[] dg = dGammaPart[s], db = dBetaPart[s];
            float[] ca = temp(c), cb = temp(c), cd = temp(c);
            for (int gi = 0; gi < groups; gi++) {
                double g1 = 0, g2 = 0; // Σ_{c∈g} γ_c S1_c and Σ_{c∈g} γ_c S2_c·rstd (= Σ dx̂·x̂)
                float rs = rstd[s * groups + gi];
                for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                    dg[ch] = s2[ch] * rs;
                    db[ch] = s1[ch];
                    g1 += g[ch] * s1[ch];
                    g2 += g[ch] * s2[ch] * rs;
                }
                // dx = rstd·(γ dy - g1/K - x̂ g2/K), x̂ = (x - μ)·rstd
                float m1 = (float) (g1 / k), m2 = (float) (g2 / k);
                for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                    ca[ch] = rs * g[ch];
                    cb[ch] = -rs * rs * m2;
                    cd[ch] = -rs * m1 + rs * rs * m2 * mu[ch];
                }
            }
            affineChunks(dxh, replicate(ca, 0, c, rep), dh, replicate(cb, 0, c, rep), replicate(cd, 0, c, rep), xh,
                    base, full, hw, c, chunk);
            if (dAdd != null) {
                System.arraycopy(fold(sumChunks(dxh, null, null, base, full, hw, c, chunk), c, rep), 0, dAdd, s * c, c);
            }
        });
        float[] dGamma = new float[c], dBeta = new float[c];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                dGamma[ch] += dGammaPart[s][ch];
                dBeta[ch] += dBetaPart[s][ch];
            }
        }
        Ops.toc("groupnorm bwd", t0);
        Ops.write(dGamma, gamma.grad);
        Ops.write(dBeta, beta.grad);
        Ops.write(dxh, dx);
        return dx;
    }
}
