package org.ddpmexplorer.ui.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import org.ddpmexplorer.diffusion.ClassLabels;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.ImageTensors;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.FxImages;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.LatestValue;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.SampleGridPixels;
import org.ddpmexplorer.ui.common.SharedImage;
import org.ddpmexplorer.ui.common.StatusModel;

/**
 * The reverse-process explorer's state and verbs. Sampling runs on the shared executor and pulls
 * one {@link SamplingStep} at a time, checking for cancellation between steps; the live view gets
 * the latest frame only, at most {@link #LIVE_FPS} times a second. The finished run is kept as a
 * {@link Trajectory} that the timeline scrubs. All properties are read and changed on the FX thread.
 */
public final class GenerateController {
    public static final List<Integer> SAMPLE_COUNTS = List.of(1, 4, 16);
    /** Default: DDPM (Algorithm 2) on 100 respaced steps (σ² = β̃_t suits respacing): seconds for the bundled model. */
    public static final int DEFAULT_STEPS = 100;
    /** Live frames per second while sampling: smooth, and far from flooding the FX thread. */
    static final int LIVE_FPS = 30;
    /**
     * Memory for a kept trajectory (x_t, x̂_0, ε̂ as float): 1000 steps of 16 samples at 32x32x1 take
     * 197 MB and are kept whole; beyond the budget every k-th step is kept (64x64 RGB: k = 10).
     */
    public static final long TRAJECTORY_BUDGET_BYTES = 256L << 20;
    /** Playback: a sweep through the trajectory takes 6 s at 1x. */
    static final double PLAY_SWEEP_SECONDS = 6;
    static final Duration PLAY_FRAME = Duration.millis(40);
    /** ε̂ ~ N(0, I) is drawn at half contrast so most of it is not clipped to black or white. */
    static final float NOISE_DISPLAY_SCALE = 0.5f;

    private final AppContext ctx;
    private final ModelStore models;
    private final StatusModel status;

    // settings
    private final ReadOnlyObjectWrapper<SamplerConfig.Kind> kind = new ReadOnlyObjectWrapper<>(this, "kind", SamplerConfig.Kind.DDPM);
    private final ReadOnlyIntegerWrapper steps = new ReadOnlyIntegerWrapper(this, "steps", DEFAULT_STEPS);
    private final ReadOnlyDoubleWrapper eta = new ReadOnlyDoubleWrapper(this, "eta", 0);
    private final ReadOnlyObjectWrapper<SamplerConfig.Variance> variance =
            new ReadOnlyObjectWrapper<>(this, "variance", SamplerConfig.Variance.POSTERIOR);
    private final ReadOnlyIntegerWrapper sampleCount = new ReadOnlyIntegerWrapper(this, "sampleCount", 4);
    private final ReadOnlyLongWrapper seed = new ReadOnlyLongWrapper(this, "seed", 1);
    private final ReadOnlyIntegerWrapper classIndex = new ReadOnlyIntegerWrapper(this, "classIndex", -1);
    private final ReadOnlyDoubleWrapper guidance = new ReadOnlyDoubleWrapper(this, "guidance", 1);
    private final ReadOnlyBooleanWrapper clip = new ReadOnlyBooleanWrapper(this, "clip", true);
    private final ReadOnlyBooleanWrapper showNoise = new ReadOnlyBooleanWrapper(this, "showNoise", true);

    // run state
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyObjectWrapper<Image> xtImage = new ReadOnlyObjectWrapper<>(this, "xtImage");
    private final ReadOnlyObjectWrapper<Image> x0Image = new ReadOnlyObjectWrapper<>(this, "x0Image");
    private final ReadOnlyObjectWrapper<Image> epsImage = new ReadOnlyObjectWrapper<>(this, "epsImage");
    private final ReadOnlyObjectWrapper<StepInfo> step = new ReadOnlyObjectWrapper<>(this, "step");
    private final ReadOnlyObjectWrapper<Trajectory> trajectory = new ReadOnlyObjectWrapper<>(this, "trajectory");
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(this, "position");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper(this, "speed", 1);
    private final ReadOnlyIntegerWrapper liveFrames = new ReadOnlyIntegerWrapper(this, "liveFrames");
    private final ReadOnlyStringWrapper runTitle = new ReadOnlyStringWrapper(this, "runTitle", "");
    private final ReadOnlyObjectWrapper<LiveStd> liveStd = new ReadOnlyObjectWrapper<>(this, "liveStd");

