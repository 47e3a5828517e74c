package org.ddpmexplorer.nn;

import static org.ddpmexplorer.nn.GroupNormLoops.CHUNK;
import static org.ddpmexplorer.nn.GroupNormLoops.TEMP;
import static org.ddpmexplorer.nn.GroupNormLoops.affineNative;
import static org.ddpmexplorer.nn.GroupNormLoops.affineTrain;
import static org.ddpmexplorer.nn.GroupNormLoops.fold;
import static org.ddpmexplorer.nn.GroupNormLoops.gradInput;
import static org.ddpmexplorer.nn.GroupNormLoops.gradSums;
import static org.ddpmexplorer.nn.GroupNormLoops.replicate;
import static org.ddpmexplorer.nn.GroupNormLoops.sumNative;
import static org.ddpmexplorer.nn.GroupNormLoops.temp;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group normalisation (Wu &amp; He 2018) over NHWC tensors, optionally followed by SiLU:
 * y = γ_c (x - μ_{n,g}) / √(σ²_{n,g} + ε) + β_c, with μ and σ² over the H·W·(C/G) values of group g
 * of sample n. libnd4j has no GroupNorm op, so the statistics, the normalisation and the fused
 * SiLU are written here in Java (loops over the contiguous channel axis, which
 * the JIT vectorises; the sigmoid is {@link GroupNormLoops#onePlusExpNeg}'s vectorisable approximation).
 *
 * <p>The input may carry a per-sample, per-channel offset added before normalisation (the time
 * embedding of a residual block): x'[n, p, c] = x[n, p, c] + add[n, c]. It is never added to the
 * data: x' - μ = x - (μ - add), so the passes use a per-channel centre μ_{n,g} - add[n, c] instead.
 *
 * <p>The loops copy a slice of the data from its native buffer into a small per-thread buffer and
 * work there: JDK 17's vectoriser handles a loop whose arrays are all indexed alike ({@code u[j]}
 * against a pattern at {@code s[j]}) but not one that mixes {@code a[o + j]} with {@code s[j]}; the
 * copies cost less than that difference (docs/benchmarks.md, section 'GroupNorm loops'). No pass
 * copies a whole tensor: the backward pass reads the forward pass's input again from its native
 * buffer (layers keep their outputs until their next forward pass), and the forward pass keeps only
 * SiLU'(y) on the heap (section 'GroupNorm's training passes').
 */
final class GroupNorm {
    /** ε inside the square root, PyTorch's default for GroupNorm. */
    static final float EPS = 1e-5f;

    final int channels, groups;
    final boolean silu;
    final Param gamma, beta;

    private int n, hw;
    private INDArray xSeen;      // the input x of the last forward pass made for backward (without the offset)
    private float[] dSilu;       // SiLU'(y) = σ(y)(1 + y(1 - σ(y))) of that pass, [N, HW, C], when fused with SiLU
    private float[] mean, rstd;  // [N, G]
    private float[] addSeen;     // the offsets of the last forward pass, [N·C], or null
    private INDArray y, dx;
    private float[][] dGammaPart, dBetaPart;
    private final float[] gh, bh; // heap copies of γ and β, refreshed per pass (toFloatVector() makes a native copy each time)

