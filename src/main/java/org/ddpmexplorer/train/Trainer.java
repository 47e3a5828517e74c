package org.ddpmexplorer.train;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.Param;
import org.ddpmexplorer.nn.UNet;
import org.ddpmexplorer.nn.UNetConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a U-Net to predict noise (Ho et al. 2020, Algorithm 1): x_0 from the data, t uniform in
 * 1..T, ε ~ N(0, I), loss ‖ε − ε_θ(√ᾱ_t x_0 + √(1-ᾱ_t) ε, t)‖², or the target of the network's
 * other {@link org.ddpmexplorer.diffusion.Prediction}, plus λ L_vlb for a learned variance
 * ({@link DiffusionLoss}). Adam with bias correction, a linear
 * learning-rate warm-up, gradient clipping by global norm, and an EMA copy of the weights that the
 * samplers use. Not thread-safe: one thread runs it; others may {@link #requestPause pause} or
 * cancel it and read {@link #emaSnapshot()}.
 */
public final class Trainer {
    /** Smoothing of the reported loss average. */
    static final double LOSS_SMOOTHING = 0.98;
    /** The loss-by-timestep chart splits 1..T into this many buckets. */
    public static final int BUCKETS = 10;

    private final UNet model;
    private final UNet ema;
    private final GaussianDiffusion diffusion;
    private final Dataset data;
    private TrainConfig config;
    private final INDArray[] adamM, adamV;
    private long step;
    private double lossEma = Double.NaN;
    private final double[] bucketLoss = new double[BUCKETS];
    private final int[] bucketCount = new int[BUCKETS];
    /** True while {@link #update()} changes the weights: a failure then leaves them half-updated. */
    private boolean updating;
    private volatile boolean pauseRequested;
    private final Object pauseLock = new Object();

    // per-step scratch
    private float[] x0, noise, xt;
    private int[] labels, t;
    private INDArray xtArr;
    private ShareLosses shareLosses;

    /** A new model with freshly initialised weights. */
    public Trainer(UNetConfig netConfig, GaussianDiffusion diffusion, Dataset data, TrainConfig config) {
        this(new UNet(netConfig, config.seed()), diffusion, data, config);
    }

    private Trainer(UNet model, GaussianDiffusion diffusion, Dataset data, TrainConfig config) {
        UNetConfig c = model.config();
        if (c.imageChannels() != data.channels() || c.imageSize() != data.imageSize()) {
            throw new IllegalArgumentException("the model expects " + c.imageSize() + "x" + c.imageSize() + "x"
                    + c.imageChannels() + " images but the data has " + data.imageSize() + "x" + data.imageSize() + "x"
                    + data.channels());
        }
        this.model = model;
        this.ema = new UNet(c, 0);
        this.ema.params().copyFrom(model.params());
        this.diffusion = diffusion;
        this.data = data;
        this.config = config;
        List<Param> ps = model.params().params();
        adamM = new INDArray[ps.size()];
        adamV = new INDArray[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            adamM[i] = Nd4j.create(DataType.FLOAT, ps.get(i).shape());
            adamV[i] = Nd4j.create(DataType.FLOAT, ps.get(i).shape());
        }
    }

    /** Continues from a checkpoint: weights, EMA weights, optimiser state and step count. */
    public static Trainer resume(Checkpoint ck, Dataset data, TrainConfig config) {
        UNet model = new UNet(ck.header().unet(), 0);
        model.params().copyFrom(ck.params());
        Trainer tr = new Trainer(model, ck.diffusion(), data, config);
        tr.ema.params().copyFrom(ck.ema());
        if (ck.adamM() != null) {
            tr.setAdam(ck.adamM(), ck.adamV());
        }
        tr.step = ck.header().step();
        tr.lossEma = ck.header().lossEma();
        return tr;
    }

    public UNet model() {
        return model;
    }

    /** The EMA weights' network. Only the training thread may use it while a run is going. */
    public UNet ema() {
        return ema;
    }

    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    public Dataset data() {
        return data;
    }

    public long step() {
        return step;
    }

    public TrainConfig config() {
        return config;
    }

    public void setConfig(TrainConfig config) {
        if (this.config.minSnrGamma() != config.minSnrGamma()) {
            loss = null; // rebuilt with the new weighting
        }
        this.config = config;
    }

    /**
     * One optimiser step (Algorithm 1). Returns the batch's mean loss.
     *
     * @throws TrainingDivergedException when the loss is NaN or infinite (the weights are left untouched)
     */
    public double trainStep() {
        double loss = gradientOnly();
        update();
        return loss;
    }

    /**
     * The first half of a step: draws the batch of step {@link #step()} and back-propagates the loss,
     * leaving the raw gradients in the parameters' gradient arrays. Returns the loss.
     */
    double gradientOnly() {
        int n = config.batchSize();
        int per = data.imageSize() * data.imageSize() * data.channels();
        int len = n * per;
        if (x0 == null || x0.length != len) {
            x0 = new float[len];
            noise = new float[len];
            xt = new float[len];
            labels = new int[n];
            t = new int[n];
            imageLoss = new double[n];
            shareLosses = new ShareLosses(n);
            xtArr = Nd4j.create(DataType.FLOAT, n, data.imageSize(), data.imageSize(), data.channels());
        }
        // every step draws from its own generator, so that a resumed run repeats an uninterrupted one
        Random rng = new Random(config.seed() * 0x9E3779B97F4A7C15L + step);
        data.batch(rng, x0, labels, config.flip());
        boolean conditional = model.config().conditional();
        int[] tNet = new int[n];
        for (int s = 0; s < n; s++) {
            if (!conditional || rng.nextDouble() < config.classDropout()) {
                labels[s] = -1; // "no class": the unconditional half of classifier-free guidance
            }
            t[s] = 1 + rng.nextInt(diffusion.timesteps());
            tNet[s] = t[s] - 1;
        }
        for (int i = 0; i < len; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        for (int s = 0; s < n; s++) {
            diffusion.qSample(x0, t[s], noise, xt, s * per, (s + 1) * per);
        }
        xtArr.data().asNioFloat().put(xt, 0, len);
        // the forward pass, the loss and the backward pass, split into one share of the batch per core
        // (UNet.forwardBackward; docs/benchmarks.md, section 'Split training')
        double loss = model.forwardBackward(xtArr, tNet, conditional ? labels : null, rng, shareLosses.of(loss(), x0,
                noise, xt, t, data.channels(), per, per / data.channels() * model.config().outputChannels(), imageLoss));
        for (int s = 0; s < n; s++) {
            int b = Math.min(BUCKETS - 1, (t[s] - 1) * BUCKETS / diffusion.timesteps());
            bucketLoss[b] += imageLoss[s];
            bucketCount[b]++;
        }
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("the loss became " + loss + " at step " + step
                    + "; try a lower learning rate");
        }
        lastLoss = loss;
        return loss;
    }

    private double lastLoss;
    private double[] imageLoss;
    private DiffusionLoss loss;

    /**
     * The loss of the model's prediction and variance type (the MSE to its target; hybrid when learned),
     * min-SNR weighted when the settings say so.
     */
    DiffusionLoss loss() {
        if (loss == null) {
            loss = new DiffusionLoss(diffusion, model.config().prediction(), model.config().variance(),
                    config.minSnrGamma());
        }
        return loss;
    }

    /** The second half: clipping, Adam, the EMA, and the step count. */
    private void update() {
        double loss = lastLoss;
        List<Param> ps = model.params().params();
        List<Param> eps = ema.params().params();
        // Heap loops over the off-heap buffers instead of five ND4J ops per parameter tensor: those
        // (norm, AdamUpdater, subi, muli, axpy) cost about 30 ms per step in call overhead whatever the
        // tensor sizes (a fifth of a batch-16 step of the app's small model) and leave thousands of
        // short-lived native-pointer objects per step for the GC, whose pauses drop frames
        // (docs/benchmarks.md, section 'The optimiser in heap loops').
        double sq = 0;
        for (Param p : ps) {
            java.nio.FloatBuffer g = buffer(p.grad()); // read in place: the update below copies it once
            for (int j = 0, n = (int) p.grad().length(); j < n; j++) {
                double x = g.get(j);
                sq += x * x;
            }
        }
        double gradNorm = Math.sqrt(sq);
        if (!Double.isFinite(gradNorm)) {
            throw new TrainingDivergedException("the gradient became " + gradNorm + " at step " + step);
        }
        float clip = gradNorm > config.gradClip() ? (float) (config.gradClip() / gradNorm) : 1f;
        double lr = learningRate(step);
        // Adam with bias correction and the EMA (AdamEma; OptimizerTest checks it against the formulas in double)
        float alphaT = AdamEma.alphaT(lr, step);
        float decay = AdamEma.emaDecay(config.emaDecay(), step);
        updating = true;
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            int n = (int) p.value().length();
            float[] g = read(p.grad(), 0), m = read(adamM[i], 1), v = read(adamV[i], 2);
            float[] w = read(p.value(), 3), e = read(eps.get(i).value(), 4);
            AdamEma.update(g, m, v, w, e, n, clip, alphaT, decay);
            write(m, adamM[i]);
            write(v, adamV[i]);
            write(w, p.value());
            write(e, eps.get(i).value());
        }
        step++;
        lossEma = Double.isNaN(lossEma) ? loss : LOSS_SMOOTHING * lossEma + (1 - LOSS_SMOOTHING) * loss;
        updating = false;
    }

    /** Heap work arrays of {@link #update()} (gradient, m, v, weights, EMA), as long as the largest tensor. */
    private final float[][] work = new float[5][];

    /** Copies a C-ordered float array's values into work array {@code slot} (grown as needed) and returns it. */
    private float[] read(INDArray a, int slot) {
        int n = (int) a.length();
        if (work[slot] == null || work[slot].length < n) {
            work[slot] = new float[n];
        }
        buffer(a).get(0, work[slot], 0, n);
        return work[slot];
    }

    private void write(float[] src, INDArray a) {
        buffer(a).put(0, src, 0, (int) a.length());
    }

    /**
     * A view of the array's off-heap values, made once per array (the parameters, gradients and
     * optimiser state live as long as the trainer): a new view per access would be a third of
     * the garbage of a training step. Absolute bulk gets and puts leave it unchanged.
     */
    private final java.util.Map<INDArray, java.nio.FloatBuffer> buffers = new java.util.IdentityHashMap<>();

    private java.nio.FloatBuffer buffer(INDArray a) {
        return buffers.computeIfAbsent(a, x -> {
            if (x.dataType() != DataType.FLOAT || x.ordering() != 'c' || x.isView()) {
                throw new IllegalStateException("parameters and optimiser state are whole C-ordered float arrays");
            }
            java.nio.FloatBuffer fb = x.data().asNioFloat();
            fb.position((int) x.offset());
            return fb.slice();
        });
    }

    /**
     * Whether the weights, EMA weights and optimiser state are those after {@link #step()} whole steps,
     * so that {@link #checkpoint()} is sound after a step failed: true unless it failed while applying
     * the update. A failure in drawing the batch or in the forward or backward pass (where memory runs
     * out) leaves them untouched.
     */
    public boolean consistent() {
        return !updating;
    }

    /**
     * The EMA's decay for the update of step {@code s} (0-based): d_s = min(maxDecay, (1 + s)/(10 + s)),
     * the warm-up of TensorFlow's {@code ExponentialMovingAverage(num_updates)} that improved-diffusion's
     * successors and ema-pytorch use. It starts at 0.1, so the average forgets the random initial
     * weights within a few steps, and approaches 1 as 1 - 9/(10 + s): the average spans about the last
     * (10 + s)/9 steps, a ninth of the run so far, until it reaches {@code maxDecay} (0.999 at step
     * 8,990). A fixed 0.999 would keep e^-1 of the step-0 weights after 1,000 steps, which is most of
     * a short run: its samples would come from a blend of noise-like early weights.
     */
    public static double emaDecayAt(double maxDecay, long s) {
        return Math.min(maxDecay, (1.0 + s) / (10.0 + s));
    }

    /** The learning rate at a step: linear warm-up to the peak, then constant. */
    public double learningRate(long s) {
        if (config.warmupSteps() == 0) {
            return config.learningRate();
        }
        return config.learningRate() * Math.min(1.0, (s + 1.0) / config.warmupSteps());
    }

    /**
     * Trains until {@code config.steps()} or cancellation, reporting after every step and
     * checkpointing every {@code checkpointEvery} steps and at the end.
     *
     * @param cancelled   checked before every step: stops within one step
     * @param progress    receives a report after each step (on this thread)
     * @param checkpoints receives each checkpoint to save (on this thread)
     */
    public void run(BooleanSupplier cancelled, Consumer<TrainProgress> progress, Consumer<Checkpoint> checkpoints) {
        long start = step;
        long t0 = System.nanoTime();
        double speed = Double.NaN;
        long lastTick = t0;
        while (step < config.steps() && !cancelled.getAsBoolean()) {
            awaitResume(cancelled);
            if (cancelled.getAsBoolean()) {
                break;
            }
            double loss = trainStep();
            long now = System.nanoTime();
            double inst = 1e9 / Math.max(1, now - lastTick);
            lastTick = now;
            speed = Double.isNaN(speed) || step - start < 3 ? inst : 0.9 * speed + 0.1 * inst;
            double eta = (config.steps() - step) / speed;
            progress.accept(new TrainProgress(step, config.steps(), loss, lossEma, bucketMeans(), speed, eta,
                    learningRate(step - 1)));
            if (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0 && step < config.steps()) {
                checkpoints.accept(checkpoint());
            }
        }
        if (step > start) {
            checkpoints.accept(checkpoint());
        }
    }

    private void awaitResume(BooleanSupplier cancelled) {
        synchronized (pauseLock) {
            try {
                while (pauseRequested && !cancelled.getAsBoolean()) {
                    paused = true;
                    pauseLock.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                paused = false;
            }
        }
    }

    private volatile boolean paused;

    /** Whether the run is holding between steps because a pause was requested. */
    public boolean isPaused() {
        return paused;
    }

    public void requestPause(boolean pause) {
        synchronized (pauseLock) {
            pauseRequested = pause;
            pauseLock.notifyAll();
        }
    }

    public boolean pauseRequested() {
        return pauseRequested;
    }

    /** Mean loss per timestep bucket since the last call (NaN for buckets without samples). */
    private double[] bucketMeans() {
        double[] m = new double[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            m[b] = bucketCount[b] == 0 ? Double.NaN : bucketLoss[b] / bucketCount[b];
        }
        Arrays.fill(bucketLoss, 0);
        Arrays.fill(bucketCount, 0);
        return m;
    }

    public double lossEma() {
        return lossEma;
    }

    /** The current state as a checkpoint (weights, EMA weights, Adam state). */
    public Checkpoint checkpoint() {
        float[] p = new float[(int) model.numParams()], e = new float[p.length];
        model.params().copyTo(p);
        ema.params().copyTo(e);
        float[] m = new float[p.length], v = new float[p.length];
        List<Param> ps = model.params().params();
        for (int i = 0; i < ps.size(); i++) {
            int off = (int) ps.get(i).offset();
            float[] mi = adamM[i].dup().data().asFloat(), vi = adamV[i].dup().data().asFloat();
            System.arraycopy(mi, 0, m, off, mi.length);
            System.arraycopy(vi, 0, v, off, vi.length);
        }
        Checkpoint.Header h = new Checkpoint.Header(Checkpoint.FORMAT_VERSION, model.config(),
                diffusion.schedule().id(), diffusion.timesteps(), step, data.name(), data.contentSize(),
                data.classNames(), config, lossEma);
        return new Checkpoint(h, p, e, m, v);
    }

    private void setAdam(float[] m, float[] v) {
        List<Param> ps = model.params().params();
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            int off = (int) p.offset(), len = (int) p.length();
            adamM[i].assign(Nd4j.create(Arrays.copyOfRange(m, off, off + len), p.shape(), 'c'));
            adamV[i].assign(Nd4j.create(Arrays.copyOfRange(v, off, off + len), p.shape(), 'c'));
        }
    }
}
