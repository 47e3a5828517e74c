package org.ddpmexplorer.ui.training;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.io.ImageLoader;
import org.ddpmexplorer.nn.UNet;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Dataset;
import org.ddpmexplorer.train.TimeBudget;
import org.ddpmexplorer.train.FashionMnist;
import org.ddpmexplorer.train.ImageFolderDataset;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.TrainProgress;
import org.ddpmexplorer.train.Trainer;
import org.ddpmexplorer.train.TrainingDivergedException;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.FxImages;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.LatestValue;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.ParameterizationText;
import org.ddpmexplorer.ui.common.SampleGridPixels;
import org.ddpmexplorer.ui.common.StatusModel;

/**
 * The training dashboard's state and verbs. One run at a time goes on the shared executor; the
 * training thread records the loss, draws preview samples from the EMA weights every N steps, and
 * hands the FX thread its latest {@link Snapshot} at most {@link #SNAPSHOTS_PER_SECOND} times a
 * second. Pause, save and stop are requests the training thread takes between steps. Every
 * checkpoint goes to {@link #checkpointFileProperty()} (autosave), and the final one also becomes
 * the app's loaded model, so Generate samples from it.
 */
public final class TrainController {
    /** What the dashboard is doing. */
    public enum Phase {
        IDLE, LOADING_DATA, RUNNING, PAUSED, STOPPING, FINISHED, FAILED;

        public boolean active() {
            return this == LOADING_DATA || this == RUNNING || this == PAUSED || this == STOPPING;
        }
    }

    /**
     * What the training thread publishes: progress, the loss history (thinned to at most
     * {@link #CHART_POINTS} points), the loss per timestep bucket, and the preview grid.
     */
    public record Snapshot(long step, long totalSteps, double loss, double lossEma, double stepsPerSecond,
                           double etaSeconds, double learningRate, double[] chartSteps, double[] chartLoss,
                           double[] chartSmooth, double[] buckets, Pixels preview, long previewStep,
                           double budgetSeconds, double elapsedSeconds) {
        /** The share of the run done: of its steps, or of its time budget when that is further along. */
        public double progress() {
            double steps = totalSteps == 0 ? 0 : (double) step / totalSteps;
            return budgetSeconds > 0 ? Math.max(steps, Math.min(1, elapsedSeconds / budgetSeconds)) : steps;
        }

        public boolean hasBudget() {
            return budgetSeconds > 0;
        }
    }

    static final int SNAPSHOTS_PER_SECOND = 5;
    static final int CHART_POINTS = 300;
    /** With a time budget, a preview grid every this many seconds, so the user sees the model learn minute by minute. */
    static final double PREVIEW_SECONDS = 60;
    /** Preview grid: 16 samples from fixed seeds, DDIM (η = 0) with 20 steps, cheap next to training. */
    static final int PREVIEW_SAMPLES = 16, PREVIEW_STEPS = 20;
    static final long PREVIEW_SEED = 1234;
    /** Autosave every this many steps, and at the end. */
    static final int CHECKPOINT_EVERY = 200;
    /** Smoothing of the charted loss curve: about the last 10 steps, which suits short runs on a laptop. */
    static final double SMOOTHING = 0.9;
    /** Smoothing of the per-bucket loss (each step only samples a few t per bucket). */
    static final double BUCKET_SMOOTHING = 0.95;

    private final AppContext ctx;
    private final StatusModel status;
    private final Path modelsDir;

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyObjectWrapper<Snapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<Image> preview = new ReadOnlyObjectWrapper<>(this, "preview");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper(this, "info", "");
    private final ReadOnlyObjectWrapper<Path> checkpointFile = new ReadOnlyObjectWrapper<>(this, "checkpointFile");
    private final ReadOnlyObjectWrapper<Path> lastSaved = new ReadOnlyObjectWrapper<>(this, "lastSaved");
    private final ReadOnlyStringWrapper folderError = new ReadOnlyStringWrapper(this, "folderError");
    private final ReadOnlyStringWrapper folderInfo = new ReadOnlyStringWrapper(this, "folderInfo", "");
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave");
    private final ReadOnlyObjectWrapper<Path> fmnistTrainDir = new ReadOnlyObjectWrapper<>(this, "fmnistTrainDir");
    private final ReadOnlyBooleanWrapper fmnistChecked = new ReadOnlyBooleanWrapper(this, "fmnistChecked");
    /** Where to look for the 60,000 Fashion-MNIST training images, in order. */
    private final List<Path> fmnistDirs;

