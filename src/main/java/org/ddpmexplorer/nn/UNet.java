package org.ddpmexplorer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DDPM U-Net (Ho et al. 2020, appendix B; ARCH.md for the reference layout), predicting the
 * noise ε̂ = ε_θ(x_t, t[, y]) from an NHWC batch x_t, or another target of the config's
 * {@link UNetConfig#prediction()}; with a learned variance the output has twice the image channels,
 * the second half the variance values (Nichol &amp; Dhariwal 2021). Forward and backward are written out layer
 * by layer on libnd4j kernels with activations and gradients preallocated per batch shape, so a
 * training step allocates nothing on the hot path.
 *
 * <p>Not thread-safe: one thread drives an instance at a time.
 */
public final class UNet {
    private final UNetConfig config;
    private final ParamSet params = new ParamSet();
    private final TimeEmbedding time;
    private final Conv2d convIn, convOut;
    private final GroupNorm normOut;
    private final List<Stage> down = new ArrayList<>();
    private final List<Stage> up = new ArrayList<>();
    private final List<ResBlock> midRes = new ArrayList<>();
    private final AttentionBlock midAttn;
    private final List<Integer> skipChannels = new ArrayList<>();

    /** Forward-pass state for backward. */
    private final List<INDArray> skips = new ArrayList<>();
    private final List<INDArray> dSkips = new ArrayList<>();
    /** One cached in-place add per skip connection (dh += dL/dskip in the backward pass). */
    private final List<CachedOp> skipAdds = new ArrayList<>();
    private INDArray tact, dTact;
    /** Whether the last pass was a complete training pass, which {@link #backward} needs. */
    private boolean backwardReady;

    /** One level's blocks, each followed (optionally) by attention, then a resampling convolution. */
    private static final class Stage {
        final List<ResBlock> res = new ArrayList<>();
        final List<AttentionBlock> attn = new ArrayList<>();
        Conv2d resample; // down path: the stride-2 convolution
        UpsampleConv upsample; // up path: upsampling and its convolution
        // up path: per block, the concatenation buffers
        final List<INDArray> cat = new ArrayList<>(), dh = new ArrayList<>(), ds = new ArrayList<>();
    }

    /** Builds the network with PyTorch-style initialisation drawn from {@code seed}. */
    public UNet(UNetConfig config, long seed) {
        this(config, seed, null, null);
    }

    /** Builds the network with the given parameter values, in the flat layout of {@link ParamSet#copyTo}. */
    public static UNet withWeights(UNetConfig config, float[] weights) {
        return new UNet(config, 0, null, java.util.Objects.requireNonNull(weights, "weights"));
    }

    /**
     * Builds the network; with {@code weightsOf}, its parameters are that network's arrays (a replica
     * for one share of a split batch, {@link SplitPasses}), else {@code weights} if given, else drawn
     * from {@code seed}.
     */
    private UNet(UNetConfig config, long seed, UNet weightsOf, float[] weights) {
        this.config = config;
        int c0 = config.baseChannels(), g = config.groups(), td = config.timeEmbedDim();
        float drop = (float) config.dropout();
        time = new TimeEmbedding(params, td, config.numClasses());
        convIn = new Conv2d(params, "conv_in", config.imageChannels(), c0, 3, 1);
        int ch = c0, res = config.imageSize();
        List<Integer> mults = config.channelMults();
        for (int i = 0; i < mults.size(); i++) {
            Stage s = new Stage();
            int cout = c0 * mults.get(i);
            for (int r = 0; r < config.numResBlocks(); r++) {
                s.res.add(new ResBlock(params, "down" + i + ".res" + r, ch, cout, td, g, drop));
                ch = cout;
                s.attn.add(config.attentionResolutions().contains(res) ? new AttentionBlock(params, "down" + i + ".attn" + r, ch, g) : null);
                skipChannels.add(ch);
            }
            if (i < mults.size() - 1) {
                s.resample = new Conv2d(params, "down" + i + ".downsample", ch, ch, 3, 2);
                res /= 2;
            }
            down.add(s);
        }
        ResBlock first = config.midResBlocks() > 0 ? new ResBlock(params, "mid.res0", ch, ch, td, g, drop) : null;
        if (first != null) {
            midRes.add(first);
        }
        midAttn = config.midAttention() ? new AttentionBlock(params, "mid.attn", ch, g) : null;
        for (int r = 1; r < config.midResBlocks(); r++) {
            midRes.add(new ResBlock(params, "mid.res" + r, ch, ch, td, g, drop));
        }
        int skip = skipChannels.size();
        for (int i = mults.size() - 1; i >= 0; i--) {
            Stage s = new Stage();
            int cout = c0 * mults.get(i);
            for (int r = 0; r < config.numResBlocks(); r++) {
                int sc = skipChannels.get(--skip);
                s.res.add(new ResBlock(params, "up" + i + ".res" + r, ch + sc, cout, td, g, drop));
                ch = cout;
                s.attn.add(config.attentionResolutions().contains(res) ? new AttentionBlock(params, "up" + i + ".attn" + r, ch, g) : null);
                s.cat.add(null);
                s.dh.add(null);
                s.ds.add(null);
            }
            if (i > 0) {
                s.upsample = new UpsampleConv(params, "up" + i + ".upsample", ch, ch);
                res *= 2;
            }
            up.add(s);
        }
        normOut = new GroupNorm(params, "norm_out", ch, g, true);
        convOut = new Conv2d(params, "conv_out", ch, config.outputChannels(), 3, 1);
        if (weightsOf != null) {
            params.share(weightsOf.params);
        } else if (weights != null) {
            params.bind(weights);
        } else {
            params.bind(new Random(seed));
        }
    }

    public UNetConfig config() {
        return config;
    }

    public ParamSet params() {
        return params;
    }

    /** With -Dddpm.profile=true, the time per kind of engine operation since the last call (then cleared); else "". */
    public static String profileReport() {
        return Ops.profileReport();
    }

    /** Number of trainable scalars. */
    public long numParams() {
        return params.size();
    }

    /**
     * ε̂ = ε_θ(x_t, t, y).
     *
     * @param x        x_t, [N, H, W, C] float
     * @param t        network timestep per sample, 0..T-1 (the paper's t - 1)
     * @param classes  class per sample, or -1 / null for "no class"
     * @param training whether dropout is active
     * @param rng      dropout's random source (may be null when not training)
     * @return ε̂, [N, H, W, C], owned by the network and overwritten by the next call
     */
    public INDArray forward(INDArray x, int[] t, int[] classes, boolean training, Random rng) {
        return forward(x, t, classes, training, rng, true);
    }

    /**
     * ε̂ = ε_θ(x_t, t, y) for sampling: no dropout, and the layers keep nothing for a backward pass
     * (a backward pass after it is refused). Same shapes and ownership as {@link #forward}. With more
     * than one core the batch is split into one share per core, each run on its own thread through a
     * replica of the network ({@link SplitPasses}; docs/benchmarks.md, section 'Split sampling').
     */
    public INDArray sample(INDArray x, int[] t, int[] classes) {
        return sample(x, t, classes, SPLIT_SAMPLING && !Ops.serial() ? Ops.parallelism() : 1);
    }

    /** {@link #sample} with the batch split into at most {@code shares} shares (1: not split). */
    INDArray sample(INDArray x, int[] t, int[] classes, int shares) {
        backwardReady = false;
        int k = (int) Math.min(shares, x.size(0));
        if (k > 1) {
            checkInput(x, t);
            return split().sample(x, t, classes, k);
        }
        return forward(x, t, classes, false, null, false);
    }

    /**
     * One share's loss in {@link #forwardBackward}: from the network's output for rows [from, to) of
     * the batch, it writes dL/d(output) for those rows and returns their part of the batch's loss, both
     * as parts of the mean over the whole batch (so that the shares' gradients add up to the whole
     * batch's). Shares run at once on different threads: an implementation writes only its share's data.
     */
    @FunctionalInterface
    public interface ShareLoss {
        /**
         * @param share the share's index, 0.. in row order
         * @param out   the network's output for the rows, [to - from, H, W, outputChannels], owned by the network
         * @param dOut  receives dL/d(out), same shape
         * @return the rows' part of the batch's loss
         */
        double lossAndGradient(int share, int from, int to, INDArray out, INDArray dOut);
    }

    /**
     * A training step's passes: the forward pass with dropout from {@code rng}, the loss, and the
     * backward pass, whose gradients land in each {@link Param#grad()}. With more than one core and at
     * least two rows per core, the batch is split into one share per core, each with its own forward pass,
     * loss and backward pass on its own thread through a replica of the network, and the replicas'
     * gradients are added into this network's (docs/benchmarks.md, section 'Split training'; dropout then
     * draws from one generator per share, seeded from {@code rng}); {@code -Dddpm.splitTraining=false}
     * keeps the whole batch on this thread. Returns the loss.
     */
    public double forwardBackward(INDArray x, int[] t, int[] classes, Random rng, ShareLoss loss) {
        int shares = trainingShares > 0 ? trainingShares : SPLIT_TRAINING && !Ops.serial() ? Ops.parallelism() : 1;
        return forwardBackward(x, t, classes, rng, loss, Math.min(shares, t.length / 2));
    }

    /** 0: {@link #forwardBackward} splits as its Javadoc says; else into this many shares (1: never split). */
    private int trainingShares;

    /**
     * Makes {@link #forwardBackward} split its batch into {@code shares} shares of at least two rows
     * (1: the whole batch on the calling thread), whatever the cores; 0 restores the default.
     */
    public void setTrainingShares(int shares) {
        if (shares < 0) {
            throw new IllegalArgumentException("shares must be >= 0, got " + shares);
        }
        trainingShares = shares;
    }

    /** {@link #forwardBackward} with the batch split into {@code shares} shares (1 or less: not split). */
    double forwardBackward(INDArray x, int[] t, int[] classes, Random rng, ShareLoss loss, int shares) {
        checkInput(x, t);
        backwardReady = false;
        int k = (int) Math.min(shares, x.size(0));
        if (k > 1) {
            return split().forwardBackward(x, t, classes, rng, loss, k);
        }
        INDArray out = forward(x, t, classes, true, rng, true);
        dOut = Ops.ensure(dOut, out.shape());
        double l = loss.lossAndGradient(0, 0, t.length, out, dOut);
        backward(dOut);
        return l;
    }

    private INDArray dOut;

    /**
     * Whether {@link #sample} splits its batch into one share per core (default true;
     * {@code -Dddpm.splitSampling=false} turns it off, to compare).
     */
    static final boolean SPLIT_SAMPLING = !"false".equals(System.getProperty("ddpm.splitSampling"));

    /**
     * Whether {@link #forwardBackward} splits its batch into one share per core (default true;
     * {@code -Dddpm.splitTraining=false} turns it off, to compare).
     */
    static final boolean SPLIT_TRAINING = !"false".equals(System.getProperty("ddpm.splitTraining"));

    /** The split passes and their replicas, made at the first split batch. */
    private SplitPasses split;

    private SplitPasses split() {
        if (split == null) {
            split = new SplitPasses(this);
        }
        return split;
    }

    /** A replica of {@code net}: its weight arrays, its own activations (for {@link SplitPasses}). */
    static UNet replicaOf(UNet net) {
        return new UNet(net.config, 0, net, null);
    }

    /** The forward pass; {@code forBackward} false for sampling (the layers then keep nothing for backward). */
    INDArray forward(INDArray x, int[] t, int[] classes, boolean training, Random rng, boolean forBackward) {
        checkInput(x, t);
        backwardReady = false; // until this pass completes
        long t0 = Ops.tic();
        tact = time.forward(t, classes);
        Ops.toc("time emb", t0);
        long tAll = t0;
        skips.clear();
        INDArray h = convIn.forward(x);
        for (Stage s : down) {
            for (int r = 0; r < s.res.size(); r++) {
                h = s.res.get(r).forward(h, tact, training, rng, forBackward);
                if (s.attn.get(r) != null) {
                    h = s.attn.get(r).forward(h);
                }
                skips.add(h);
            }
            if (s.resample != null) {
                h = s.resample.forward(h);
            }
        }
        if (!midRes.isEmpty()) {
            h = midRes.get(0).forward(h, tact, training, rng, forBackward);
        }
        if (midAttn != null) {
            h = midAttn.forward(h);
        }
        for (int r = 1; r < midRes.size(); r++) {
            h = midRes.get(r).forward(h, tact, training, rng, forBackward);
        }
        int skip = skips.size();
        for (Stage s : up) {
            for (int r = 0; r < s.res.size(); r++) {
                INDArray sk = skips.get(--skip);
                long[] shape = {h.size(0), h.size(1), h.size(2), h.size(3) + sk.size(3)};
                INDArray cat = Ops.ensure(s.cat.get(r), shape);
                s.cat.set(r, cat);
                long tc = Ops.tic();
                Tensors.concatChannels(h, sk, cat);
                Ops.toc("concat (all)", tc);
                h = s.res.get(r).forward(cat, tact, training, rng, forBackward);
                if (s.attn.get(r) != null) {
                    h = s.attn.get(r).forward(h);
                }
            }
            if (s.upsample != null) {
                h = s.upsample.forward(h);
            }
        }
        INDArray eps = convOut.forward(normOut.forward(h, null, forBackward));
        Ops.toc("forward (all)", tAll);
        backwardReady = forBackward;
        return eps;
    }

    private void checkInput(INDArray x, int[] t) {
        if (x.rank() != 4 || x.size(3) != config.imageChannels() || x.size(0) != t.length) {
            throw new IllegalArgumentException("expected x of shape [" + t.length + ", H, W, " + config.imageChannels()
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        int div = 1 << (config.channelMults().size() - 1);
        if (x.size(1) % div != 0 || x.size(2) % div != 0) {
            throw new IllegalArgumentException("image sides must be divisible by " + div);
        }
    }

    /** Back-propagates dL/dε̂ through the last forward pass; the gradients land in each {@link Param#grad()}. */
    public void backward(INDArray dEps) {
        if (!backwardReady) {
            throw new IllegalStateException("backward needs a training pass (forward) just before it, not a sampling pass");
        }
        dTact = Ops.ensure(dTact, tact.shape());
        Ops.zero(dTact);
        INDArray dh = normOut.backward(convOut.backward(dEps), null);
        dSkips.clear();
        for (int i = 0; i < skips.size(); i++) {
            dSkips.add(null);
        }
        int skip = 0;
        for (int si = up.size() - 1; si >= 0; si--) {
            Stage s = up.get(si);
            if (s.upsample != null) {
                dh = s.upsample.backward(dh);
            }
            for (int r = s.res.size() - 1; r >= 0; r--) {
                if (s.attn.get(r) != null) {
                    dh = s.attn.get(r).backward(dh);
                }
                INDArray dCat = s.res.get(r).backward(dh, dTact);
                // the skip this block consumed: index counted from the deepest one
                int skipIndex = skip++;
                INDArray sk = skips.get(skipIndex);
                long hc = dCat.size(3) - sk.size(3);
                INDArray dH = Ops.ensure(s.dh.get(r), dCat.size(0), dCat.size(1), dCat.size(2), hc);
                INDArray dS = Ops.ensure(s.ds.get(r), sk.shape());
                s.dh.set(r, dH);
                s.ds.set(r, dS);
                long tc = Ops.tic();
                Tensors.splitChannels(dCat, dH, dS);
                Ops.toc("concat (all)", tc);
                dSkips.set(skipIndex, dS);
                dh = dH;
            }
        }
        for (int r = midRes.size() - 1; r >= 1; r--) {
            dh = midRes.get(r).backward(dh, dTact);
        }
        if (midAttn != null) {
            dh = midAttn.backward(dh);
        }
        if (!midRes.isEmpty()) {
            dh = midRes.get(0).backward(dh, dTact);
        }
        int skipIndex = skips.size();
        for (int si = down.size() - 1; si >= 0; si--) {
            Stage s = down.get(si);
            if (s.resample != null) {
                dh = s.resample.backward(dh);
            }
            for (int r = s.res.size() - 1; r >= 0; r--) {
                --skipIndex;
                while (skipAdds.size() <= skipIndex) {
                    skipAdds.add(new CachedOp("add"));
                }
                dh = Tensors.add(skipAdds.get(skipIndex), dh, dSkips.get(skipIndex), dh);
                if (s.attn.get(r) != null) {
                    dh = s.attn.get(r).backward(dh);
                }
                dh = s.res.get(r).backward(dh, dTact);
            }
        }
        convIn.backward(dh);
        time.backward(dTact);
    }
}
