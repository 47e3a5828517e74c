package org.ddpmexplorer.ui.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Dataset;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.FxImages;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.ParameterizationText;
import org.ddpmexplorer.ui.common.StatusModel;

/**
 * The training dashboard's state and verbs. One run at a time ({@link TrainRun}) goes on the shared executor; the
 * training thread records the loss, draws preview samples from the EMA weights every N steps, and
 * hands the FX thread its latest {@link Snapshot} at most {@link TrainRun#SNAPSHOTS_PER_SECOND} times a
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
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave");
    /** The chosen folder, and which Fashion-MNIST images runs use. */
    private final TrainData data;
    /** The training thread's requests and callbacks, on the FX thread. */
    private final TrainRun.Host host = new RunHost();

    private volatile TrainRun run;
    private volatile boolean disposed;
    /** The last checkpoint of a finished run (for Save after the end). */
    private volatile Checkpoint lastCheckpoint;
    /** Wraps the data of the runs that start from now on (identity; tests make a batch fail). */
    private volatile UnaryOperator<Dataset> dataWrapper = UnaryOperator.identity();
    /** The longest time the FX thread spent taking in one snapshot (charts included), for the pulse test. */
    private long worstApplyNanos;

    public TrainController(AppContext ctx, Path modelsDir) {
        this(ctx, modelsDir, TrainData.defaultFashionMnistDirs());
    }

    /**
     * With autosaves going to {@code modelsDir}, and the 60,000 Fashion-MNIST training images looked
     * for in {@code fmnistDirs} (the first that holds them; none: the bundled 10,000 test images).
     */
    public TrainController(AppContext ctx, Path modelsDir, List<Path> fmnistDirs) {
        this.ctx = ctx;
        this.status = ctx.status();
        this.modelsDir = modelsDir;
        this.data = new TrainData(ctx.executor(), fmnistDirs);
        data.findFashionMnist();
    }

    /** The default folder for autosaved models: ~/.ddpm-explorer/models. */
    public static Path defaultModelsDir() {
        return Path.of(System.getProperty("user.home"), ".ddpm-explorer", "models");
    }

    /** The chosen folder of images, and which Fashion-MNIST images runs use. */
    public TrainData data() {
        return data;
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

    // ---- verbs --------------------------------------------------------------------------

    /** Starts training with the settings (ignored while a run is active). */
    public void startTraining(TrainSettings s) {
        if (active()) {
            return;
        }
        if (s.folder() != null && data.folderErrorProperty().get() != null && s.folder().equals(data.folderProperty().get())) {
            error.set(data.folderErrorProperty().get());
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
        TrainRun r = new TrainRun(s, file, host, data, dataWrapper, () -> disposed);
        run = r;
        error.set(null);
        snapshot.set(null);
        preview.set(null);
        lastSaved.set(null);
        lastCheckpoint = null;
        checkpointFile.set(file);
        canSave.set(true);
        phase.set(Phase.LOADING_DATA);
        info.set(s.folder() == null ? (data.fmnistTrainDirProperty().get() != null ? "Loading the 60,000 Fashion-MNIST training images…"
                : "Loading Fashion-MNIST…") : "Reading the images of " + s.folder().getFileName() + "…");
        status.progress(info.get(), StatusModel.INDETERMINATE);
        Checkpoint baseCk = base == null ? null : base.checkpoint();
        ctx.executor().execute(() -> r.train(baseCk));
    }

    /** Pauses between steps (the run keeps its state; Save still works). */
    public void pause() {
        TrainRun r = run;
        if (r != null && phase.get() == Phase.RUNNING) {
            r.paused.set(true);
            phase.set(Phase.PAUSED);
            status.show("Training paused");
        }
    }

    public void resume() {
        TrainRun r = run;
        if (r != null && phase.get() == Phase.PAUSED) {
            r.paused.set(false);
            phase.set(Phase.RUNNING);
        }
    }

    /** Stops after the current step; the final checkpoint is saved and becomes the loaded model. */
    public void stop() {
        TrainRun r = run;
        if (r != null && active() && phase.get() != Phase.STOPPING) {
            r.cancelled.set(true);
            r.paused.set(false);
            phase.set(Phase.STOPPING);
            info.set("Stopping after this step…");
        }
    }

    /** Stops without writing a final checkpoint (the autosaves stay); for quitting. */
    public void abandon() {
        TrainRun r = run;
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
        TrainRun r = run;
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
        TrainRun r = run;
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
        TrainRun r = run;
        if (r != null) {
            r.cancelled.set(true);
            r.paused.set(false);
        }
    }

    /** Wraps the data of the runs started from now on (tests: a batch that fails as memory running out would). */
    void setDataWrapper(UnaryOperator<Dataset> wrapper) {
        dataWrapper = wrapper;
    }

    // ---- what the training thread tells ----------------------------------------------------

    /** The controller's side of {@link TrainRun.Host}: each call updates the properties. FX thread. */
    private final class RunHost implements TrainRun.Host {
        @Override
        public void started(TrainRun r, String description) {
            if (run == r && phase.get() == Phase.LOADING_DATA) {
                phase.set(r.paused.get() ? Phase.PAUSED : Phase.RUNNING);
            }
            info.set(description + (r.dataNote == null ? "" : "\n" + r.dataNote));
        }

        @Override
        public void show(TrainRun r, Snapshot s) {
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
                status.progress(TrainText.statusLine(s), s.progress());
            }
        }

        @Override
        public void autosaved(TrainRun r, Path file) {
            lastSaved.set(file);
        }

        @Override
        public void problem(String message, boolean asError) {
            if (asError) {
                error.set(message);
            }
            status.show(message);
        }

        @Override
        public void saved(TrainRun r, Path file, Throwable ex, long step) {
            TrainController.this.saved(file, ex);
            if (ex == null && run == r && active()) {
                info.set("Saved step " + step + " to " + file.getFileName());
            }
        }

        @Override
        public void ended(TrainRun r, Checkpoint ck, Path file, String failure) {
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
    }
}
