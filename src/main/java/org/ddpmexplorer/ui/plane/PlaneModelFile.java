package org.ddpmexplorer.ui.plane;

import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ddpmexplorer.train.ToyModelFile;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * Saving and opening the plane's trained model as a {@link ToyModelFile} (the {@code toy} command's
 * {@code --model-out} format, *.toy). Reading and writing run on the executor; the file is written
 * atomically. A file that cannot be read (damaged, truncated, another kind of file, a T outside the
 * tab's range) gets one line in {@link #messageProperty()} and the current model stays. Opening a
 * model also sets T and the schedule to the file's. FX thread.
 */
final class PlaneModelFile {
    /** The file name extension of 2-D models. */
    static final String EXTENSION = "toy";

    private final PlaneController c;
    private final TaskExecutor executor;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private long generation;

    PlaneModelFile(PlaneController c, TaskExecutor executor) {
        this.c = c;
        this.executor = executor;
    }

    /** The outcome of the last save or open, one line (null: none yet). */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether {@link #messageProperty()} reports a failure. */
    ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether a file is being read or written. */
    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** A file name for Save: the data's name and the step ("two-moons-2000.toy"). */
    String suggestedName() {
        var m = c.training.modelProperty().get();
        String data = c.data.descriptionProperty().get();
        String base = data == null ? "plane" : data.split(" · ")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        return (base.isEmpty() ? "plane" : base) + (m == null ? "" : "-" + m.step()) + "." + EXTENSION;
    }

    /** Writes the current model to {@code file} in the background. */
    void save(Path file) {
        var m = c.training.modelProperty().get();
        if (m == null || m.file() == null) {
            report("Train or open a model first: there is no model to save", true);
            return;
        }
        ToyModelFile f = m.file();
        long gen = ++generation;
        busy.set(true);
        executor.submit(() -> {
            f.save(file);
            return file;
        }).whenComplete((p, e) -> Platform.runLater(() -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            if (e != null) {
                report("Could not save " + file.getFileName() + ": " + PlaneData.rootMessage(e), true);
            } else {
                report(String.format(Locale.ROOT, "Saved the model (step %,d, T = %d) to %s", f.step(), f.timesteps(),
                        file.getFileName()), false);
            }
        }));
    }

    /**
     * Reads {@code file} in the background and makes it the model, with its T and schedule; on any
     * failure the current model stays and the message says why. Ignored while training runs.
     */
    void load(Path file) {
        if (c.training.phaseProperty().get().running()) {
            report("Stop the training before opening a model", true);
            return;
        }
        long gen = ++generation;
        busy.set(true);
        executor.submit(() -> ToyModelFile.load(file)).whenComplete((f, e) -> Platform.runLater(() -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                String why = cause instanceof java.io.IOException && cause.getMessage() != null ? cause.getMessage()
                        : file.getFileName() + ": " + PlaneData.rootMessage(cause);
                report("Could not open " + why, true);
                return;
            }
            if (f.timesteps() < PlaneController.MIN_T || f.timesteps() > PlaneController.MAX_T) {
                report(String.format(Locale.ROOT, "Could not open %s: its T = %d is outside this tab's %d..%d", file.getFileName(),
                        f.timesteps(), PlaneController.MIN_T, PlaneController.MAX_T), true);
                return;
            }
            if (c.training.phaseProperty().get().running()) {
                report("Stop the training before opening a model", true);
                return;
            }
            c.adopt(f);
            String data = f.data().isBlank() ? "" : " (trained on " + f.data() + ")";
            report(String.format(Locale.ROOT, "Opened %s: step %,d, T = %d, %s%s", file.getFileName(), f.step(), f.timesteps(),
                    f.schedule().id(), data), false);
        }));
    }

    /** Hides the last message (a new run started). */
    void clearMessage() {
        message.set(null);
        error.set(false);
    }

    private void report(String text, boolean failed) {
        error.set(failed);
        message.set(text);
        c.status(text);
    }
}
