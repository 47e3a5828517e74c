package org.ddpmexplorer.app;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The app's own window with every tab, wired as {@link DdpmExplorerApp} wires it, on a
 * {@link UiTestBench}: the base of the tests that drive the whole app. The Train tab's autosaves go to
 * a temporary folder.
 */
@ExtendWith(ApplicationExtension.class)
abstract class AppWindowTest {
    @TempDir
    Path dir;
    UiTestBench bench;
    Stage stage;
    MainWindow window;

    /**
     * Builds and shows the window; each test class calls it from its own {@code @Start} method
     * (TestFX 4.0.18 looks for {@code @Start} only among the test class's declared methods).
     */
    void openWindow(Stage stage) {
        this.stage = stage;
        bench = new UiTestBench();
        window = DdpmExplorerApp.createWindow(stage, bench.ctx, Features.create(bench.ctx, dir.resolve("models")));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        Platform.runLater(stage::hide);
        bench.close();
    }
}