    private volatile Run run;
    private volatile boolean disposed;
    /** The last checkpoint of a finished run (for Save after the end). */
    private volatile Checkpoint lastCheckpoint;
    private long folderGeneration;
    /** Wraps the data of the runs that start from now on (identity; tests make a batch fail). */
    private volatile UnaryOperator<Dataset> dataWrapper = UnaryOperator.identity();
    /** The longest time the FX thread spent taking in one snapshot (charts included), for the pulse test. */
    private long worstApplyNanos;

    /** One training run and the requests other threads make of it. */
    private static final class Run {
        final TrainSettings settings;
        final Path file;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicBoolean paused = new AtomicBoolean();
        /** True: do not write the final checkpoint (quit without saving). */
        volatile boolean discard;
        /** Runs once the run has ended with its last checkpoint on disk (closing the window). FX thread. */
        Runnable afterSave;
        final AtomicReference<Path> saveRequest = new AtomicReference<>();
        /** What the user should know about the data the run trains on (null: nothing). Training thread, then FX. */
        volatile String dataNote;

        Run(TrainSettings settings, Path file) {
            this.settings = settings;
            this.file = file;
        }
    }

    public TrainController(AppContext ctx, Path modelsDir) {
        this(ctx, modelsDir, defaultFashionMnistDirs());
    }

    /**
     * With autosaves going to {@code modelsDir}, and the 60,000 Fashion-MNIST training images looked
     * for in {@code fmnistDirs} (the first that holds them; none: the bundled 10,000 test images).
     */
    public TrainController(AppContext ctx, Path modelsDir, List<Path> fmnistDirs) {
        this.ctx = ctx;
        this.status = ctx.status();
        this.modelsDir = modelsDir;
        this.fmnistDirs = List.copyOf(fmnistDirs);
        findFashionMnist();
    }

    /** The default folder for autosaved models: ~/.ddpm-explorer/models. */
    public static Path defaultModelsDir() {
        return Path.of(System.getProperty("user.home"), ".ddpm-explorer", "models");
    }

    /** The folder of the user's own copy of the Fashion-MNIST training files: ~/.ddpm-explorer/fashion-mnist. */
    public static Path userFashionMnistDir() {
        return Path.of(System.getProperty("user.home"), ".ddpm-explorer", "fashion-mnist");
    }

    /**
     * Where the Train tab looks for the 60,000 Fashion-MNIST training images: the folder of the system
     * property {@code ddpm.fmnistDir} if set, then {@link #userFashionMnistDir()}, then Debian's
     * {@link FashionMnist#DEBIAN_DIR}.
     */
    public static List<Path> defaultFashionMnistDirs() {
        String dir = System.getProperty("ddpm.fmnistDir");
        return dir == null || dir.isBlank() ? List.of(userFashionMnistDir(), FashionMnist.DEBIAN_DIR)
                : List.of(Path.of(dir), userFashionMnistDir(), FashionMnist.DEBIAN_DIR);
    }

    /** The folders looked in for the 60,000 training images, in order. */
    public List<Path> fashionMnistDirs() {
        return fmnistDirs;
    }

    // ---- read-only state ----------------------------------------------------------------

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The latest published progress (null before the first step). */
    public ReadOnlyObjectProperty<Snapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** The latest preview grid from the EMA weights. */
    public ReadOnlyObjectProperty<Image> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** The last error meant for the user (null: none). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the run is doing, in a sentence ("Loading 1,200 images…", "Skipped 3 files…"). */
    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    /** Where this run's checkpoints go (autosave). */
    public ReadOnlyObjectProperty<Path> checkpointFileProperty() {
        return checkpointFile.getReadOnlyProperty();
    }

    /** The file the last checkpoint was written to (null before the first). */
    public ReadOnlyObjectProperty<Path> lastSavedProperty() {
        return lastSaved.getReadOnlyProperty();
    }

    /** The chosen image folder (null: bundled Fashion-MNIST). */
    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** What is wrong with the chosen folder (null: nothing, or no folder). */
    public ReadOnlyStringProperty folderErrorProperty() {
        return folderError.getReadOnlyProperty();
    }

    /** "1,204 images" for a good folder. */
    public ReadOnlyStringProperty folderInfoProperty() {
        return folderInfo.getReadOnlyProperty();
    }

    /** Whether there is something to save (a run, or a finished run's model). */
    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    /** The longest time (ns) the FX thread took to take in one snapshot so far. FX thread. */
    public long worstApplyNanos() {
        return worstApplyNanos;
    }

