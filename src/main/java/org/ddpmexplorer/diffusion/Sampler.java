package org.ddpmexplorer.diffusion;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reverse process as a stream of {@link SamplingStep}s: DDPM ancestral sampling (Ho et al.
 * 2020, Algorithm 2, on a possibly respaced sequence as Nichol &amp; Dhariwal 2021, section 4) and
 * DDIM (Song et al. 2021, eq. 12), with optional classifier-free guidance (Ho &amp; Salimans 2022).
 * A run is an iterator: the consumer pulls one step at a time and may stop at any step.
 */
public final class Sampler implements Iterator<SamplingStep> {
    private final GaussianDiffusion diffusion;
    private final Denoiser model;
    private final SamplerConfig config;
    private final int[] classes;
    private final int[] sequence; // descending timesteps, e.g. T, ..., 1
    private final Random rng;
    private INDArray x;
    private int position;

    private Sampler(GaussianDiffusion diffusion, Denoiser model, SamplerConfig config, int[] classes, int[] sequence,
                    INDArray start, Random rng) {
        this.diffusion = diffusion;
        this.model = model;
        this.config = config;
        this.classes = classes;
        this.sequence = sequence;
        this.x = start;
        this.rng = rng;
    }

    /**
     * Starts from pure noise x_T ~ N(0, I).
     *
     * @param shape   [N, H, W, C]
     * @param classes class per sample for a conditional model (-1: none), or null
     */
    public static Sampler fromNoise(GaussianDiffusion diffusion, Denoiser model, SamplerConfig config, long[] shape,
                                    int[] classes) {
        checkClasses(model, classes, shape[0]);
        Random rng = new Random(config.seed());
        INDArray xT = GaussianDiffusion.gaussian(rng, shape);
        return new Sampler(diffusion, model, config, classes, timesteps(diffusion.timesteps(), config.steps(),
                diffusion.timesteps()), xT, rng);
    }

    /**
     * "Denoise from here" (SDEdit, Meng et al. 2022): noises an image to x_t ~ q(x_t | x_0) and runs the
     * reverse process from t. The number of steps is scaled by t/T.
     */
    public static Sampler fromImage(GaussianDiffusion diffusion, Denoiser model, SamplerConfig config, INDArray x0,
                                    int tStart, int[] classes) {
        if (tStart < 1 || tStart > diffusion.timesteps()) {
            throw new IllegalArgumentException("t must be in 1.." + diffusion.timesteps() + ", got " + tStart);
        }
        checkClasses(model, classes, x0.size(0));
        Random rng = new Random(config.seed());
        INDArray xt = diffusion.qSample(x0, tStart, GaussianDiffusion.gaussian(rng, x0.shape()));
        int steps = Math.max(1, (int) Math.round((double) config.steps() * tStart / diffusion.timesteps()));
        return new Sampler(diffusion, model, config, classes, timesteps(tStart, Math.min(steps, tStart),
                diffusion.timesteps()), xt, rng);
    }

    /**
     * {@link #fromImage(GaussianDiffusion, Denoiser, SamplerConfig, INDArray, int, int[])} for an image given as
     * flat NHWC floats in [-1, 1] of the given shape [N, H, W, C] (for callers that keep ND4J out of their types).
     */
    public static Sampler fromImage(GaussianDiffusion diffusion, Denoiser model, SamplerConfig config, float[] x0,
                                    long[] shape, int tStart, int[] classes) {
        return fromImage(diffusion, model, config, Nd4j.create(x0, shape, 'c'), tStart, classes);
    }

    private static void checkClasses(Denoiser model, int[] classes, long n) {
        if (classes == null) {
            return;
        }
        if (classes.length != n) {
            throw new IllegalArgumentException(classes.length + " classes for " + n + " samples");
        }
        for (int c : classes) {
            if (c >= model.numClasses() || c < -1) {
                throw new IllegalArgumentException(model.numClasses() == 0 ? "the model has no classes"
                        : "class " + c + " is not in 0.." + (model.numClasses() - 1));
            }
        }
    }

    /**
     * The descending sequence of timesteps for a run from {@code from} with {@code steps} steps, evenly
     * spaced over 1..from and including both ends (improved-diffusion's space_timesteps).
     */
    public static int[] timesteps(int from, int steps, int total) {
        if (steps < 1 || steps > from || from > total) {
            throw new IllegalArgumentException("cannot take " + steps + " steps from t = " + from + " (T = " + total + ")");
        }
        int[] seq = new int[steps];
        if (steps == 1) {
            seq[0] = from;
            return seq;
        }
        double stride = (double) (from - 1) / (steps - 1);
        for (int k = 0; k < steps; k++) {
            seq[steps - 1 - k] = 1 + (int) Math.round(k * stride);
        }
        return seq;
    }

    /** The initial x (x_T, or the noised image). */
    public INDArray initial() {
        return position == 0 ? x : null;
    }

    /** The shape [N, H, W, C] of x. */
    public long[] shape() {
        return x.shape();
    }

    public int count() {
        return sequence.length;
    }

    public int[] sequence() {
        return sequence.clone();
    }

    @Override
    public boolean hasNext() {
        return position < sequence.length;
    }

