package org.ddpmexplorer.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Models;

/**
 * The app's loaded diffusion model, shared by the features and the Model menu: Generate samples
 * from it, Train publishes what it trained, Model &gt; Open and Save act on it. State is read-only
 * properties changed on the FX thread; files are read and written on the shared executor.
 */
public final class ModelStore {
    /** A model and where it came from. */
    public record LoadedModel(Checkpoint checkpoint, String source, Path file) {
        /** One line for the window: "fashion-mnist · 32×32 · 12,000 steps · cosine, T = 1000 · predicts ε · σ² fixed at βₜ". */
        public String summary() {
            var h = checkpoint.header();
            return String.format(Locale.ROOT, "%s · %d×%d%s · %,d steps · %s, T = %d · %s", h.dataset(),
                    h.unet().imageSize(), h.unet().imageSize(), h.unet().imageChannels() == 3 ? " RGB" : "",
                    h.step(), h.schedule(), h.timesteps(),
                    ParameterizationText.describe(h.unet().prediction(), h.unet().variance()));
        }
    }

    private final TaskExecutor executor;
    private final StatusModel status;
    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper loadingText = new ReadOnlyStringWrapper(this, "loadingText", "");
    private final java.util.function.BooleanSupplier engineReady;
    private long generation;

    public ModelStore(TaskExecutor executor, StatusModel status) {
        this(executor, status, org.ddpmexplorer.nn.NativeEngine::isUnpacked);
    }

    /**
     * With {@code engineReady} telling whether the engine's native libraries are already unpacked
     * (false on the first start after installation: loading a model then unpacks them first).
     */
    ModelStore(TaskExecutor executor, StatusModel status, java.util.function.BooleanSupplier engineReady) {
        this.executor = executor;
        this.status = status;
        this.engineReady = engineReady;
    }

    /** What a load in progress is doing, for the user ("Preparing the engine…" on a first start). */
    public ReadOnlyStringProperty loadingTextProperty() {
        return loadingText.getReadOnlyProperty();
    }

    /** The loaded model, or null when there is none. */
    public ReadOnlyObjectProperty<LoadedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public LoadedModel get() {
        return model.get();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The last load or save error meant for the user (null: none). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public void clearError() {
        error.set(null);
    }

    /** Loads the model bundled with the app, if this build has one (else nothing happens). */
    public void loadPretrained() {
        if (!Models.hasPretrained()) {
            return;
        }
        load(Models::loadPretrained, "bundled pretrained model", null);
    }

    /** Loads a model file in the background; on failure the current model stays and {@link #errorProperty()} says why. */
    public CompletableFuture<LoadedModel> open(Path file) {
        return load(() -> Checkpoint.load(file), file.getFileName().toString(), file);
    }

    private interface Loader {
        Checkpoint load() throws IOException;
    }

    private CompletableFuture<LoadedModel> load(Loader loader, String name, Path file) {
        long gen = ++generation;
        loading.set(true);
        boolean ready = engineReady.getAsBoolean(); // lists JavaCPP's cache folder: once per load
        loadingText.set(ready ? "Loading the model…"
                // first start: JavaCPP unpacks ~440 MB of native libraries before the first array
                : "Preparing the engine (first start only: unpacking its native libraries takes a few seconds)…");
        // "the bundled pretrained model", or a file's name
        String shown = file == null ? "the " + name : name;
        status.progress(ready ? "Loading " + shown + "…" : loadingText.get(), StatusModel.INDETERMINATE);
        CompletableFuture<LoadedModel> done = new CompletableFuture<>();
        executor.submit(() -> new LoadedModel(loader.load(), name, file)).whenComplete((m, ex) -> Platform.runLater(() -> {
            if (gen != generation) {
                done.cancel(false);
                return;
            }
            loading.set(false);
            if (ex != null) {
                String msg = message(ex);
                error.set(msg);
                status.show("Cannot load the model: " + msg);
                done.completeExceptionally(ex);
                return;
            }
            error.set(null);
            model.set(m);
            status.show("Loaded " + shown + ": " + m.summary());
            done.complete(m);
        }));
        return done;
    }

    /** Makes {@code checkpoint} the loaded model (e.g. at the end of training). FX thread. */
    public void publish(Checkpoint checkpoint, String source, Path file) {
        generation++; // a load in progress is superseded
        loading.set(false);
        error.set(null);
        model.set(new LoadedModel(checkpoint, source, file));
    }

    /** Saves the loaded model (atomically) in the background. */
    public CompletableFuture<Path> save(Path file) {
        LoadedModel m = model.get();
        if (m == null) {
            return CompletableFuture.failedFuture(new IOException("no model is loaded"));
        }
        status.progress("Saving the model to " + file.getFileName() + "…", StatusModel.INDETERMINATE);
        CompletableFuture<Path> done = new CompletableFuture<>();
        executor.submit(() -> {
            m.checkpoint().save(file);
            return file;
        }).whenComplete((p, ex) -> Platform.runLater(() -> {
            if (ex != null) {
                String msg = message(ex);
                error.set("Cannot save: " + msg);
                status.show("Cannot save the model: " + msg);
                done.completeExceptionally(ex);
            } else {
                status.show("Saved the model to " + file);
                model.set(new LoadedModel(m.checkpoint(), file.getFileName().toString(), file));
                done.complete(file);
            }
        }));
        return done;
    }

    /** The user-facing text of a background failure. */
    public static String message(Throwable ex) {
        Throwable c = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (c instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (c instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
