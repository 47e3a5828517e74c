package org.ddpmexplorer.ui.common;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.stage.Stage;
import org.ddpmexplorer.app.DdpmExplorerApp;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What every headless (Monocle) UI test sets up: the app's theme, a task executor of its own, an
 * {@link AppContext} whose recent files live in a throw-away preferences node, and a stage showing
 * the view under test; plus the waits and pixel reads the tests share. Make one in the
 * {@code @Start} method, {@link #show} the view with what stops its controller, and {@link #close()}
 * the bench after each test.
 */
public final class UiTestBench implements AutoCloseable {
    /** Inside Monocle's default 1280x800 headless screen. */
    public static final double WIDTH = 1270, HEIGHT = 790;

    public final TaskExecutor executor;
    public final Preferences prefs;
    public final RecentFiles recentFiles;
    public final AppContext ctx;
    private Runnable dispose = () -> { };

    /**
     * The text layout guard and the theme, two worker threads (at the app's background priority) and a
     * fresh context. FX thread.
     */
    public UiTestBench() {
        if (!TextLayoutGuard.install()) { // as the app does at start
            throw new IllegalStateException("JavaFX's shared text layout could not be reserved");
        }
        DdpmExplorerApp.applyTheme();
        executor = new TaskExecutor(2, TaskExecutor.BACKGROUND); // as the app's
        prefs = Preferences.userRoot().node("org/ddpmexplorer/test-" + UUID.randomUUID());
        recentFiles = new RecentFiles(prefs);
        ctx = new AppContext(executor, new StatusModel(), recentFiles);
    }

    /**
     * Shows {@code view} on {@code stage} with the app's stylesheet; {@link #close()} runs
     * {@code dispose} (the controller's) first. FX thread.
     */
    public void show(Stage stage, Parent view, Runnable dispose) {
        this.dispose = dispose;
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        scene.getStylesheets().add(DdpmExplorerApp.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    /** Stops the controller, the background threads, and removes the preferences node. */
    @Override
    public void close() {
        dispose.run();
        executor.shutdown();
        try {
            prefs.removeNode();
        } catch (BackingStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for {@code condition}, then for the FX events it caused; fails after 90 s (room for a
     * shared 2-core machine: only a failing test waits that long).
     */
    public static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The pixels of an image (ARGB), read on the FX thread. */
    public static int[] pixels(FxRobot robot, Image img) {
        AtomicReference<int[]> out = new AtomicReference<>();
        robot.interact(() -> out.set(pixelsNow(img)));
        return out.get();
    }

    /** The pixels of an image (ARGB); call on the FX thread. */
    public static int[] pixelsNow(Image img) {
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        int[] px = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }
}