    @Override
    public SamplingStep next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int t = sequence[position];
        int tPrev = position + 1 < sequence.length ? sequence[position + 1] : 0;
        int n = (int) x.size(0);
        int[] ts = new int[n];
        java.util.Arrays.fill(ts, t);
        INDArray epsArr = predict(ts);
        double ab = diffusion.alphaBar(t), abPrev = diffusion.alphaBar(tPrev);
        double beta = 1 - ab / abPrev; // respaced β; β_t when tPrev = t - 1
        // The update runs as one loop over heap copies: as a chain of ND4J ops it made about 30 native
        // arrays per step (results, scalars, temporaries), and the collections of their bookkeeping
        // stalled the FX thread while the Train tab drew previews (docs/benchmarks.md, section 'Native arrays and garbage').
        int len = Math.toIntExact(x.length());
        float[] xt = toHeap(x, len), eps = toHeap(epsArr, len), x0 = new float[len], next = new float[len];
        // x̂_0 = (x_t − √(1-ᾱ_t) ε̂)/√ᾱ_t (Ho et al. eq. 15 rearranged), clipped to [-1, 1] if asked
        float sOne = (float) diffusion.sqrtOneMinusAlphaBar(t), sAb = (float) diffusion.sqrtAlphaBar(t);
        boolean clip = config.clipDenoised();
        for (int i = 0; i < len; i++) {
            float v = (xt[i] - eps[i] * sOne) / sAb;
            x0[i] = clip ? Math.max(-1f, Math.min(1f, v)) : v;
        }
        double sigma;
        if (config.kind() == SamplerConfig.Kind.DDPM) {
            // posterior mean μ̃(x_t, x̂_0) (Ho et al. eq. 7), which equals Algorithm 2's
            // (x_t − β_t/√(1-ᾱ_t) ε̂)/√α_t when x̂_0 is not clipped
            float c1 = (float) (beta * Math.sqrt(abPrev) / (1 - ab));
            float c2 = (float) ((1 - abPrev) * Math.sqrt(1 - beta) / (1 - ab));
            for (int i = 0; i < len; i++) {
                next[i] = x0[i] * c1 + xt[i] * c2;
            }
            double var = config.variance() == SamplerConfig.Variance.BETA ? beta : beta * (1 - abPrev) / (1 - ab);
            sigma = tPrev == 0 ? 0 : Math.sqrt(var);
        } else {
            if (clip) {
                // ε̂ consistent with the clipped x̂_0: ε = (x_t − √ᾱ_t x̂_0)/√(1-ᾱ_t)
                for (int i = 0; i < len; i++) {
                    eps[i] = (xt[i] - x0[i] * sAb) / sOne;
                }
            }
            // Song et al. eq. 16: σ = η √((1-ᾱ_{t'})/(1-ᾱ_t)) √(1-ᾱ_t/ᾱ_{t'})
            sigma = config.eta() * Math.sqrt((1 - abPrev) / (1 - ab)) * Math.sqrt(1 - ab / abPrev);
            float a = (float) Math.sqrt(abPrev), dir = (float) Math.sqrt(Math.max(0, 1 - abPrev - sigma * sigma));
            for (int i = 0; i < len; i++) {
                next[i] = x0[i] * a + eps[i] * dir;
            }
        }
        if (sigma > 0) {
            float sg = (float) sigma;
            for (int i = 0; i < len; i++) {
                next[i] += (float) rng.nextGaussian() * sg;
            }
        }
        long[] shape = x.shape();
        INDArray x0Arr = Nd4j.create(x0, shape, 'c'), nextArr = Nd4j.create(next, shape, 'c');
        if (clip && config.kind() == SamplerConfig.Kind.DDIM) {
            epsArr = Nd4j.create(eps, shape, 'c');
        }
        SamplingStep step = new SamplingStep(position + 1, sequence.length, t, tPrev, x, nextArr, x0Arr, epsArr, ab, abPrev,
                beta, sigma);
        x = nextArr;
        position++;
        return step;
    }

    /** ε̂, with classifier-free guidance ε_u + w (ε_c − ε_u) when classes are given and w ≠ 1. */
    private INDArray predict(int[] ts) {
        boolean guided = classes != null && model.numClasses() > 0 && config.guidanceScale() != 1
                && java.util.Arrays.stream(classes).anyMatch(c -> c >= 0);
        if (!guided) {
            return model.predictNoise(x, ts, classes);
        }
        int n = ts.length;
        INDArray both = Nd4j.concat(0, x, x);
        int[] t2 = new int[2 * n], c2 = new int[2 * n];
        for (int i = 0; i < n; i++) {
            t2[i] = ts[i];
            t2[n + i] = ts[i];
            c2[i] = classes[i];
            c2[n + i] = -1;
        }
        INDArray e = model.predictNoise(both, t2, c2);
        int half = Math.toIntExact(x.length());
        float[] ev = toHeap(e, 2 * half), out = new float[half];
        float w = (float) config.guidanceScale();
        for (int i = 0; i < half; i++) {
            float cond = ev[i], uncond = ev[half + i];
            out[i] = uncond + (cond - uncond) * w;
        }
        return Nd4j.create(out, x.shape(), 'c');
    }

    /** A heap copy of a C-contiguous float array of {@code len} values. */
    private static float[] toHeap(INDArray a, int len) {
        if (a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            a = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        }
        if (a.ordering() != 'c' || a.elementWiseStride() != 1) {
            a = a.dup('c'); // a view or another layout from a custom denoiser
        }
        float[] out = new float[len];
        java.nio.FloatBuffer fb = a.data().asNioFloat();
        fb.position((int) a.offset());
        fb.get(out, 0, len);
        return out;
    }

    /** Runs the remaining steps and returns the final sample x_0. */
    public INDArray runToEnd() {
        INDArray last = x;
        while (hasNext()) {
            last = next().x();
        }
        return last;
    }

    /** Runs to the end and keeps every step (for tests and small trajectories). */
    public List<SamplingStep> collect() {
        List<SamplingStep> all = new ArrayList<>();
        while (hasNext()) {
            all.add(next());
        }
        return all;
    }
}