    private final Timeline player = new Timeline(new KeyFrame(PLAY_FRAME, e -> playStep()));
    private double playPosition;
    /** Live frames on their way to the FX thread: only the latest is shown. */
    private final LatestValue<Live> latestLive = new LatestValue<>(this::showLive);
    private volatile Job job;
    private volatile boolean disposed;
    /** The loaded model's denoiser, built and warmed up on a worker (ND4J starts there) when the model loads. */
    private final WarmDenoiser denoisers;

    /** One sampling run; {@code cancelled} is its own, so a new run never revives an old one. */
    private static final class Job {
        final AtomicBoolean cancelled = new AtomicBoolean();
        /** When the run was asked for (the press), for {@code -Dddpm.trace=true}'s first-frame line. */
        final long pressed = System.nanoTime();
        /** Whether a frame of this run has been shown (FX thread). */
        boolean shown;
    }

    /** A live frame from the worker: pixels ready to copy, and the std curve so far. */
    private record Live(Job job, Pixels xt, Pixels x0, Pixels eps, StepInfo info, double progress, String text,
                        LiveStd std) {
    }

    /**
     * The standard deviation of x_t for the steps sampled so far, for the trajectory chart while a run
     * goes on: {@code std[i]} is that of the input of step i + 1.
     *
     * @param steps the run's number of steps
     * @param std   one value per step taken so far (at most {@code steps})
     */
    public record LiveStd(int steps, double[] std) {
    }

    /** Wraps the model's denoiser for a run (identity; tests slow it down or hold it). */
    private volatile UnaryOperator<Denoiser> denoiserWrapper = UnaryOperator.identity();

    public GenerateController(AppContext ctx) {
        this.ctx = ctx;
        this.models = ctx.models();
        this.status = ctx.status();
        this.denoisers = new WarmDenoiser(ctx.executor());
        player.setCycleCount(Animation.INDEFINITE);
        models.modelProperty().addListener((o, a, b) -> onModelChanged(b));
        onModelChanged(models.get());
    }

    private void onModelChanged(ModelStore.LoadedModel m) {
        cancel();
        denoisers.cancel();
        if (m == null) {
            return;
        }
        int t = m.checkpoint().header().timesteps();
        if (steps.get() > t) {
            steps.set(t);
        }
        int classes = m.checkpoint().header().unet().numClasses();
        if (classIndex.get() >= classes) {
            classIndex.set(ANY_CLASS);
        }
        if (WarmDenoiser.ENABLED && !disposed) {
            UNetConfig u = m.checkpoint().header().unet();
            int n = sampleCount.get();
            denoisers.start(m.checkpoint(), new long[] {n, u.imageSize(), u.imageSize(), u.imageChannels()}, classes(u, n),
                    guidance.get());
        }
    }

    /** The denoisers' cache and warm-up (tests: its warm-ups and their hook). */
    WarmDenoiser denoisers() {
        return denoisers;
    }

    // ---- read-only state ----------------------------------------------------------------

    public ReadOnlyObjectProperty<ModelStore.LoadedModel> modelProperty() {
        return models.modelProperty();
    }

