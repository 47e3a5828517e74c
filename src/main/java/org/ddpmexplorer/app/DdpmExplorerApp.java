package org.ddpmexplorer.app;

import atlantafx.base.theme.PrimerLight;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.ddpmexplorer.ui.common.RecentFiles;
import org.ddpmexplorer.ui.common.StatusModel;
import org.ddpmexplorer.ui.common.TaskExecutor;
import org.ddpmexplorer.ui.common.TextLayoutGuard;

/** The JavaFX application: wires the shared services, the feature tabs and the main window. */
public final class DdpmExplorerApp extends Application {
    /** Preferred window size in px, shrunk to fit smaller screens. */
    static final double WIDTH = 1560, HEIGHT = 960;
    private MainWindow window;

    public static void launchGui(String[] args) {
        Application.launch(DdpmExplorerApp.class, args);
    }

    /** The stylesheet of the app's own classes (on top of the AtlantaFX theme). */
    public static String stylesheet() {
        return DdpmExplorerApp.class.getResource("app.css").toExternalForm();
    }

    /** Applies the AtlantaFX theme to the whole application (its binary form: no CSS parsing at startup). */
    public static void applyTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
    }

    /** Builds the main window's scene on a stage (also used by the UI tests). */
    public static MainWindow createWindow(Stage stage) {
        return createWindow(stage, TaskExecutor.forThisMachine());
    }

    static MainWindow createWindow(Stage stage, TaskExecutor executor) {
        AppContext ctx = new AppContext(executor, new StatusModel(), new RecentFiles(RecentFiles.defaultNode()));
        return createWindow(stage, ctx, Features.create(ctx));
    }

    /**
     * Builds the main window's scene on a stage with these services and tabs, wired as the app wires
     * them (closing asks the tabs, hiding stops all work); UI tests use it with temporary folders.
     */
    public static MainWindow createWindow(Stage stage, AppContext ctx, List<Feature> features) {
        MainWindow window = new MainWindow(stage, ctx, features);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(window.root(), initialSize(WIDTH, MIN_WIDTH, screen.getWidth(), 0.96),
                initialSize(HEIGHT, MIN_HEIGHT, screen.getHeight(), 0.94));
        scene.getStylesheets().add(stylesheet());
        stage.setScene(scene);
        stage.setTitle("DDPM Explorer");
        // never larger than the screen: on a 1024x700 screen the window fills its width exactly
        stage.setMinWidth(Math.min(MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(Math.min(MIN_HEIGHT, screen.getHeight()));
        stage.setOnCloseRequest(e -> {
            if (!window.requestClose()) {
                e.consume(); // a feature keeps the window open (e.g. the user keeps training)
            }
        });
        stage.setOnHidden(e -> window.close());
        return window;
    }

    /** The smallest window the layouts are designed for (1024x700 screens, less a title bar). */
    static final double MIN_WIDTH = 1024, MIN_HEIGHT = 680;

    /**
     * A window side at start: the preferred size, or {@code fraction} of the screen when that is
     * smaller, but not below the minimum, and never beyond the screen itself.
     */
    static double initialSize(double preferred, double min, double screen, double fraction) {
        return Math.min(screen, Math.min(preferred, Math.max(min, screen * fraction)));
    }

    @Override
    public void start(Stage stage) {
        StartupTrace.mark("FX start()");
        TextLayoutGuard.install(); // before any text is laid out: see its doc (a native heap corruption)
        applyTheme();
        TaskExecutor executor = TaskExecutor.forThisMachine();
        executor.hold(); // the sample image, the gallery and the model load once the window is up
        window = createWindow(stage, executor);
        releaseAfterFirstFrame(stage.getScene(), executor);
        StartupTrace.mark("window built");
        stage.centerOnScreen();
        stage.show();
        StartupTrace.mark("window shown");
        // "Open with DDPM Explorer": the file given on the command line
        getParameters().getRaw().stream().findFirst().map(java.nio.file.Path::of).ifPresent(window::openImage);
    }

    /** Starts the held background work once the window's first frame has been laid out. */
    static void releaseAfterFirstFrame(Scene scene, TaskExecutor executor) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            StartupTrace.mark("first frame laid out");
            javafx.application.Platform.runLater(executor::release); // after this pulse has rendered
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close(); // cancels all background work
        }
    }
}