    GroupNorm(ParamSet ps, String name, int channels, int groups, boolean silu) {
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

    private boolean backwardReady; // whether the last forward pass kept what backward needs

    /** Normalises x [N, H, W, C] (plus {@code add} [N·C] per channel when given) for training; returns the output (layer-owned). */
    INDArray forward(INDArray x, float[] add) {
        return forward(x, add, true);
    }

    /**
     * Normalises x [N, H, W, C] (plus {@code add} [N·C] per channel when given); returns the output
     * (layer-owned). Both passes read x's native buffer and write y's. With {@code forBackward}
     * (training) the pass keeps x (which its owner leaves unchanged until the backward pass) and
     * SiLU'(y) for the backward pass; without (sampling) it keeps nothing.
     */
    INDArray forward(INDArray x, float[] add, boolean forBackward) {
        n = (int) x.size(0);
        hw = (int) (x.length() / n / channels);
        long len = x.length();
        mean = Ops.ensure(mean, (long) n * groups);
        rstd = Ops.ensure(rstd, (long) n * groups);
        y = Ops.ensure(y, x.shape());
        if (add != null) {
            addSeen = Ops.ensure(addSeen, (long) n * channels);
            System.arraycopy(add, 0, addSeen, 0, n * channels);
        } else {
            addSeen = null;
        }
        backwardReady = forBackward;
        Ops.read(gamma.value, gh);
        Ops.read(beta.value, bh);
        if (forBackward) {
            xSeen = x;
            if (silu) {
                dSilu = Ops.ensure(dSilu, len);
            }
        }
        final java.nio.FloatBuffer src = Ops.buffer(x), dst = Ops.buffer(y);
        final boolean train = forBackward, withSilu = silu;
        final float[] dS = forBackward && silu ? dSilu : null;
        long t0 = Ops.tic();
        final int c = channels;
        final int rep = Math.max(1, Math.min(hw, CHUNK / c)), chunk = rep * c;
        Ops.parallelFor(n, s -> {
            TEMP.get().reset();
            int base = s * hw * c;
            // Loops run over chunks of `rep` pixels against per-channel values replicated `rep` times:
            // a per-pixel loop over 32..128 channels is too short for the JIT's vector loops.
            float[] mu = centres(s, fold(sumNative(src, null, base, hw, c, chunk), c, rep), add);
            float[] sq = fold(sumNative(src, replicate(mu, 0, c, rep), base, hw, c, chunk), c, rep);
            float[] scale = temp(c), shift = temp(c);
            scales(s, sq, mu, scale, shift);
            float[] sa = replicate(scale, 0, c, rep), t = replicate(shift, 0, c, rep);
            // Sampling's output loop is a method of its own, not training's with other arguments: shared,
            // the code the JIT compiled for training would be thrown away ("made not entrant") at the first
            // sampling pass and compiled again a dozen sampling steps later (docs/benchmarks.md, section
            // 'GroupNorm's sampling loops'). The statistics take the same arguments in both and are shared.
            if (train) {
                affineTrain(dst, src, sa, t, dS, base, hw, c, chunk);
            } else {
                affineNative(dst, src, sa, t, withSilu, base, hw, c, chunk);
            }
        });
        Ops.toc("groupnorm fwd", t0);
        return y;
    }

    /**
     * From the per-channel sums Σ_p x of sample s: the group means μ_g of x' = x + add (kept in
     * {@code mean}) and returns each channel's centre in x, μ_g - add_c.
     */
    private float[] centres(int s, float[] sum, float[] add) {
        final int c = channels, cg = channels / groups, k = hw * cg;
        float[] mu = temp(c);
        for (int gi = 0; gi < groups; gi++) {
            double acc = 0;
            for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                acc += sum[ch] + (add != null ? (double) hw * add[s * c + ch] : 0); // Σ_p x' = Σ_p x + HW·add
            }
            float m = (float) (acc / k);
            mean[s * groups + gi] = m;
            for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                mu[ch] = add != null ? m - add[s * c + ch] : m;
            }
        }
        return mu;
    }

    /**
     * From the per-channel Σ_p (x - centre)² of sample s: 1/√(σ²_g + ε) (kept in {@code rstd}), and per
     * channel y = scale·x + shift with scale = γ_c·rstd_g, shift = β_c - centre_c·scale.
     */
    private void scales(int s, float[] sq, float[] mu, float[] scale, float[] shift) {
        final int cg = channels / groups, k = hw * cg;
        for (int gi = 0; gi < groups; gi++) {
            double acc = 0;
            for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                acc += sq[ch];
            }
            float r = (float) (1 / Math.sqrt(acc / k + EPS));
            rstd[s * groups + gi] = r;
            for (int ch = gi * cg; ch < (gi + 1) * cg; ch++) {
                scale[ch] = r * gh[ch];
                shift[ch] = bh[ch] - mu[ch] * scale[ch];
            }
        }
    }

    /**
     * Backward pass from dL/dout. Writes dL/dγ and dL/dβ; returns dL/dx (layer-owned). When
     * {@code dAdd} is given, it receives dL/d add[n, c] = Σ_p dL/dx'[n, p, c].
     */
    INDArray backward(INDArray dOut, float[] dAdd) {
        if (!backwardReady) {
            throw new IllegalStateException("backward after a forward pass made without forBackward");
        }
        dx = Ops.ensure(dx, dOut.shape());
        final java.nio.FloatBuffer dob = Ops.buffer(dOut), xb = Ops.buffer(xSeen), dxb = Ops.buffer(dx);
        final float[] dS = silu ? dSilu : null;
        long t0 = Ops.tic();
        Ops.read(gamma.value, gh);
        final float[] g = gh;
        final int c = channels, cg = channels / groups, k = hw * cg;
        final int rep = Math.max(1, Math.min(hw, CHUNK / c)), chunk = rep * c;
        if (dGammaPart == null || dGammaPart.length != n || dGammaPart[0].length != c) {
            dGammaPart = new float[n][c];
            dBetaPart = new float[n][c];
        }
        Ops.parallelFor(n, s -> {
            TEMP.get().reset();
            int base = s * hw * c;
            float[] mu = temp(c);
            for (int ch = 0; ch < c; ch++) {
                mu[ch] = mean[s * groups + ch / cg] - (addSeen != null ? addSeen[s * c + ch] : 0); // as in forward
            }
            // Per channel: S1 = Σ_p dy, S2 = Σ_p dy·(x - μ), over chunks as in forward
            float[] s1r = temp(chunk), s2r = temp(chunk);
            gradSums(dob, xb, dS, replicate(mu, 0, c, rep), s1r, s2r, base, hw, c, chunk);
            float[] s1 = fold(s1r, c, rep), s2 = fold(s2r, c, rep);
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
            float[] sumDx = dAdd != null ? temp(chunk) : null;
            gradInput(dxb, dob, xb, dS, replicate(ca, 0, c, rep), replicate(cb, 0, c, rep), replicate(cd, 0, c, rep), sumDx,
                    base, hw, c, chunk);
            if (dAdd != null) {
                System.arraycopy(fold(sumDx, c, rep), 0, dAdd, s * c, c);
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
        return dx;
    }
}
