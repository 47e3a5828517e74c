package org.ddpmexplorer.ui.generate;

import java.util.Locale;
import java.util.function.UnaryOperator;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.ui.common.AnimationExport;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.FxImages;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.LatestValue;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.SharedImage;
import org.ddpmexplorer.ui.common.StatusModel;

/**
 * The reverse-process explorer's state and verbs. The sampler settings are a {@link GenerateSettings};
 * a run is a {@link SamplingRun} on the shared executor, whose live view gets the latest frame only;
 * the finished run is kept as a {@link Trajectory} that a {@link TrajectoryPlayer} scrubs and plays.
 * All properties are read and changed on the FX thread.
 */
public final class GenerateController {
    private final AppContext ctx;
    private final ModelStore models;
    private final StatusModel status;
    private final GenerateSettings settings = new GenerateSettings();

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
    private final ReadOnlyIntegerWrapper liveFrames = new ReadOnlyIntegerWrapper(this, "liveFrames");
    private final ReadOnlyStringWrapper runTitle = new ReadOnlyStringWrapper(this, "runTitle", "");
    private final ReadOnlyObjectWrapper<LiveStd> liveStd = new ReadOnlyObjectWrapper<>(this, "liveStd");

    private final TrajectoryPlayer player = new TrajectoryPlayer(trajectory::get, running::get, this::showFrame);
    /** Live frames on their way to the FX thread: only the latest is shown. */
    private final LatestValue<SamplingRun.Live> latestLive = new LatestValue<>(this::showLive);
    private volatile SamplingRun.Job job;
    private volatile boolean disposed;
    /** The loaded model's denoiser, built and warmed up on a worker (ND4J starts there) when the model loads. */
    private final WarmDenoiser denoisers;
    /** Wraps the model's denoiser for a run (identity; tests slow it down or hold it). */
    private volatile UnaryOperator<Denoiser> denoiserWrapper = UnaryOperator.identity();

    public GenerateController(AppContext ctx) {
        this.ctx = ctx;
        this.models = ctx.models();
        this.status = ctx.status();
        this.denoisers = new WarmDenoiser(ctx.executor());
        models.modelProperty().addListener((o, a, b) -> onModelChanged(b));
        onModelChanged(models.get());
    }

    private void onModelChanged(ModelStore.LoadedModel m) {
        cancel();
        denoisers.cancel();
        if (m == null) {
            settings.fitTo(4000, Integer.MAX_VALUE);
            return;
        }
        UNetConfig u = m.checkpoint().header().unet();
        settings.fitTo(m.checkpoint().header().timesteps(), u.numClasses());
        if (WarmDenoiser.ENABLED && !disposed) {
            int n = settings.sampleCountProperty().get();
            denoisers.start(m.checkpoint(), new long[] {n, u.imageSize(), u.imageSize(), u.imageChannels()},
                    settings.classes(u, n), settings.guidanceProperty().get());
        }
    }

    /** The denoisers' cache and warm-up (tests: its warm-ups and their hook). */
    WarmDenoiser denoisers() {
        return denoisers;
    }

    /** The sampler settings (the sidebar's state). */
    public GenerateSettings settings() {
        return settings;
    }

    // ---- read-only state ----------------------------------------------------------------

