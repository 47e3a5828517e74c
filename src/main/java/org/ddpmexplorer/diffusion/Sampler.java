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
 * The model may predict ε, x_0, μ or v ({@link Prediction}; converted by {@link Parameterization}) and
 * may learn its variance ({@link VarianceType}): DDPM then draws with the learned Σ, DDIM uses only
 * the x̂_0 behind the model's mean, as improved-diffusion's ddim_sample does.
 * A run is an iterator: the consumer pulls one step at a time and may stop at any step.
 */
public final class Sampler implements Iterator<SamplingStep> {
    private final GaussianDiffusion diffusion;
    private final Denoiser model;
    private final SamplerConfig config;
    private final int[] classes;
    private final int[] sequence; // descending timesteps, e.g. T, ..., 1
    private final Random rng;
    private final Parameterization param;
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
        this.param = new Parameterization(diffusion);
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
        int n = (int) x.size(0), channels = (int) x.size(x.rank() - 1); // the last axis: C of NHWC images, 2 of [N, 2] points
        int[] ts = new int[n];
        java.util.Arrays.fill(ts, t);
        Prediction kind = model.prediction();
        boolean learned = model.varianceType().learned();
        INDArray rawArr = predict(ts);
        double ab = diffusion.alphaBar(t), abPrev = diffusion.alphaBar(tPrev);
        double beta = 1 - ab / abPrev; // respaced β; β_t when tPrev = t - 1
        double betaTilde = beta * (1 - abPrev) / (1 - ab); // respaced β̃ (0 at the last step)
        // The update runs as one loop over heap copies: as a chain of ND4J ops it would make about 30
        // native arrays per step (results, scalars, temporaries), and the collections of their
        // bookkeeping stall the FX thread while the Train tab draws previews (docs/benchmarks.md,
        // section 'Native arrays and garbage').
        int len = Math.toIntExact(x.length());
        float[] xt = toHeap(x, len), raw = toHeap(rawArr, Math.toIntExact(rawArr.length()));
        float[] pred = learned ? firstChannels(raw, len, channels) : raw;
        float[] x0 = new float[len], eps = new float[len], mean = new float[len], next = new float[len];
        float[] var = learned ? new float[len] : null;
        // x̂_0 from the prediction (Parameterization; for ε: Ho et al. eq. 15 rearranged), clipped to
        // [-1, 1] if asked, else to the model's data bound (Denoiser.denoisedBound); ε̂ the one
        // equivalent to the unclipped prediction
        Parameterization.Affine toStart = param.startFrom(kind, t), toNoise = param.conversion(kind, Prediction.EPSILON, t);
        double bound = config.clipDenoised() ? 1 : model.denoisedBound();
        boolean clip = Double.isFinite(bound);
        for (int i = 0; i < len; i++) {
            double v = toStart.apply(pred[i], xt[i]);
            x0[i] = (float) (clip ? Math.max(-bound, Math.min(bound, v)) : v);
            eps[i] = kind == Prediction.EPSILON ? pred[i] : (float) toNoise.apply(pred[i], xt[i]);
        }
        // the variance of p(x_{t'} | x_t): learned in log space between β̃ and β (Nichol & Dhariwal eq. 15,
        // on the respaced schedule as their section 4; β̃ of the last step, 0, replaced by the step before's),
        // or the fixed choice of the sampler's settings
        double lowVar = tPrev > 0 ? betaTilde : lastStepPosteriorVariance();
        double modelVar = config.variance() == SamplerConfig.Variance.BETA ? beta : lowVar;
        if (learned) {
            double logHigh = Math.log(beta), logLow = Math.log(lowVar), sum = 0;
            for (int i = 0; i < len; i++) {
                int pix = i / channels, r = pix * 2 * channels + i % channels + channels;
                var[i] = (float) Math.exp(Parameterization.learnedLogVariance(raw[r], logHigh, logLow));
                sum += var[i];
            }
            modelVar = sum / len;
        }
        double sigma;
        if (config.kind() == SamplerConfig.Kind.DDPM) {
            if (kind == Prediction.PREVIOUS_X && tPrev == t - 1) {
                System.arraycopy(pred, 0, mean, 0, len); // the model's own mean, as improved-diffusion uses it
            } else {
                // posterior mean μ̃(x_t, x̂_0) (Ho et al. eq. 7), which equals Algorithm 2's
                // (x_t − β_t/√(1-ᾱ_t) ε̂)/√α_t when x̂_0 is not clipped
                float c1 = (float) (beta * Math.sqrt(abPrev) / (1 - ab));
                float c2 = (float) ((1 - abPrev) * Math.sqrt(1 - beta) / (1 - ab));
                for (int i = 0; i < len; i++) {
                    mean[i] = x0[i] * c1 + xt[i] * c2;
                }
            }
            sigma = tPrev == 0 ? 0 : Math.sqrt(modelVar);
            System.arraycopy(mean, 0, next, 0, len);
            if (tPrev > 0) {
                float sg = (float) sigma;
                for (int i = 0; i < len; i++) {
                    next[i] += (float) rng.nextGaussian() * (learned ? (float) Math.sqrt(var[i]) : sg);
                }
            }
        } else {
            if (clip || kind != Prediction.EPSILON) {
                // ε̂ consistent with the (clipped) x̂_0: ε = (x_t − √ᾱ_t x̂_0)/√(1-ᾱ_t), as improved-diffusion's
                // ddim_sample takes it from p_mean_variance's x̂_0 for every model type
                float sOne = (float) diffusion.sqrtOneMinusAlphaBar(t), sAb = (float) diffusion.sqrtAlphaBar(t);
                for (int i = 0; i < len; i++) {
                    eps[i] = (xt[i] - x0[i] * sAb) / sOne;
                }
            }
            // Song et al. eq. 16: σ = η √((1-ᾱ_{t'})/(1-ᾱ_t)) √(1-ᾱ_t/ᾱ_{t'})
            sigma = config.eta() * Math.sqrt((1 - abPrev) / (1 - ab)) * Math.sqrt(1 - ab / abPrev);
            float a = (float) Math.sqrt(abPrev), dir = (float) Math.sqrt(Math.max(0, 1 - abPrev - sigma * sigma));
            for (int i = 0; i < len; i++) {
                mean[i] = x0[i] * a + eps[i] * dir;
                next[i] = mean[i];
            }
            if (sigma > 0) {
                float sg = (float) sigma;
                for (int i = 0; i < len; i++) {
                    next[i] += (float) rng.nextGaussian() * sg;
                }
            }
        }
        long[] shape = x.shape();
        INDArray x0Arr = Nd4j.create(x0, shape, 'c'), nextArr = Nd4j.create(next, shape, 'c');
        INDArray predArr = learned ? Nd4j.create(pred, shape, 'c') : rawArr;
        INDArray epsArr = kind == Prediction.EPSILON && !(clip && config.kind() == SamplerConfig.Kind.DDIM) ? predArr
                : Nd4j.create(eps, shape, 'c');
        SamplingStep step = new SamplingStep(position + 1, sequence.length, t, tPrev, x, nextArr, x0Arr, epsArr, ab, abPrev,
                beta, sigma, kind, predArr, Nd4j.create(mean, shape, 'c'), modelVar, lowVar, beta,
                learned ? Nd4j.create(var, shape, 'c') : null);
        x = nextArr;
        position++;
        return step;
    }

    /** β̃ of the run's last step but one (t = sequence[n-2] → sequence[n-1]), standing in for the last step's 0. */
    private double lastStepPosteriorVariance() {
        if (sequence.length < 2) {
            return diffusion.posteriorVariance(Math.min(2, diffusion.timesteps()));
        }
        int t = sequence[sequence.length - 2], tp = sequence[sequence.length - 1];
        double ab = diffusion.alphaBar(t), abPrev = diffusion.alphaBar(tp);
        return (1 - ab / abPrev) * (1 - abPrev) / (1 - ab);
    }

    /** The first {@code channels} of every pixel of an NHWC array with 2·channels: len values. */
    static float[] firstChannels(float[] raw, int len, int channels) {
        float[] out = new float[len];
        for (int i = 0; i < len; i++) {
            out[i] = raw[i / channels * 2 * channels + i % channels];
        }
        return out;
    }

    /**
     * The model's raw output; with classifier-free guidance (classes given, w ≠ 1) its prediction
     * channels are u + w (c − u) for the conditional c and unconditional u outputs (an affine mix,
     * so the same for every parameterisation as for ε), and the learned variance is the conditional one.
     */
    private INDArray predict(int[] ts) {
        boolean guided = classes != null && model.numClasses() > 0 && config.guidanceScale() != 1
                && java.util.Arrays.stream(classes).anyMatch(c -> c >= 0);
        if (!guided) {
            return model.predict(x, ts, classes);
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
        INDArray e = model.predict(both, t2, c2);
        int half = Math.toIntExact(e.length() / 2), channels = (int) x.size(x.rank() - 1), rawCh = (int) e.size(e.rank() - 1);
        float[] ev = toHeap(e, 2 * half), out = new float[half];
        float w = (float) config.guidanceScale();
        for (int i = 0; i < half; i++) {
            float cond = ev[i], uncond = ev[half + i];
            out[i] = i % rawCh < channels ? uncond + (cond - uncond) * w : cond;
        }
        long[] shape = x.shape().clone();
        shape[shape.length - 1] = rawCh;
        return Nd4j.create(out, shape, 'c');
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
