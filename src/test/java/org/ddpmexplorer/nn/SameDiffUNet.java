package org.ddpmexplorer.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference: the same U-Net as a SameDiff graph in double precision, built from a
 * {@link UNet}'s configuration and parameter values, whose automatic gradients the engine's
 * hand-written backward pass is checked against. SameDiff has no GroupNorm op, so GroupNorm is
 * composed of reshape, mean and variance here.
 */
final class SameDiffUNet {
    final SameDiff sd = SameDiff.create();
    private final UNet net;
    private final UNetConfig cfg;
    final Map<String, SDVariable> vars = new HashMap<>();
    SDVariable out;
    SDVariable loss;
    /** Batch size and the current spatial side, tracked while the graph is built. */
    private int n, res;

    SameDiffUNet(UNet net, INDArray x, int[] t, int[] classes, INDArray lossWeights) {
        this.net = net;
        this.cfg = net.config();
        for (Param p : net.params().params()) {
            vars.put(p.name(), sd.var(p.name(), p.value().castTo(DataType.DOUBLE).dup()));
        }
        n = t.length;
        int td = cfg.timeEmbedDim();
        SDVariable xv = sd.constant("x", x.castTo(DataType.DOUBLE));
        // sinusoidal embedding computed like the engine (it has no parameters)
        float[] embH = new float[n * td];
        float[] freqs = new float[td / 2];
        for (int i = 0; i < td / 2; i++) {
            freqs[i] = (float) Math.exp(-Math.log(10000) * i / (td / 2));
        }
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < td / 2; i++) {
                double arg = (double) t[s] * freqs[i];
                embH[s * td + i] = (float) Math.sin(arg);
                embH[s * td + td / 2 + i] = (float) Math.cos(arg);
            }
        }
        SDVariable emb = sd.constant("emb", Nd4j.create(embH, new long[] {n, td}, 'c').castTo(DataType.DOUBLE));
        SDVariable pre = linear("time.linear2", silu(linear("time.linear1", emb)));
        if (cfg.numClasses() > 0) {
            int[] y = new int[n];
            for (int s = 0; s < n; s++) {
                y[s] = classes == null || classes[s] < 0 ? cfg.numClasses() : classes[s];
            }
            // a one-hot product rather than gather, whose gradient fails here
            INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, n, cfg.numClasses() + 1);
            for (int s = 0; s < n; s++) {
                oneHot.putScalar(s, y[s], 1.0);
            }
            pre = pre.add(sd.mmul(sd.constant(oneHot), vars.get("class.embedding")));
        }
        SDVariable tact = silu(pre);
        SDVariable h = conv("conv_in", xv, 3, 1);
        List<SDVariable> skips = new ArrayList<>();
        res = (int) x.size(1);
        List<Integer> mults = cfg.channelMults();
        for (int i = 0; i < mults.size(); i++) {
            for (int r = 0; r < cfg.numResBlocks(); r++) {
                h = resBlock("down" + i + ".res" + r, h, tact);
                if (cfg.attentionResolutions().contains(res)) {
                    h = attention("down" + i + ".attn" + r, h);
                }
                skips.add(h);
            }
            if (i < mults.size() - 1) {
                h = conv("down" + i + ".downsample", h, 3, 2);
                res /= 2;
            }
        }
        if (cfg.midResBlocks() > 0) {
            h = resBlock("mid.res0", h, tact);
        }
        if (cfg.midAttention()) {
            h = attention("mid.attn", h);
        }
        for (int r = 1; r < cfg.midResBlocks(); r++) {
            h = resBlock("mid.res" + r, h, tact);
        }
        for (int i = mults.size() - 1; i >= 0; i--) {
            for (int r = 0; r < cfg.numResBlocks(); r++) {
                h = sd.concat(3, h, skips.remove(skips.size() - 1));
                h = resBlock("up" + i + ".res" + r, h, tact);
                if (cfg.attentionResolutions().contains(res)) {
                    h = attention("up" + i + ".attn" + r, h);
                }
            }
            if (i > 0) {
                // nearest x2 by broadcasting: SameDiff's upsampling2d has no working NHWC gradient here
                long c = h.eval().size(3);
                SDVariable ones = sd.constant(Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 1, 2, 1));
                h = sd.reshape(sd.reshape(h, n, res, 1, res, 1, c).mul(ones), n, 2 * res, 2 * res, c);
                h = conv("up" + i + ".upsample", h, 3, 1);
                res *= 2;
            }
        }
        out = conv("conv_out", silu(groupNorm("norm_out", h)), 3, 1);
        loss = out.mul(sd.constant("w", lossWeights.castTo(DataType.DOUBLE))).sum();
        sd.setLossVariables(loss);
    }

    /** dL/dθ for every parameter, by SameDiff's automatic differentiation. */
    Map<String, INDArray> gradients() {
        List<String> names = new ArrayList<>(vars.keySet());
        return sd.calculateGradients(Map.of(), names);
    }

    INDArray output() {
        return out.eval();
    }

    private SDVariable silu(SDVariable x) {
        return x.mul(sd.nn().sigmoid(x));
    }

    private SDVariable linear(String name, SDVariable x) {
        return sd.mmul(x, vars.get(name + ".weight")).add(vars.get(name + ".bias"));
    }

    private SDVariable conv(String name, SDVariable x, int k, int stride) {
        Conv2DConfig c = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(k / 2).pW(k / 2).dH(1).dW(1)
                .paddingMode(org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode.VALID)
                .dataFormat("NHWC").weightsFormat(org.nd4j.enums.WeightsFormat.YXIO).build();
        return sd.cnn().conv2d(x, vars.get(name + ".weight"), vars.get(name + ".bias"), c);
    }

    private SDVariable groupNorm(String name, SDVariable x) {
        int g = cfg.groups();
        long c = vars.get(name + ".weight").getArr().length();
        long[] shape = {n, res, res, c};
        // [N, H, W, C] -> [N, H·W, G, C/G]; statistics over axes 1 and 3
        SDVariable grouped = sd.reshape(x, n, -1, g, c / g);
        SDVariable mean = grouped.mean(true, 1, 3);
        SDVariable centered = grouped.sub(mean);
        SDVariable var = centered.mul(centered).mean(true, 1, 3);
        SDVariable norm = centered.div(sd.math().sqrt(var.add(GroupNorm.EPS)));
        SDVariable back = sd.reshape(norm, shape);
        return back.mul(vars.get(name + ".weight")).add(vars.get(name + ".bias"));
    }

    private SDVariable resBlock(String name, SDVariable x, SDVariable tact) {
        SDVariable h = conv(name + ".conv1", silu(groupNorm(name + ".norm1", x)), 3, 1);
        SDVariable tp = linear(name + ".time", tact); // [N, C]
        long cout = vars.get(name + ".time.bias").getArr().length();
        h = h.add(sd.reshape(tp, -1, 1, 1, cout));
        h = conv(name + ".conv2", silu(groupNorm(name + ".norm2", h)), 3, 1);
        SDVariable skip = vars.containsKey(name + ".shortcut.weight") ? conv(name + ".shortcut", x, 1, 1) : x;
        return h.add(skip);
    }

    private SDVariable attention(String name, SDVariable x) {
        long c = vars.get(name + ".q.bias").getArr().length();
        long[] shape = {n, res, res, c};
        SDVariable y = sd.reshape(groupNorm(name + ".norm", x), -1, c); // [N·HW, C]
        SDVariable q = sd.reshape(linear(name + ".q", y), n, -1, c);
        SDVariable k = sd.reshape(linear(name + ".k", y), n, -1, c);
        SDVariable v = sd.reshape(linear(name + ".v", y), n, -1, c);
        SDVariable s = sd.mmul(q, k, false, true, false).mul(1 / Math.sqrt(c)); // [N, HW, HW]
        SDVariable p = sd.nn().softmax(s, 2);
        SDVariable o = sd.reshape(sd.mmul(p, v), -1, c);
        SDVariable proj = sd.reshape(linear(name + ".out", o), shape);
        return x.add(proj);
    }
}
