package org.ddpmexplorer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The 2-D playground's noise predictor ε_θ(x_t, t): a residual MLP on points.
 * <pre>
 *   in  = [x, y, φ(x, y), emb(t)]                [N, 2 + 4F + E], φ = sin, cos of 2^k x and 2^k y (k &lt; F),
 *                                                emb the sinusoidal time embedding of the U-Net
 *   h_0 = SiLU(W_0 in + b_0)                     [N, H]
 *   h_k = h_{k-1} + SiLU(W_k h_{k-1} + b_k)      k = 1..depth
 *   out = W_out h_depth + b_out                  [N, outputs]  (2 for ε̂; wider for other parametrisations)
 * </pre>
 * Forward and backward run on the engine's libnd4j kernels ({@link Linear}: cached matmul ops into
 * preallocated arrays, and libnd4j's sigmoid: about 20 native calls per training step) with the other
 * element-wise steps (z·σ(z), residual sums, SiLU's derivative from the stored σ) in heap loops. The same network in plain Java loops that the JIT vectorises
 * (MlpBench) is slower at every batch size measured: 1.3-2x at batch 256, 512 and 2000 with one
 * native thread on the shared two cores, since libnd4j's sgemm uses FMA and cache blocking that the
 * JIT's vectorised a·x + y loops lack. The kernels run on the calling thread alone (one OpenMP
 * thread): at these sizes splitting a matmul gains little and a preempted OpenMP thread stalls the
 * whole op, and in the GUI training and live sampling then each keep one core. Not thread-safe:
 * one thread drives an instance.
 */
public final class Mlp {
    private final MlpConfig config;
    private final int outputs;
    private final ParamSet params = new ParamSet();
    private final SinusoidalEmbedding time;
    private final Linear in;
    private final List<Linear> blocks = new ArrayList<>();
    private final Linear out;
    private final int inWidth;

    // forward state for backward, per batch size
    private int n = -1;
    private float[] inH;
    private INDArray inArr;
    private final List<INDArray> h = new ArrayList<>();
    /** Per layer k: z_k, σ(z_k) and h_k on the heap (the backward pass and the next residual read them). */
    private final List<float[]> preH = new ArrayList<>(), sigH = new ArrayList<>(), hH = new ArrayList<>();
    /** Per layer k: σ(z_k) computed by libnd4j, and the cached sigmoid op writing it. */
    private final List<INDArray> sig = new ArrayList<>();
    private final List<CachedOp> sigmoid = new ArrayList<>();
    private float[] work, work2;
    private INDArray dH, dZ;
    private boolean backwardReady;

    /** An ε-predicting network (2 outputs) with PyTorch-style initialisation drawn from {@code seed}. */
    public Mlp(MlpConfig config, long seed) {
        this(config, 2, seed);
    }

    /** A network with {@code outputs} outputs per point. */
    public Mlp(MlpConfig config, int outputs, long seed) {
        if (outputs < 1 || outputs > 64) {
            throw new IllegalArgumentException("outputs must be in 1..64, got " + outputs);
        }
        this.config = config;
        this.outputs = outputs;
        int hid = config.hidden();
        time = new SinusoidalEmbedding(config.timeEmbedding());
        inWidth = config.inputWidth();
        in = new Linear(params, "in", inWidth, hid);
        for (int k = 0; k < config.depth(); k++) {
            blocks.add(new Linear(params, "block" + k, hid, hid));
        }
        out = new Linear(params, "out", hid, outputs);
        params.bind(new Random(seed));
    }

    public MlpConfig config() {
        return config;
    }

    public int outputs() {
        return outputs;
    }

    public ParamSet params() {
        return params;
    }

    public long numParams() {
        return params.size();
    }

    private void allocate(int batch) {
        if (batch == n) {
            return;
        }
        n = batch;
        int hid = config.hidden();
        inH = new float[n * inWidth];
        inArr = Ops.zeros(n, inWidth);
        h.clear();
        preH.clear();
        sigH.clear();
        hH.clear();
        sig.clear();
        sigmoid.clear();
        for (int k = 0; k <= config.depth(); k++) {
            h.add(Ops.zeros(n, hid));
            preH.add(new float[n * hid]);
            sigH.add(new float[n * hid]);
            hH.add(new float[n * hid]);
            sig.add(Ops.zeros(n, hid));
            sigmoid.add(new CachedOp("sigmoid"));
        }
        work = new float[n * hid];
        work2 = new float[n * hid];
        dH = Ops.zeros(n, hid);
        dZ = Ops.zeros(n, hid);
    }

