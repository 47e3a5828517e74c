package org.ddpmexplorer.nn;

/**
 * {@link GroupNorm}'s loops: each pass over one sample's pixels in chunks of {@link #CHUNK} floats
 * (whole pixels), read from a native buffer into a small per-thread array and worked on there,
 * against per-channel values replicated to the chunk's length. JDK 17's vectoriser handles a loop
 * whose arrays are all indexed alike ({@code u[j]} against {@code s[j]}) and that stores into one
 * array, so every loop here is written that way (docs/benchmarks.md, section 'GroupNorm loops').
 */
final class GroupNormLoops {
    private GroupNormLoops() {
    }

    /**
     * Per position of the chunk pattern, over the pixels of one sample read from a native buffer:
     * Σ a (when {@code mu} is null) or Σ (a - mu)².
     */
    static float[] sumNative(java.nio.FloatBuffer a, float[] mu, int base, int hw, int c, int chunk) {
        float[] acc = temp(chunk), u = temp(chunk);
        int rep = chunk / c;
        for (int p = 0; p < hw; p += rep) {
            int o = base + p * c, len = Math.min(rep, hw - p) * c;
            a.get(o, u, 0, len); // absolute: threads share the buffer
            if (mu == null) {
                for (int j = 0; j < len; j++) {
                    acc[j] += u[j];
                }
            } else {
                for (int j = 0; j < len; j++) {
                    float d = u[j] - mu[j];
                    acc[j] += d * d;
                }
            }
        }
        return acc;
    }

    /**
     * out = sa·a + t per chunk position, then SiLU when {@code silu}, from one native buffer to
     * another over the pixels of one sample (the sampling pass's; training's is {@link #affineTrain}).
     */
    static void affineNative(java.nio.FloatBuffer out, java.nio.FloatBuffer a, float[] sa, float[] t, boolean silu,
                                     int base, int hw, int c, int chunk) {
        int rep = chunk / c;
        float[] u = temp(chunk), r = temp(chunk);
        for (int p = 0; p < hw; p += rep) {
            int o = base + p * c, len = Math.min(rep, hw - p) * c;
            a.get(o, u, 0, len);
            if (silu) {
                for (int j = 0; j < len; j++) {
                    float v = u[j] * sa[j] + t[j];
                    r[j] = v / onePlusExpNeg(v);
                }
            } else {
                for (int j = 0; j < len; j++) {
                    r[j] = u[j] * sa[j] + t[j];
                }
            }
            out.put(o, r, 0, len);
        }
    }

    /**
     * The temporaries of one sample's pass (per-channel values, replicated patterns, partial sums),
     * taken from a per-thread pool that {@code reset()} recycles at the start of the next sample:
     * allocated afresh they would make ~10 MB of garbage per training step at batch 64, whose young
     * collections stall every thread, the FX thread included (docs/benchmarks.md, section 'Native
     * arrays and garbage').
     * An array may be longer than asked for; the loops use the lengths they are given.
     */
    static final class Temp {
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

    static final ThreadLocal<Temp> TEMP = ThreadLocal.withInitial(Temp::new);

    static float[] temp(int len) {
        return TEMP.get().take(len);
    }

    /**
     * Inner loops run over this many floats (whole pixels), copied into per-thread buffers: long enough
     * for the JIT's vector loops and to amortise the copies, short enough to stay in the L1 cache
     * (measured: 1,024 fastest, 256 and 4,096 slower; docs/benchmarks.md, section 'GroupNorm loops').
     */
    static final int CHUNK = 1024;

    /**
     * The training pass's output, from one native buffer to another over the pixels of one sample:
     * y = sa·a + t per chunk position, then, when {@code dSilu} is given, out = SiLU(y) = y·σ(y) with
     * SiLU'(y) = σ(y)(1 + y(1 - σ(y))) kept in {@code dSilu} for the backward pass. Each loop stores
     * into one array, which the JIT's vectoriser needs.
     */
    static void affineTrain(java.nio.FloatBuffer out, java.nio.FloatBuffer a, float[] sa, float[] t, float[] dSilu,
                                    int base, int hw, int c, int chunk) {
        int rep = chunk / c;
        float[] u = temp(chunk), r = temp(chunk), sg = temp(chunk), q = temp(chunk);
        for (int p = 0; p < hw; p += rep) {
            int o = base + p * c, len = Math.min(rep, hw - p) * c;
            a.get(o, u, 0, len);
            for (int j = 0; j < len; j++) {
                r[j] = u[j] * sa[j] + t[j];
            }
            if (dSilu != null) {
                for (int j = 0; j < len; j++) {
                    sg[j] = 1f / onePlusExpNeg(r[j]);
                }
                for (int j = 0; j < len; j++) {
                    q[j] = sg[j] * (1 + r[j] * (1 - sg[j]));
                }
                System.arraycopy(q, 0, dSilu, o, len);
                for (int j = 0; j < len; j++) {
                    r[j] *= sg[j];
                }
            }
            out.put(o, r, 0, len);
        }
    }