    public ReadOnlyObjectProperty<SamplerConfig.Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stepsProperty() {
        return steps.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SamplerConfig.Variance> varianceProperty() {
        return variance.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty sampleCountProperty() {
        return sampleCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty seedProperty() {
        return seed.getReadOnlyProperty();
    }

    /** {@link #classIndexProperty()} for "any class": the classes in turn. */
    public static final int ANY_CLASS = -1;
    /** {@link #classIndexProperty()} for the model's "no class" label (the unconditional half of guidance). */
    public static final int NO_CLASS = -2;

    /** The class to generate for a conditional model: an index, {@link #ANY_CLASS} or {@link #NO_CLASS}. */
    public ReadOnlyIntegerProperty classIndexProperty() {
        return classIndex.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty guidanceProperty() {
        return guidance.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty clipProperty() {
        return clip.getReadOnlyProperty();
    }

    /** Whether ε̂ is shown beside x_t and x̂_0. */
    public ReadOnlyBooleanProperty showNoiseProperty() {
        return showNoise.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1 while sampling. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "Step 40 of 200 · 3 s left". */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** x_t of the live step or of the scrubbed frame, as a grid of the samples. */
    public ReadOnlyObjectProperty<Image> xtImageProperty() {
        return xtImage.getReadOnlyProperty();
    }

    /** x̂_0 at that step: the network's raw output for a model that predicts x_0, else derived from it. */
    public ReadOnlyObjectProperty<Image> x0ImageProperty() {
        return x0Image.getReadOnlyProperty();
    }

    /** ε̂ at that step (null for the final sample): the raw output of an ε model, else derived. */
    public ReadOnlyObjectProperty<Image> epsImageProperty() {
        return epsImage.getReadOnlyProperty();
    }

    /** The numbers of the shown step. */
    public ReadOnlyObjectProperty<StepInfo> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** The kept run (null before the first); its frames are what the timeline scrubs. */
    /**
     * The kept trajectory as an animation for the GIF export: one frame per kept step (x_t with its
     * x̂_0), cropped to the model's content size; null before the first run.
     */
    public org.ddpmexplorer.ui.common.AnimationExport animationExport() {
        Trajectory tr = trajectory.get();
        if (tr == null || tr.size() == 0) {
            return null;
        }
        java.util.List<org.ddpmexplorer.io.AnimationSources.Recorded> frames = new java.util.ArrayList<>();
        for (Trajectory.Frame f : tr.frames()) {
            java.util.List<ImageTensor> xt = new java.util.ArrayList<>(), x0 = new java.util.ArrayList<>();
            for (int i = 0; i < tr.n(); i++) {
                xt.add(crop(f.xt(), tr, i));
                x0.add(crop(f.x0() != null ? f.x0() : f.xt(), tr, i));
            }
            // the sample is x_0: t = 0 in its caption, as in the CLI's GIF (its StepInfo keeps the last step's t)
            frames.add(new org.ddpmexplorer.io.AnimationSources.Recorded(f.info().isFinal() ? 0 : f.info().t(), xt, x0));
        }
        int side = tr.content();
        return new org.ddpmexplorer.ui.common.AnimationExport("Denoising " + tr.n() + (tr.n() == 1 ? " sample" : " samples"), "denoising.gif", frames.size(), tr.n(), true, side, side,
                org.ddpmexplorer.ui.common.AnimationExport.scaleFor(side),
                () -> org.ddpmexplorer.io.AnimationSources.of(frames));
    }

    /** Sample i of a flattened [n, h, w, c] frame, centre-cropped to the content size. */
    private static ImageTensor crop(float[] values, Trajectory tr, int i) {
        int h = tr.height(), w = tr.width(), c = tr.channels(), side = Math.min(tr.content(), Math.min(h, w));
        int oy = (h - side) / 2, ox = (w - side) / 2;
        float[] out = new float[side * side * c];
        for (int y = 0; y < side; y++) {
            System.arraycopy(values, ((i * h + y + oy) * w + ox) * c, out, y * side * c, side * c);
        }
        return new ImageTensor(side, side, c, out);
    }

    public ReadOnlyObjectProperty<Trajectory> trajectoryProperty() {
        return trajectory.getReadOnlyProperty();
    }

    /** The scrubbed frame, 0..frames − 1. */
    public ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** Playback speed factor (0.25..4). */
    public ReadOnlyDoubleProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    /** The number of live frames shown so far (for tests and the frame-rate readout). */
    public ReadOnlyIntegerProperty liveFramesProperty() {
        return liveFrames.getReadOnlyProperty();
    }

    /**
     * The std of x_t per step of the running sample, updated with the live frames (null before a run's
     * first frame); the finished run's curves are in {@link #trajectoryProperty()}.
     */
    public ReadOnlyObjectProperty<LiveStd> liveStdProperty() {
        return liveStd.getReadOnlyProperty();
    }

    /** What the current run is: "Generate · DDPM · 200 steps" or "Denoise from t = 400". */
    public ReadOnlyStringProperty runTitleProperty() {
        return runTitle.getReadOnlyProperty();
    }

    public boolean conditional() {
        ModelStore.LoadedModel m = models.get();
        return m != null && m.checkpoint().header().unet().conditional();
    }

    // ---- settings verbs -----------------------------------------------------------------

    public void setKind(SamplerConfig.Kind k) {
        if (k != null) {
            kind.set(k);
        }
    }

    /** Steps of the run, clamped to 1..T of the loaded model. */
    public void setSteps(int value) {
        int max = models.get() == null ? 4000 : models.get().checkpoint().header().timesteps();
        steps.set(Math.max(1, Math.min(max, value)));
    }

    public void setEta(double value) {
        eta.set(Math.max(0, Math.min(1, value)));
    }

    public void setVariance(SamplerConfig.Variance v) {
        if (v != null) {
            variance.set(v);
        }
    }

    /** 1, 4 or 16 samples (other values are rounded to the nearest of those). */
    public void setSampleCount(int n) {
        sampleCount.set(n <= 2 ? 1 : n <= 9 ? 4 : 16);
    }

    public void setSeed(long value) {
        seed.set(Math.max(0, value));
    }

    /** A new random seed (the dice). */
    public void rollSeed() {
        seed.set(new Random().nextInt(1_000_000));
    }

    public void setClassIndex(int c) {
        classIndex.set(Math.max(NO_CLASS, c));
    }

    public void setGuidance(double w) {
        guidance.set(Math.max(0, Math.min(SamplerConfig.MAX_GUIDANCE, w)));
    }

    public void setClip(boolean on) {
        clip.set(on);
    }

    public void setShowNoise(boolean on) {
        showNoise.set(on);
        showFrame(position.get());
    }

    public void clearError() {
        error.set(null);
    }

    /** The sampler configuration of the current settings. */
    public SamplerConfig config() {
        return new SamplerConfig(kind.get(), steps.get(), eta.get(), variance.get(), clip.get(), guidance.get(), seed.get());
    }

    // ---- run verbs ----------------------------------------------------------------------

    /** Generates {@link #sampleCountProperty()} samples from pure noise. */
    public void generate() {
        ModelStore.LoadedModel m = models.get();
        if (m == null) {
            error.set("No model loaded — open a model file or train one");
            return;
        }
        Checkpoint ck = m.checkpoint();
        UNetConfig u = ck.header().unet();
        int n = sampleCount.get();
        long[] shape = {n, u.imageSize(), u.imageSize(), u.imageChannels()};
        SamplerConfig cfg = config();
        int[] classes = classes(u, n);
        String title = "Generate · " + cfg.kind() + " · " + cfg.steps() + " steps · seed " + cfg.seed();
        start(ck, title, d -> Sampler.fromNoise(ck.diffusion(), d, cfg, shape, classes));
    }

    /**
     * "Denoise from here" (SDEdit): takes the Forward tab's image, noises it to the same fraction of T
     * as there, and runs the reverse process from that t.
     */
    public void denoiseFromHere() {
        ModelStore.LoadedModel m = models.get();
        SharedImage.NoisedImage img = ctx.forwardImage().get();
        if (m == null) {
            error.set("No model loaded — open a model file or train one");
            return;
        }
        if (img == null) {
            error.set("Open an image in the Forward process tab first: it is denoised from the t shown there");
            return;
        }
        Checkpoint ck = m.checkpoint();
        int tModel = modelT(img, ck.header().timesteps());
        if (tModel < 1) {
            error.set("t = 0 in the Forward process tab: there is no noise to remove. Move t there first.");
            return;
        }
        UNetConfig u = ck.header().unet();
        int n = sampleCount.get();
        float[] one = modelInput(img.x0(), u.imageSize(), u.imageChannels(), ck.header().contentSize());
        float[] x0 = new float[one.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, x0, i * one.length, one.length);
        }
        long[] shape = {n, u.imageSize(), u.imageSize(), u.imageChannels()};
        SamplerConfig cfg = config();
        int[] classes = classes(u, n);
        String title = "Denoise " + img.name() + " from t = " + tModel + " of " + ck.header().timesteps();
        start(ck, title, d -> Sampler.fromImage(ck.diffusion(), d, cfg, x0, shape, tModel, classes));
    }

    /** The forward view's t mapped onto a model's T (same fraction of the way to noise). */
    static int modelT(SharedImage.NoisedImage img, int modelTimesteps) {
        return (int) Math.round(img.fraction() * modelTimesteps);
    }

    /**
     * An image as the model's input: the centre square, resized (area averaging) to the content size,
     * padded with black (-1) to the model size as the training data was, in the model's channels.
     */
    static float[] modelInput(ImageTensor img, int size, int channels, int content) {
        int side = Math.min(img.width(), img.height());
        int ox = (img.width() - side) / 2, oy = (img.height() - side) / 2, c = img.channels();
        float[] crop = new float[side * side * c];
        for (int y = 0; y < side; y++) {
            System.arraycopy(img.data(), ((y + oy) * img.width() + ox) * c, crop, y * side * c, side * c);
        }
        int inner = content > 0 && content <= size ? content : size;
        ImageTensor small = ImageTensors.resizeArea(new ImageTensor(side, side, c, crop), inner, inner);
        float[] out = new float[size * size * channels];
        java.util.Arrays.fill(out, -1f);
        int pad = (size - inner) / 2;
        float[] d = small.data();
        for (int y = 0; y < inner; y++) {
            for (int x = 0; x < inner; x++) {
                int s = (y * inner + x) * c, o = ((y + pad) * size + x + pad) * channels;
                if (channels == c) {
                    System.arraycopy(d, s, out, o, c);
                } else if (channels == 1) { // RGB to luma, ITU-R BT.601
                    out[o] = 0.299f * d[s] + 0.587f * d[s + 1] + 0.114f * d[s + 2];
                } else {
                    out[o] = out[o + 1] = out[o + 2] = d[s];
                }
            }
        }
        return out;
    }

    private int[] classes(UNetConfig u, int n) {
        return u.conditional() ? classesFor(classIndex.get(), seed.get(), n, u.numClasses()) : null;
    }

    /**
     * The labels of n images of a k-class model: {@code classIndex} for each; for {@link #ANY_CLASS}
     * the classes in turn from one the seed picks, so that a single image is not always class 0; for
     * {@link #NO_CLASS} the model's no-class label.
     */
    static int[] classesFor(int classIndex, long seed, int n, int k) {
        if (classIndex == NO_CLASS) {
            return ClassLabels.all(ClassLabels.NONE, n);
        }
        return classIndex >= 0 ? ClassLabels.all(classIndex, n) : ClassLabels.anyClass(seed, n, k);
    }

    private interface SamplerFactory {
        Sampler create(Denoiser d);
    }

    private void start(Checkpoint ck, String title, SamplerFactory factory) {
        cancel();
        denoisers.cancel(); // the run's first step waits for at most the warm-up step under way
        pause();
        Job j = new Job();
        job = j;
        error.set(null);
        running.set(true);
        progress.set(0);
        progressText.set("Starting…");
        runTitle.set(title);
        liveStd.set(null);
        UNetConfig u = ck.header().unet();
        int content = ck.header().contentSize() > 0 ? ck.header().contentSize() : u.imageSize();
        SamplerConfig.Kind k = kind.get();
        boolean noise = showNoise.get();
        status.progress(title + "…", StatusModel.INDETERMINATE);
        ctx.executor().execute(() -> run(j, ck, factory, u, content, k, noise, title));
    }

    /** The worker: pulls steps, keeps the trajectory, publishes the latest frame. */
    private void run(Job j, Checkpoint ck, SamplerFactory factory, UNetConfig u, int content, SamplerConfig.Kind k,
                     boolean noise, String title) {
        List<Trajectory.Frame> frames = new ArrayList<>();
        int n = 0, h = u.imageSize(), w = u.imageSize(), c = u.imageChannels();
        int stride = 1;
        boolean complete = false;
        try {
            Sampler s = factory.create(denoiserWrapper.apply(denoisers.get(ck)));
            int count = s.count();
            long stepBytes = 3L * Float.BYTES * sampleCount(s, u);
            stride = (int) Math.max(1, (stepBytes * count + TRAJECTORY_BUDGET_BYTES - 1) / TRAJECTORY_BUDGET_BYTES);
            n = (int) (sampleCount(s, u) / ((long) h * w * c));
            long start = System.nanoTime(), lastLive = 0;
            double[] stds = new double[count];
            SamplingStep last = null;
            while (s.hasNext()) {
                if (j.cancelled.get() || Thread.currentThread().isInterrupted() || disposed) {
                    break;
                }
                SamplingStep st = s.next();
                last = st;
                StepInfo info = StepInfo.of(k, st);
                boolean keep = (st.index() - 1) % stride == 0 || st.last();
                long now = System.nanoTime();
                boolean live = now - lastLive >= 1_000_000_000L / LIVE_FPS || st.last();
                float[] xt = st.xtValues(); // every step: its std goes on the live chart
                stds[st.index() - 1] = std(xt);
                if (!keep && !live) {
                    continue;
                }
                float[] x0 = shownStart(st), eps = shownNoise(st);
                if (keep) {
                    frames.add(new Trajectory.Frame(info, xt, x0, eps, stds[st.index() - 1], Double.NaN));
                }
                if (live) {
                    lastLive = now;
                    double elapsed = (now - start) / 1e9;
                    double left = elapsed / st.index() * (count - st.index());
                    String text = String.format(java.util.Locale.ROOT, "Step %d of %d · t = %d · %s left", st.index(), count,
                            st.t(), seconds(left));
                    latestLive.publish(new Live(j, grid(xt, n, h, w, c, content, 1), grid(x0, n, h, w, c, content, 1),
                            noise ? grid(eps, n, h, w, c, content, NOISE_DISPLAY_SCALE) : null, info,
                            (double) st.index() / count, text, new LiveStd(count, Arrays.copyOf(stds, st.index()))));
                }
            }
            if (last != null && last.last()) {
                float[] fin = last.xValues();
                frames.add(new Trajectory.Frame(StepInfo.of(k, last).asFinal(), fin, fin, null, std(fin), 0));
                // distance of every kept x̂_0 to the final sample
                for (int i = 0; i < frames.size(); i++) {
                    Trajectory.Frame f = frames.get(i);
                    frames.set(i, new Trajectory.Frame(f.info(), f.xt(), f.x0(), f.eps(), f.std(), rms(f.x0(), fin)));
                }
                complete = true;
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            String msg = e instanceof OutOfMemoryError ? "Not enough memory for this run: try fewer samples or steps"
                    : "Sampling failed: " + ModelStore.message(e);
            Platform.runLater(() -> {
                if (job == j) {
                    error.set(msg);
                    status.show(msg);
                }
            });
        }
        Trajectory tr = frames.isEmpty() ? null : new Trajectory(List.copyOf(frames), n, h, w, c, content, stride, complete);
        boolean done = complete;
        Platform.runLater(() -> finish(j, tr, done, title));
    }

    /**
     * The x̂_0 panel's values: the network's raw output for a model that predicts x_0 (before the
     * sampler's clipping), else the x̂_0 the step derived (and clipped, if it clips).
     */
    static float[] shownStart(SamplingStep st) {
        return st.prediction() == Prediction.START_X ? st.rawPredictionValues() : st.predictedStartValues();
    }

    /**
     * The ε̂ panel's values: the network's raw output for a model that predicts ε (DDIM with clipping
     * steps with an ε̂ derived from the clipped x̂_0 instead), else the ε̂ the step derived.
     */
    static float[] shownNoise(SamplingStep st) {
        return st.prediction() == Prediction.EPSILON ? st.rawPredictionValues() : st.predictedNoiseValues();
    }

    /** The number of values of the sampler's x, N·H·W·C. */
    private static long sampleCount(Sampler s, UNetConfig u) {
        long v = 1;
        for (long d : s.shape()) {
            v *= d;
        }
        return v;
    }

    /** Wraps the denoiser of the runs that start from now on (tests: a slow or held denoiser). */
    void setDenoiserWrapper(UnaryOperator<Denoiser> wrapper) {
        denoiserWrapper = wrapper;
    }

    private static Pixels grid(float[] v, int n, int h, int w, int c, int content, float scale) {
        return SampleGridPixels.grid(v, n, h, w, c, content, scale);
    }

    static double std(float[] v) {
        double s = 0, s2 = 0;
        for (float f : v) {
            s += f;
            s2 += (double) f * f;
        }
        double mean = s / v.length;
        return Math.sqrt(Math.max(0, s2 / v.length - mean * mean));
    }

    static double rms(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return "–";
        }
        long r = Math.round(s);
        return r < 60 ? r + " s" : (r / 60) + " min " + (r % 60) + " s";
    }

    private void showLive(Live f) {
        if (f.job() != job || disposed) {
            return;
        }
        if (!f.job().shown) {
            f.job().shown = true;
            if (WarmDenoiser.TRACE) { // from the press to the first frame (the next pulse draws it)
                System.err.printf(java.util.Locale.ROOT, "generate first_frame_ms %.1f%n", (System.nanoTime() - f.job().pressed) / 1e6);
            }
        }
        xtImage.set(FxImages.write(f.xt(), writable(xtImage.get())));
        x0Image.set(FxImages.write(f.x0(), writable(x0Image.get())));
        epsImage.set(f.eps() == null ? null : FxImages.write(f.eps(), writable(epsImage.get())));
        step.set(f.info());
        liveStd.set(f.std());
        progress.set(f.progress());
        progressText.set(f.text());
        status.progress(runTitle.get() + " · " + f.text(), f.progress());
        liveFrames.set(liveFrames.get() + 1);
    }

    private static WritableImage writable(Image img) {
        return img instanceof WritableImage w ? w : null;
    }

    private void finish(Job j, Trajectory tr, boolean complete, String title) {
        if (job != j || disposed) {
            return;
        }
        latestLive.clear();
        running.set(false);
        trajectory.set(tr);
        progress.set(complete ? 1 : progress.get());
        if (tr != null) {
            setPosition(tr.size() - 1);
        }
        String text = complete ? "Done: " + title : tr == null ? "Cancelled" : "Cancelled after " + tr.size() + " kept frames";
        progressText.set(complete ? "Done · " + (tr.size() - 1) + " steps kept for the timeline"
                + (tr.stride() > 1 ? " (every " + tr.stride() + "th)" : "") : text);
        if (error.get() == null) {
            status.show(text);
        }
    }

    /** Stops the run within one step; what was sampled so far stays on the timeline. */
    public void cancel() {
        Job j = job;
        if (j != null) {
            j.cancelled.set(true);
        }
    }

    /** Shows frame i of the trajectory (clamped). */
    public void setPosition(int i) {
        Trajectory tr = trajectory.get();
        if (tr == null || running.get()) {
            return;
        }
        int v = Math.max(0, Math.min(tr.size() - 1, i));
        position.set(v);
        playPosition = v;
        showFrame(v);
    }

    public void stepPosition(int delta) {
        setPosition(position.get() + delta);
    }

    private void showFrame(int i) {
        Trajectory tr = trajectory.get();
        if (tr == null || running.get() || i >= tr.size()) {
            return;
        }
        Trajectory.Frame f = tr.get(i);
        int n = tr.n(), h = tr.height(), w = tr.width(), c = tr.channels(), ct = tr.content();
        xtImage.set(FxImages.write(grid(f.xt(), n, h, w, c, ct, 1), writable(xtImage.get())));
        x0Image.set(FxImages.write(grid(f.x0(), n, h, w, c, ct, 1), writable(x0Image.get())));
        epsImage.set(f.eps() == null || !showNoise.get() ? null
                : FxImages.write(grid(f.eps(), n, h, w, c, ct, NOISE_DISPLAY_SCALE), writable(epsImage.get())));
        step.set(f.info());
    }

    /** Plays the trajectory from x_T to the sample (from the start if at the end). */
    public void play() {
        Trajectory tr = trajectory.get();
        if (tr == null || running.get() || playing.get()) {
            return;
        }
        if (position.get() >= tr.size() - 1) {
            setPosition(0);
        }
        playing.set(true);
        player.play();
    }

    public void pause() {
        player.stop();
        playing.set(false);
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    public void setSpeed(double s) {
        speed.set(Math.max(0.25, Math.min(4, s)));
    }

    private void playStep() {
        Trajectory tr = trajectory.get();
        if (tr == null) {
            pause();
            return;
        }
        double perFrame = tr.size() / (PLAY_SWEEP_SECONDS * 1000 / PLAY_FRAME.toMillis()) * speed.get();
        playPosition = Math.min(tr.size() - 1, playPosition + perFrame);
        int p = (int) Math.floor(playPosition);
        double keep = playPosition;
        if (p != position.get()) {
            position.set(p);
            showFrame(p);
        }
        playPosition = keep;
        if (p >= tr.size() - 1) {
            pause();
        }
    }

    /** Cancels sampling and stops playback; the controller does nothing afterwards. */
    public void dispose() {
        disposed = true;
        cancel();
        denoisers.cancel();
        pause();
    }
}