    /** Starts a new measurement of {@link #worstApplyNanos()} (the first snapshot of a run warms the charts up). */
    public void resetWorstApply() {
        worstApplyNanos = 0;
    }

    public boolean active() {
        return phase.get().active();
    }

    /**
     * The folder with the 60,000 Fashion-MNIST training images that runs on Fashion-MNIST use (null:
     * not found, runs use the 10,000 bundled test images). Valid once {@link #fmnistCheckedProperty()}.
     */
    public ReadOnlyObjectProperty<Path> fmnistTrainDirProperty() {
        return fmnistTrainDir.getReadOnlyProperty();
    }

    /** Whether the folders of {@link #fashionMnistDirs()} have been looked in. */
    public ReadOnlyBooleanProperty fmnistCheckedProperty() {
        return fmnistChecked.getReadOnlyProperty();
    }

    // ---- verbs --------------------------------------------------------------------------

    /** Looks for the 60,000 Fashion-MNIST training images in the background ({@link #fmnistTrainDirProperty()}). */
    public void findFashionMnist() {
        ctx.executor().submit(() -> Optional.ofNullable(FashionMnist.findTrainDir(fmnistDirs)))
                .whenComplete((d, ex) -> Platform.runLater(() -> {
                    fmnistTrainDir.set(ex == null ? d.orElse(null) : null);
                    fmnistChecked.set(true);
                }));
    }

    /**
     * Chooses a folder of images (null: back to Fashion-MNIST) and checks it in the background: a
     * missing or empty folder, or one without images, sets {@link #folderErrorProperty()}.
     */
    public void chooseFolder(Path dir) {
        long gen = ++folderGeneration;
        folder.set(dir);
        folderInfo.set(dir == null ? "" : "Checking " + dir.getFileName() + "…");
        folderError.set(dir == null ? null : "Checking the folder…");
        if (dir == null) {
            return;
        }
        ctx.executor().submit(() -> scanFolder(dir)).whenComplete((n, ex) -> Platform.runLater(() -> {
            if (gen != folderGeneration) {
                return;
            }
            if (ex != null) {
                folderError.set(ModelStore.message(ex));
                folderInfo.set("");
            } else {
                folderError.set(null);
                folderInfo.set(String.format(Locale.ROOT, "%,d image%s%s", n, n == 1 ? "" : "s",
                        n >= ImageFolderDataset.MAX_IMAGES ? " (the first " + ImageFolderDataset.MAX_IMAGES + " are used)" : ""));
            }
        }));
    }