    /**
     * dL/dy of one chunk into {@code d}: dL/dout, times SiLU'(y) when {@code dSilu} is given.
     */
    static void gradChunk(java.nio.FloatBuffer dOut, float[] dSilu, float[] d, float[] u, int o, int len) {
        dOut.get(o, d, 0, len);
        if (dSilu != null) {
            System.arraycopy(dSilu, o, u, 0, len);
            for (int j = 0; j < len; j++) {
                d[j] *= u[j];
            }
        }
    }

    /**
     * The backward pass's sums over the pixels of one sample, per chunk position: S1 += dL/dy into
     * {@code s1} and S2 += (x - μ)·dL/dy into {@code s2}.
     */
    static void gradSums(java.nio.FloatBuffer dOut, java.nio.FloatBuffer x, float[] dSilu, float[] mu, float[] s1,
                                 float[] s2, int base, int hw, int c, int chunk) {
        int rep = chunk / c;
        float[] d = temp(chunk), u = temp(chunk), w = temp(chunk);
        for (int p = 0; p < hw; p += rep) {
            int o = base + p * c, len = Math.min(rep, hw - p) * c;
            gradChunk(dOut, dSilu, d, u, o, len);
            x.get(o, w, 0, len);
            for (int j = 0; j < len; j++) {
                s1[j] += d[j];
            }
            for (int j = 0; j < len; j++) {
                s2[j] += (w[j] - mu[j]) * d[j];
            }
        }
    }

    /**
     * dL/dx = ca·dL/dy + cb·x + cd per chunk position into the native buffer {@code dx}, over the
     * pixels of one sample; adds Σ dL/dx into {@code sumDx} when given.
     */
    static void gradInput(java.nio.FloatBuffer dx, java.nio.FloatBuffer dOut, java.nio.FloatBuffer x, float[] dSilu,
                                  float[] ca, float[] cb, float[] cd, float[] sumDx, int base, int hw, int c, int chunk) {
        int rep = chunk / c;
        float[] d = temp(chunk), u = temp(chunk), w = temp(chunk), r = temp(chunk);
        for (int p = 0; p < hw; p += rep) {
            int o = base + p * c, len = Math.min(rep, hw - p) * c;
            gradChunk(dOut, dSilu, d, u, o, len);
            x.get(o, w, 0, len);
            for (int j = 0; j < len; j++) {
                r[j] = ca[j] * d[j] + cb[j] * w[j] + cd[j];
            }
            if (sumDx != null) {
                for (int j = 0; j < len; j++) {
                    sumDx[j] += r[j];
                }
            }
            dx.put(o, r, 0, len);
        }
    }

    /** v[from..from+c) repeated rep times. */
    static float[] replicate(float[] v, int from, int c, int rep) {
        float[] r = temp(c * rep);
        for (int i = 0; i < rep; i++) {
            System.arraycopy(v, from, r, i * c, c);
        }
        return r;
    }

    /** Sums a replicated accumulator back to one value per channel. */
    static float[] fold(float[] r, int c, int rep) {
        float[] out = temp(c);
        for (int i = 0; i < rep; i++) {
            for (int ch = 0; ch < c; ch++) {
                out[ch] += r[i * c + ch];
            }
        }
        return out;
    }

    /** Clamp of the sigmoid's argument: σ(±20) is 1 or 0 to within 2e-9. */
    private static final float SIGMOID_CLAMP = 20f;
    /** e^{-x} is computed as (e^{-x/64})^64: |x/64| ≤ 0.3125 keeps a degree-6 Taylor polynomial within 1e-7. */
    private static final float INV_64 = 1f / 64;

    /**
     * 1 + e^{-v}, to within 2e-6 relative for σ(v) = 1/(1 + e^{-v}): e^{-x} = (e^{-x/64})^64 with a
     * Taylor polynomial and six squarings, x = v clamped to ±20, all plain float arithmetic that the
     * JIT vectorises once inlined into a loop (Math.exp does not vectorise and costs about ten times more here).
     */
    static float onePlusExpNeg(float v) {
        float x = Math.max(-SIGMOID_CLAMP, Math.min(SIGMOID_CLAMP, v));
        float u = -x * INV_64;
        float p = 1f + u * (1f + u * (0.5f + u * (1f / 6 + u * (1f / 24 + u * (1f / 120 + u * (1f / 720))))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return 1f + p;
    }
}
