package org.ddpmexplorer.ui.forward;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ddpmexplorer.io.ImageLoadException;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.LoadedImage;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.StatusModel;

/**
 * The forward tab's image loading: decodes an image and computes x_0 at the working size on the
 * shared executor, and hands the result to the FX thread, where only the latest load or
 * working-size change counts. Its properties are read and changed on the FX thread only.
 */
final class ForwardImageLoader {
    /** Where an image comes from (a file, a bundled sample). */
    interface Source {
        LoadedImage load() throws ImageLoadException;
    }

    /** A decoded image with its x_0 at the working size and x_0's pixels for the screen. */
    record Prepared(LoadedImage image, ImageTensor x0, Pixels pixels) {
    }

    private final AppContext ctx;
    private final StatusModel status;
    private final Consumer<Prepared> onPrepared;
    private final IntSupplier workingSize;
    private final Supplier<LoadedImage> current;
    private final BooleanSupplier disposed;
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    /** Bumped by every load, so only the latest one's result is used. */
    private long loadGeneration;
    /** Bumped by every working-size change and every finished load, likewise. */
    private long prepareGeneration;

    /**
     * @param onPrepared  takes the new image (FX thread)
     * @param workingSize the working size (long side, px) now chosen
     * @param current     the image now shown (null before the first load)
     * @param disposed    whether the tab is closed: results that arrive after are dropped
     */
    ForwardImageLoader(AppContext ctx, Consumer<Prepared> onPrepared, IntSupplier workingSize,
                       Supplier<LoadedImage> current, BooleanSupplier disposed) {
        this.ctx = ctx;
        this.status = ctx.status();
        this.onPrepared = onPrepared;
        this.workingSize = workingSize;
        this.current = current;
        this.disposed = disposed;
    }

    /** True while an image is being decoded. */
    ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The last error meant for the user (null when there is none). */
    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    void clearError() {
        error.set(null);
    }

    /**
     * Loads an image in the background; on failure the previous image stays and {@link #errorProperty()}
     * says why. A file given as {@code recent} joins the recent files when it loads, and leaves them
     * when it no longer exists.
     */
    void load(String name, Source source, Path recent) {
        long gen = ++loadGeneration;
        int size = workingSize.getAsInt();
        loading.set(true);
        status.progress("Loading " + name + "…", StatusModel.INDETERMINATE);
        ctx.executor().submit(() -> prepare(source.load(), size)).whenComplete((p, ex) -> Platform.runLater(() -> {
            if (gen != loadGeneration || disposed.getAsBoolean()) {
                return; // a newer load superseded this one
            }
            loading.set(false);
            if (ex != null) {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                String msg = cause instanceof ImageLoadException ? cause.getMessage()
                        : name + ": cannot load (" + cause + ")";
                error.set(msg);
                status.show(msg);
                if (recent != null && cause instanceof ImageLoadException && msg.endsWith("no such file")) {
                    ctx.recentFiles().remove(recent);
                }
                return;
            }
            error.set(null);
            if (recent != null) {
                ctx.recentFiles().add(recent);
            }
            prepareGeneration++; // a working-size change for the previous image is moot
            onPrepared.accept(p);
            if (workingSize.getAsInt() != size) {
                prepareAtWorkingSize(); // the size changed while the image was loading
            }
            LoadedImage li = p.image();
            status.show(String.format("Loaded %s (%d×%d), working at %d×%d", li.name(), li.originalWidth(),
                    li.originalHeight(), p.x0().width(), p.x0().height()));
        }));
    }

    /** Recomputes x_0 from the image shown at the current working size, in the background. */
    void prepareAtWorkingSize() {
        LoadedImage img = current.get();
        if (img == null) {
            return; // a load in progress picks the size up when it finishes
        }
        int v = workingSize.getAsInt();
        long gen = ++prepareGeneration;
        ctx.executor().submit(() -> prepare(img, v)).whenComplete((p, ex) -> Platform.runLater(() -> {
            if (gen == prepareGeneration && ex == null && !disposed.getAsBoolean() && current.get() == img) {
                onPrepared.accept(p);
                status.show(String.format("Working size %d×%d", p.x0().width(), p.x0().height()));
            }
        }));
    }

    private static Prepared prepare(LoadedImage img, int size) {
        ImageTensor work = img.atWorkingSize(size);
        return new Prepared(img, work, Pixels.of(work));
    }
}