    /** Counts the image files of a folder (as ImageFolderDataset finds them); throws with a message when there are none. */
    static int scanFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir.getFileName() + " is not a folder");
        }
        long all, images;
        try (Stream<Path> s = Files.walk(dir, 3)) {
            List<Path> files = s.filter(Files::isRegularFile).limit(1_000_000).toList();
            all = files.size();
            images = files.stream().filter(TrainController::isImage).count();
        }
        if (all == 0) {
            throw new IOException("The folder is empty: put some images (PNG, JPEG, …) in it");
        }
        if (images == 0) {
            throw new IOException("No images in this folder (" + all + " other file" + (all == 1 ? "" : "s")
                    + "); it needs " + String.join(", ", ImageLoader.EXTENSIONS) + " files");
        }
        return (int) Math.min(images, ImageFolderDataset.MAX_IMAGES);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && ImageLoader.EXTENSIONS.contains(n.substring(dot + 1));
    }

    /** Starts training with the settings (ignored while a run is active). */
    public void startTraining(TrainSettings s) {
        if (active()) {
            return;
        }
        if (s.folder() != null && folderError.get() != null && s.folder().equals(folder.get())) {
            error.set(folderError.get());
            return;
        }
        ModelStore.LoadedModel base = s.fineTune() ? ctx.models().get() : null;
        if (s.fineTune() && base == null) {
            error.set("No model is loaded to fine-tune: open one (Model > Open model…) or untick \"Fine-tune\"");
            return;
        }
        String name = (s.folder() == null ? "fashion-mnist" : s.folder().getFileName().toString())
                .replaceAll("[^A-Za-z0-9._-]", "_");
        String stamp = name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = modelsDir.resolve(stamp + ".ckpt");
        for (int k = 2; Files.exists(file); k++) { // a run started in the same second must not overwrite the last one's
            file = modelsDir.resolve(stamp + "-" + k + ".ckpt");
        }
        Run r = new Run(s, file);
        run = r;
        error.set(null);
        snapshot.set(null);
        preview.set(null);
        lastSaved.set(null);
        lastCheckpoint = null;
        checkpointFile.set(file);
        canSave.set(true);
        phase.set(Phase.LOADING_DATA);
        info.set(s.folder() == null ? (fmnistTrainDir.get() != null ? "Loading the 60,000 Fashion-MNIST training images…"
                : "Loading Fashion-MNIST…") : "Reading the images of " + s.folder().getFileName() + "…");
        status.progress(info.get(), StatusModel.INDETERMINATE);
        Checkpoint baseCk = base == null ? null : base.checkpoint();
        ctx.executor().execute(() -> train(r, baseCk));
    }

    /** Pauses between steps (the run keeps its state; Save still works). */
    public void pause() {
        Run r = run;
        if (r != null && phase.get() == Phase.RUNNING) {
            r.paused.set(true);
            phase.set(Phase.PAUSED);
            status.show("Training paused");
        }
    }

    public void resume() {
        Run r = run;
        if (r != null && phase.get() == Phase.PAUSED) {
            r.paused.set(false);
            phase.set(Phase.RUNNING);
        }
    }

    /** Stops after the current step; the final checkpoint is saved and becomes the loaded model. */
    public void stop() {
        Run r = run;
        if (r != null && active() && phase.get() != Phase.STOPPING) {
            r.cancelled.set(true);
            r.paused.set(false);
            phase.set(Phase.STOPPING);
            info.set("Stopping after this step…");
        }
    }

    /** Stops without writing a final checkpoint (the autosaves stay); for quitting. */
    public void abandon() {
        Run r = run;
        if (r != null) {
            r.discard = true;
        }
        stop();
    }

    /** What the user chose when closing the window during a run. */
    public enum CloseChoice {
        /** Stop after this step, write the final checkpoint, then close. */
        SAVE_AND_QUIT,
        /** Close now; the last autosave (and any saved file) stays as it is. */
        QUIT_WITHOUT_SAVING,
        /** Do not close. */
        KEEP_TRAINING
    }

    /**
     * The window is to close. Without an active run it may close at once (true). During a run, the
     * user's {@code choice} decides: keep training (false, nothing changes); quit without saving (the
     * run is abandoned, true); or save and quit (false: the run stops after this step and
     * {@code closeLater} runs once its final checkpoint is on disk; if it cannot be written, the
     * window stays open with the error, and Save can still keep the model).
     */
    public boolean close(CloseChoice choice, Runnable closeLater) {
        Run r = run;
        if (r == null || !active()) {
            return true;
        }
        switch (choice) {
            case QUIT_WITHOUT_SAVING -> {
                abandon();
                return true;
            }
            case SAVE_AND_QUIT -> {
                r.afterSave = closeLater;
                stop();
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Saves the model to {@code file}: during a run, the training thread writes the current state
     * between steps (also while paused); after a run, the last checkpoint is written.
     */
    public void saveTo(Path file) {
        Run r = run;
        if (r != null && active()) {
            r.saveRequest.set(file);
            info.set("Saving after this step…");
            return;
        }
        Checkpoint ck = lastCheckpoint;
        if (ck == null) {
            error.set("Nothing to save yet: train first");
            return;
        }
        ctx.executor().submit(() -> {
            ck.save(file);
            return file;
        }).whenComplete((p, ex) -> Platform.runLater(() -> saved(file, ex)));
    }

    /** Saves to this run's autosave file. */
    public void saveNow() {
        Path f = checkpointFile.get();
        if (f != null) {
            saveTo(f);
        }
    }

    public void clearError() {
        error.set(null);
    }

    private void saved(Path file, Throwable ex) {
        if (ex != null) {
            String msg = "Cannot save to " + file + ": " + ModelStore.message(ex);
            error.set(msg);
            status.show(msg);
        } else {
            lastSaved.set(file);
            status.show("Saved the model to " + file);
            if (!active()) {
                info.set("Saved to " + file);
            }
        }
    }

    /** Stops the run (saving its final checkpoint if it trained) and refuses further work. */
    public void dispose() {
        disposed = true;
        Run r = run;
        if (r != null) {
            r.cancelled.set(true);
            r.paused.set(false);
        }
    }

    // ---- the training thread ------------------------------------------------------------

    private void train(Run r, Checkpoint base) {
        TrainSettings s = r.settings;
        Trainer trainer;
        try {
            Dataset data = dataWrapper.apply(loadData(r, base));
            TrainConfig cfg = config(s, base);
            if (base != null) {
                trainer = Trainer.resume(base, data, cfg.withSteps(base.header().step() + s.steps()));
            } else {
                int classes = s.conditional() ? data.classNames().size() : 0;
                UNetConfig u = ModelPreset.config(s.baseChannels(), data.imageSize(), data.channels(), classes)
                        .withParameterization(s.prediction(), s.variance());
                trainer = new Trainer(u, new GaussianDiffusion(s.schedule(), s.timesteps()), data, cfg);
            }
            Files.createDirectories(r.file.toAbsolutePath().getParent());
        } catch (InterruptedIOException e) {
            fx(() -> ended(r, null, null, null));
            return;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            String msg = e instanceof OutOfMemoryError ? "Not enough memory to load the data" : ModelStore.message(e);
            fx(() -> ended(r, null, null, msg));
            return;
        }
        Loop loop = new Loop(r, trainer);
        String failure = null;
        try {
            fx(() -> {
                if (run == r && phase.get() == Phase.LOADING_DATA) {
                    phase.set(r.paused.get() ? Phase.PAUSED : Phase.RUNNING);
                }
                info.set(describe(trainer) + (r.dataNote == null ? "" : "\n" + r.dataNote));
            });
            loop.budget = s.minutes() > 0 ? TimeBudget.minutes(s.minutes()) : null;
            TimeBudget budget = loop.budget;
            trainer.run(() -> r.cancelled.get() || disposed || Thread.currentThread().isInterrupted()
                    || budget != null && budget.expired(), loop::onStep, loop::onCheckpoint);
        } catch (TrainingDivergedException e) {
            failure = "Training diverged (the loss became NaN or infinite at step " + trainer.step()
                    + "): try a smaller learning rate. The last good checkpoint was kept.";
        } catch (OutOfMemoryError | RuntimeException e) {
            // the batch's activations are unreachable now: there is memory to save the steps done so far
            failure = isMemoryFailure(e) ? memoryMessage(s) : "Training failed: " + ModelStore.message(e);
            loop.keepProgress();
        }
        if (failure == null && loop.budget != null && loop.last != null && loop.previewStep != trainer.step()
                && !r.cancelled.get() && !disposed) {
            try {
                loop.preview(); // the budget ended the run: a last grid of what it learnt
            } catch (RuntimeException | OutOfMemoryError e) {
                // the run itself succeeded and is saved; the grid of the last minute stays
            }
        }
        loop.publish(true);
        String f = failure;
        Checkpoint ck = loop.lastCheckpoint;
        Path file = loop.lastFile;
        fx(() -> ended(r, ck, file, f));
    }

    /**
     * Whether a failure means memory ran out: the JVM's OutOfMemoryError, or one of ND4J's native
     * allocation failures, which arrive as OutOfMemoryErrors from JavaCPP ("Cannot allocate …") and
     * ND4J's memory manager ("Failed to allocate […] bytes") or as RuntimeExceptions carrying the
     * C++ error ("std::bad_alloc", "… allocation …"), possibly as the cause of another exception.
     */
    static boolean isMemoryFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("memory") || m.contains("allocat") || m.contains("bad_alloc")) {
                return true;
            }
        }
        return false;
    }

    /** Wraps the data of the runs started from now on (tests: a batch that fails as memory running out would). */
    void setDataWrapper(UnaryOperator<Dataset> wrapper) {
        dataWrapper = wrapper;
    }

    static String memoryMessage(TrainSettings s) {
        return String.format(Locale.ROOT, "Not enough memory for a batch of %d images at %dx%d: try a smaller batch (e.g. %d)",
                s.batchSize(), s.imageSize(), s.imageSize(), Math.max(1, s.batchSize() / 2));
    }

    private Dataset loadData(Run r, Checkpoint base) throws IOException {
        TrainSettings s = r.settings;
        if (s.folder() == null) {
            Dataset d = loadFashionMnist(r);
            if (base != null && (base.header().unet().imageSize() != d.imageSize() || base.header().unet().imageChannels() != 1)) {
                throw new IOException("the loaded model is for " + base.header().unet().imageSize() + "x"
                        + base.header().unet().imageSize() + " images; Fashion-MNIST is 32x32 gray");
            }
            return d;
        }
        int size = base == null ? s.imageSize() : base.header().unet().imageSize();
        Boolean rgb = base == null ? null : base.header().unet().imageChannels() == 3;
        ImageFolderDataset.Result res = ImageFolderDataset.read(s.folder(), size, rgb,
                () -> r.cancelled.get() || disposed || Thread.currentThread().isInterrupted());
        if (!res.skipped().isEmpty()) {
            String msg = String.format(Locale.ROOT, "Skipped %d file%s (%s%s)", res.skipped().size(),
                    res.skipped().size() == 1 ? "" : "s", res.skipped().get(0), res.skipped().size() > 1 ? ", …" : "");
            fx(() -> status.show(msg));
        }
        return res.dataset();
    }

    /**
     * The 60,000 training images when their folder is found, else the 10,000 bundled test images; a
     * folder whose files cannot be read falls back to the bundled images too, and the run says so.
     */
    private Dataset loadFashionMnist(Run r) throws IOException {
        Path dir = FashionMnist.findTrainDir(fmnistDirs);
        if (dir != null) {
            try {
                return FashionMnist.load(dir, "train");
            } catch (IOException | RuntimeException e) {
                r.dataNote = "Cannot read the Fashion-MNIST training images in " + dir + " (" + ModelStore.message(e)
                        + "): training on the 10,000 bundled images instead";
                String note = r.dataNote;
                fx(() -> status.show(note));
            }
        }
        return FashionMnist.loadBundled();
    }

    private static TrainConfig config(TrainSettings s, Checkpoint base) {
        // warm-up: a tenth of the run, at most Ho et al.-style 200 steps
        int warmup = base != null ? 0 : (int) Math.min(200, s.steps() / 10);
        // flips for a folder of photos (more data for free); none for Fashion-MNIST, whose shoes all point left
        return new TrainConfig(s.steps(), s.batchSize(), s.learningRate(), warmup, 1.0, s.emaDecay(), 0.1, 0,
                CHECKPOINT_EVERY, s.folder() != null);
    }

    private static String describe(Trainer t) {
        UNetConfig u = t.model().config();
        Dataset d = t.data();
        return String.format(Locale.ROOT, "%s: %,d images, %dx%d%s, %s · U-Net C = %d, %,d parameters%s · %s · %s, T = %d",
                d.name(), d.size(), d.imageSize(), d.imageSize(), d.channels() == 3 ? " RGB" : "",
                t.config().flip() ? "random flips" : "no flips", u.baseChannels(), t.model().numParams(),
                u.conditional() ? " · conditional" : "", ParameterizationText.describe(u.prediction(), u.variance()),
                t.diffusion().schedule(), t.diffusion().timesteps());
    }

    /** The training thread's side of a run: history, previews, requests, snapshots. */
    private final class Loop {
        final Run r;
        final Trainer trainer;
        double[] steps = new double[1024], raw = new double[1024], smooth = new double[1024];
        int count;
        double emaSum, emaWeight;
        final double[] buckets = new double[Trainer.BUCKETS];
        TrainProgress last;
        Pixels previewPixels;
        long previewStep = -1;
        long lastPublish;
        UNet previewNet;
        /** The latest checkpoint, and the file that holds it (null: not on disk). */
        Checkpoint lastCheckpoint;
        Path lastFile;
        /** The trainer's step when the run began (a fine-tune's base step). */
        final long firstStep;
        /** Snapshots on their way to the FX thread: only the latest is shown. */
        final LatestValue<Snapshot> snapshots;
        /** The run's wall-clock budget (null: none), and when the next preview is due on it. */
        TimeBudget budget;
        double nextPreviewSeconds = PREVIEW_SECONDS;

        Loop(Run r, Trainer trainer) {
            this.r = r;
            this.trainer = trainer;
            this.snapshots = new LatestValue<>(snap -> showLatest(r, snap));
            this.firstStep = trainer.step();
            Arrays.fill(buckets, Double.NaN);
        }

        void onStep(TrainProgress p) {
            last = p;
            if (count == steps.length) {
                steps = Arrays.copyOf(steps, count * 2);
                raw = Arrays.copyOf(raw, count * 2);
                smooth = Arrays.copyOf(smooth, count * 2);
            }
            steps[count] = p.step();
            raw[count] = p.loss();
            // bias-corrected moving average (as Adam's moments): follows the loss from the first step
            emaSum = SMOOTHING * emaSum + (1 - SMOOTHING) * p.loss();
            emaWeight = SMOOTHING * emaWeight + (1 - SMOOTHING);
            smooth[count] = emaSum / emaWeight;
            count++;
            for (int b = 0; b < buckets.length; b++) {
                double v = p.lossByBucket()[b];
                if (!Double.isNaN(v)) {
                    buckets[b] = Double.isNaN(buckets[b]) ? v : BUCKET_SMOOTHING * buckets[b] + (1 - BUCKET_SMOOTHING) * v;
                }
            }
            if (previewDue(p)) {
                preview();
            }
            handleSave();
            publish(r.paused.get()); // entering a pause: show the exact step it paused at
            while (r.paused.get() && !r.cancelled.get() && !disposed) {
                handleSave();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void onCheckpoint(Checkpoint ck) {
            lastCheckpoint = ck;
            lastFile = null;
            if (r.discard) {
                return;
            }
            try {
                ck.save(r.file);
                lastFile = r.file;
                fx(() -> lastSaved.set(r.file));
            } catch (IOException e) {
                String msg = "Cannot autosave to " + r.file + ": " + ModelStore.message(e);
                fx(() -> {
                    error.set(msg);
                    status.show(msg);
                });
            }
        }

        /**
         * After a step failed: writes the steps trained since the last checkpoint to the autosave file, so
         * the run ends with its last whole step on disk (unless the user chose not to save, the run
         * trained nothing new, or the failure left the weights half-updated). A failure to write keeps
         * the last autosave.
         */
        void keepProgress() {
            long onDisk = lastFile == null ? firstStep : lastCheckpoint.header().step();
            if (r.discard || !trainer.consistent() || trainer.step() <= onDisk) {
                return;
            }
            try {
                Checkpoint ck = trainer.checkpoint();
                ck.save(r.file);
                lastCheckpoint = ck;
                lastFile = r.file;
                fx(() -> lastSaved.set(r.file));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                String msg = "Cannot save the last steps to " + r.file + ": " + ModelStore.message(e);
                fx(() -> status.show(msg));
            }
        }

        void handleSave() {
            Path f = r.saveRequest.getAndSet(null);
            if (f == null) {
                return;
            }
            Throwable ex = null;
            try {
                Checkpoint ck = trainer.checkpoint();
                ck.save(f);
                lastCheckpoint = ck;
                lastFile = f;
            } catch (IOException | RuntimeException e) {
                ex = e;
            }
            Throwable e2 = ex;
            fx(() -> {
                saved(f, e2);
                if (e2 == null && run == r && active()) {
                    info.set("Saved step " + trainer.step() + " to " + f.getFileName());
                }
            });
        }

        /**
         * Whether to draw a preview after this step: the first step, the last, and then every N steps, or
         * with a time budget every minute and as the budget runs out (the step after which the run stops).
         */
        boolean previewDue(TrainProgress p) {
            if (previewStep < 0 && count == 1 || p.step() == p.totalSteps()) {
                return true;
            }
            if (budget == null) {
                return p.step() % r.settings.previewEvery() == 0;
            }
            if (budget.expired() || budget.elapsedSeconds() >= nextPreviewSeconds) {
                nextPreviewSeconds = (Math.floor(budget.elapsedSeconds() / PREVIEW_SECONDS) + 1) * PREVIEW_SECONDS;
                return true;
            }
            return false;
        }

        /** 16 samples from fixed seeds with the EMA weights (copied into a network of our own). */
        void preview() {
            UNetConfig u = trainer.model().config();
            if (previewNet == null) {
                previewNet = new UNet(u, 0);
            }
            previewNet.params().copyFrom(trainer.ema().params());
            int s = u.imageSize(), c = u.imageChannels();
            int[] classes = null;
            if (u.conditional()) {
                classes = new int[PREVIEW_SAMPLES];
                for (int i = 0; i < classes.length; i++) {
                    classes[i] = i % u.numClasses();
                }
            }
            int steps = Math.min(PREVIEW_STEPS, trainer.diffusion().timesteps());
            Sampler sampler = Sampler.fromNoise(trainer.diffusion(), new UNetDenoiser(previewNet),
                    SamplerConfig.ddim(steps, 0, PREVIEW_SEED), new long[] {PREVIEW_SAMPLES, s, s, c}, classes);
            SamplingStep st = null;
            while (sampler.hasNext() && !r.cancelled.get()) {
                st = sampler.next();
            }
            if (st != null && st.last()) {
                int content = trainer.data().contentSize() > 0 ? trainer.data().contentSize() : s;
                previewPixels = SampleGridPixels.grid(st.xValues(), PREVIEW_SAMPLES, s, s, c, content, 1);
                previewStep = trainer.step();
            }
        }

        void publish(boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastPublish < 1_000_000_000L / SNAPSHOTS_PER_SECOND) {
                return;
            }
            if (last == null) {
                return;
            }
            lastPublish = now;
            int every = Math.max(1, (count + CHART_POINTS - 1) / CHART_POINTS);
            int n = (count + every - 1) / every;
            double[] xs = new double[n], ls = new double[n], ss = new double[n];
            for (int i = 0; i < n; i++) {
                int from = i * every, to = Math.min(count, from + every);
                double sum = 0;
                for (int k = from; k < to; k++) {
                    sum += raw[k];
                }
                xs[i] = steps[to - 1];
                ls[i] = sum / (to - from); // the mean of the raw losses it stands for
                ss[i] = smooth[to - 1];
            }
            TrainProgress p = last;
            Snapshot snap = new Snapshot(p.step(), p.totalSteps(), p.loss(), smooth[count - 1], p.stepsPerSecond(),
                    budget == null ? p.etaSeconds() : budget.remainingSeconds(), p.learningRate(), xs, ls, ss,
                    buckets.clone(), previewPixels, previewStep, budget == null ? 0 : budget.minutes() * 60,
                    budget == null ? 0 : budget.elapsedSeconds());
            snapshots.publish(snap);
        }
    }

    private void showLatest(Run r, Snapshot s) {
        if (run != r) {
            return;
        }
        long t0 = System.nanoTime();
        Snapshot old = snapshot.get();
        snapshot.set(s); // the view redraws its charts in its listener
        if (s.preview() != null && (old == null || old.previewStep() != s.previewStep() || preview.get() == null)) {
            preview.set(FxImages.write(s.preview(), preview.get() instanceof WritableImage w ? w : null));
        }
        worstApplyNanos = Math.max(worstApplyNanos, System.nanoTime() - t0);
        if (phase.get() == Phase.RUNNING) {
            status.progress(s.hasBudget()
                    ? String.format(Locale.ROOT, "Training: step %,d · %s of %s · loss %.4f · %.1f steps/s", s.step(),
                            TrainView.eta(s.elapsedSeconds()), TrainView.eta(s.budgetSeconds()), s.lossEma(), s.stepsPerSecond())
                    : String.format(Locale.ROOT, "Training: step %,d of %,d · loss %.4f · %.1f steps/s", s.step(),
                            s.totalSteps(), s.lossEma(), s.stepsPerSecond()), s.progress());
        }
    }

    /**
     * The run has ended: {@code ck} is its last checkpoint (null: it trained nothing), {@code file}
     * where that is on disk (null: not written), {@code failure} what went wrong (null: nothing).
     */
    private void ended(Run r, Checkpoint ck, Path file, String failure) {
        if (run != r) {
            return;
        }
        lastCheckpoint = ck;
        canSave.set(ck != null);
        String unsaved = ck == null || file != null || r.discard ? null
                : "Step " + ck.header().step() + " could not be written to " + r.file + ": use Save to keep it elsewhere";
        if (failure != null) {
            error.set(failure);
            phase.set(Phase.FAILED);
            info.set(ck == null ? "" : unsaved != null ? unsaved
                    : "The last checkpoint (step " + ck.header().step() + ") is in " + file);
            status.show(failure);
        } else {
            if (unsaved != null) {
                error.set(unsaved);
            }
            phase.set(ck == null ? Phase.IDLE : Phase.FINISHED);
            info.set((ck == null ? "Stopped before the first step" : r.discard ? "Stopped" : unsaved != null ? unsaved
                    : "Saved step " + ck.header().step() + " to " + file + " · " + ParameterizationText.describe(
                    ck.header().unet().prediction(), ck.header().unet().variance()))
                    + (r.dataNote == null ? "" : "\n" + r.dataNote));
            status.show(ck == null ? "Training stopped" : unsaved != null ? unsaved
                    : "Training done: step " + ck.header().step() + ", saved to " + file);
        }
        if (ck != null && !disposed) {
            ctx.models().publish(ck, "trained: " + r.file.getFileName(), file);
        }
        Runnable close = r.afterSave;
        if (close != null) {
            r.afterSave = null;
            if (unsaved == null) {
                close.run(); // the last checkpoint is on disk (or there was nothing to save)
            } else {
                status.show(unsaved + ". The window stays open.");
            }
        }
    }

    private void fx(Runnable action) {
        Platform.runLater(action);
    }
}