    /**
     * The forward pass.
     *
     * @param xy   points x_t, interleaved, 2N values
     * @param tNet network timestep per point (the paper's t - 1)
     * @return [N, outputs], owned by the network (valid until the next call)
     */
    public INDArray forward(float[] xy, int[] tNet) {
        int threads = NativeEngine.threadsOfThisThread(1);
        try {
            return forwardOn(xy, tNet);
        } finally {
            NativeEngine.threadsOfThisThread(threads);
        }
    }

    private INDArray forwardOn(float[] xy, int[] tNet) {
        int batch = tNet.length;
        if (xy.length < 2 * batch) {
            throw new IllegalArgumentException(tNet.length + " timesteps for " + xy.length / 2 + " points");
        }
        allocate(batch);
        int freqs = config.frequencies();
        for (int s = 0; s < batch; s++) {
            int o = s * inWidth;
            float x = xy[2 * s], y = xy[2 * s + 1];
            inH[o] = x;
            inH[o + 1] = y;
            for (int k = 0; k < freqs; k++) {
                double f = 1 << k;
                inH[o + 2 + 4 * k] = (float) Math.sin(f * x);
                inH[o + 3 + 4 * k] = (float) Math.cos(f * x);
                inH[o + 4 + 4 * k] = (float) Math.sin(f * y);
                inH[o + 5 + 4 * k] = (float) Math.cos(f * y);
            }
        }
        time.embed(tNet, inH, inWidth, 2 + 4 * freqs);
        Ops.write(inH, inArr);
        INDArray z = in.forward(inArr);
        siluInto(z, 0, false);
        for (int k = 1; k <= config.depth(); k++) {
            z = blocks.get(k - 1).forward(h.get(k - 1));
            siluInto(z, k, true);
        }
        backwardReady = true;
        return out.forward(h.get(config.depth()));
    }

    /**
     * h_k = h_{k-1} + z_k σ(z_k) (without the residual for k = 0), keeping z_k, σ(z_k) and h_k on the
     * heap for the backward pass and the next block. σ runs in libnd4j (its vectorised exp took half the
     * time of Java's {@code Math.exp} loop per element, which the JIT does not vectorise); the
     * backward pass reuses σ(z_k) and computes no exp at all.
     */
    private void siluInto(INDArray z, int k, boolean residual) {
        INDArray s = sig.get(k);
        sigmoid.get(k).exec(new INDArray[] {z}, new INDArray[] {s}, NO_ARGS, NO_TARGS);
        float[] pre = preH.get(k), sg = sigH.get(k), hk = hH.get(k);
        Ops.read(z, pre);
        Ops.read(s, sg);
        if (residual) {
            float[] prev = hH.get(k - 1);
            for (int i = 0, len = pre.length; i < len; i++) {
                hk[i] = prev[i] + pre[i] * sg[i];
            }
        } else {
            for (int i = 0, len = pre.length; i < len; i++) {
                hk[i] = pre[i] * sg[i];
            }
        }
        Ops.write(hk, h.get(k));
    }

    private static final long[] NO_ARGS = new long[0];
    private static final double[] NO_TARGS = new double[0];

    /** ε̂ (or the wider output) for these points as a new heap array [N·outputs]. */
    public float[] predict(float[] xy, int[] tNet) {
        INDArray o = forward(xy, tNet);
        backwardReady = false;
        float[] r = new float[tNet.length * outputs];
        Ops.read(o, r);
        return r;
    }

    /**
     * Back-propagates dL/dout [N, outputs] through the last {@link #forward}, writing every
     * parameter's gradient.
     */
    public void backward(INDArray dOut) {
        if (!backwardReady || dOut.size(0) != n) {
            throw new IllegalStateException("backward needs the forward pass of the same batch first");
        }
        int threads = NativeEngine.threadsOfThisThread(1);
        try {
            backwardOn(dOut);
        } finally {
            NativeEngine.threadsOfThisThread(threads);
        }
    }

    private void backwardOn(INDArray dOut) {
        // d = dL/dh_depth, from the output layer's dx (a layer-owned array), kept on the heap
        float[] d = work2;
        Ops.read(out.backward(dOut, null), d);
        for (int k = config.depth(); k >= 0; k--) {
            // dz_k = dh_k · SiLU'(z_k); SiLU'(v) = σ(v)(1 + v(1 - σ(v)))
            float[] pre = preH.get(k), sg = sigH.get(k);
            for (int i = 0, len = pre.length; i < len; i++) {
                float v = pre[i], s = sg[i];
                work[i] = d[i] * s * (1 + v * (1 - s));
            }
            Ops.write(work, dZ);
            if (k == 0) {
                in.backwardParamsOnly(dZ);
            } else {
                // h_k = h_{k-1} + SiLU(z_k): dh_{k-1} = dh_k + W_kᵀ dz_k, accumulated in place
                Ops.write(d, dH);
                blocks.get(k - 1).backward(dZ, dH);
                Ops.read(dH, d);
            }
        }
        backwardReady = false;
    }
}