    public ReadOnlyObjectProperty<ModelStore.LoadedModel> modelProperty() {
        return models.modelProperty();
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
    public ReadOnlyObjectProperty<Trajectory> trajectoryProperty() {
        return trajectory.getReadOnlyProperty();
    }

    /** The kept trajectory as an animation for the GIF export; null before the first run. */
    public AnimationExport animationExport() {
        return GenerateImages.animation(trajectory.get());
    }

    /** The scrubbed frame, 0..frames − 1. */
    public ReadOnlyIntegerProperty positionProperty() {
        return player.positionProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return player.playingProperty();
    }

    /** Playback speed factor (0.25..4). */
    public ReadOnlyDoubleProperty speedProperty() {
        return player.speedProperty();
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

    // ---- verbs --------------------------------------------------------------------------

    /** Shows or hides ε̂, in the shown frame too. */
    public void setShowNoise(boolean on) {
        settings.setShowNoise(on);
        showFrame(player.positionProperty().get());
    }

    public void clearError() {
        error.set(null);
    }

    /** Generates {@link GenerateSettings#sampleCountProperty()} samples from pure noise. */
    public void generate() {
        ModelStore.LoadedModel m = models.get();
        if (m == null) {
            error.set("No model loaded — open a model file or train one");
            return;
        }
        Checkpoint ck = m.checkpoint();
        UNetConfig u = ck.header().unet();
        int n = settings.sampleCountProperty().get();
        long[] shape = {n, u.imageSize(), u.imageSize(), u.imageChannels()};
        SamplerConfig cfg = settings.config();
        int[] classes = settings.classes(u, n);
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
        int tModel = GenerateImages.modelT(img, ck.header().timesteps());
        if (tModel < 1) {
            error.set("t = 0 in the Forward process tab: there is no noise to remove. Move t there first.");
            return;
        }
        UNetConfig u = ck.header().unet();
        int n = settings.sampleCountProperty().get();
        float[] one = GenerateImages.modelInput(img.x0(), u.imageSize(), u.imageChannels(), ck.header().contentSize());
        float[] x0 = new float[one.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, x0, i * one.length, one.length);
        }
        long[] shape = {n, u.imageSize(), u.imageSize(), u.imageChannels()};
        SamplerConfig cfg = settings.config();
        int[] classes = settings.classes(u, n);
        String title = "Denoise " + img.name() + " from t = " + tModel + " of " + ck.header().timesteps();
        start(ck, title, d -> Sampler.fromImage(ck.diffusion(), d, cfg, x0, shape, tModel, classes));
    }

    private void start(Checkpoint ck, String title, SamplingRun.SamplerFactory factory) {
        cancel();
        denoisers.cancel(); // the run's first step waits for at most the warm-up step under way
        player.pause();
        SamplingRun.Job j = new SamplingRun.Job();
        job = j;
        error.set(null);
        running.set(true);
        progress.set(0);
        progressText.set("Starting…");
        runTitle.set(title);
        liveStd.set(null);
        UNetConfig u = ck.header().unet();
        int content = ck.header().contentSize() > 0 ? ck.header().contentSize() : u.imageSize();
        SamplerConfig.Kind k = settings.kindProperty().get();
        boolean noise = settings.showNoiseProperty().get();
        status.progress(title + "…", StatusModel.INDETERMINATE);
        SamplingRun.Sink sink = (done, tr, complete, failure) -> Platform.runLater(() -> {
            if (failure != null && job == done) {
                error.set(failure);
                status.show(failure);
            }
            finish(done, tr, complete, title);
        });
        ctx.executor().execute(() -> SamplingRun.run(j, () -> denoiserWrapper.apply(denoisers.get(ck)), factory, u, content,
                k, noise, () -> disposed, latestLive::publish, sink));
    }

    /** Wraps the denoiser of the runs that start from now on (tests: a slow or held denoiser). */
    void setDenoiserWrapper(UnaryOperator<Denoiser> wrapper) {
        denoiserWrapper = wrapper;
    }

    private void showLive(SamplingRun.Live f) {
        if (f.job() != job || disposed) {
            return;
        }
        if (!f.job().shown) {
            f.job().shown = true;
            if (WarmDenoiser.TRACE) { // from the press to the first frame (the next pulse draws it)
                System.err.printf(Locale.ROOT, "generate first_frame_ms %.1f%n", (System.nanoTime() - f.job().pressed) / 1e6);
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

    private void finish(SamplingRun.Job j, Trajectory tr, boolean complete, String title) {
        if (job != j || disposed) {
            return;
        }
        latestLive.clear();
        running.set(false);
        trajectory.set(tr);
        progress.set(complete ? 1 : progress.get());
        if (tr != null) {
            player.setPosition(tr.size() - 1);
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
        SamplingRun.Job j = job;
        if (j != null) {
            j.cancelled.set(true);
        }
    }

    /** Shows frame i of the trajectory (clamped). */
    public void setPosition(int i) {
        player.setPosition(i);
    }

    public void stepPosition(int delta) {
        player.stepPosition(delta);
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
        epsImage.set(f.eps() == null || !settings.showNoiseProperty().get() ? null
                : FxImages.write(grid(f.eps(), n, h, w, c, ct, SamplingRun.NOISE_DISPLAY_SCALE), writable(epsImage.get())));
        step.set(f.info());
    }

    private static Pixels grid(float[] v, int n, int h, int w, int c, int content, float scale) {
        return SamplingRun.grid(v, n, h, w, c, content, scale);
    }

    /** Plays the trajectory from x_T to the sample (from the start if at the end). */
    public void play() {
        player.play();
    }

    public void pause() {
        player.pause();
    }

    public void togglePlay() {
        player.togglePlay();
    }

    public void setSpeed(double s) {
        player.setSpeed(s);
    }

    /** Cancels sampling and stops playback; the controller does nothing afterwards. */
    public void dispose() {
        disposed = true;
        cancel();
        denoisers.cancel();
        player.pause();
    }
}
