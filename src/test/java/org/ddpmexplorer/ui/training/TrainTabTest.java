package org.ddpmexplorer.ui.training;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.ddpmexplorer.ui.training.TrainForm.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The Train tab alone on a {@link UiTestBench}, its models in a temporary folder: the base of the
 * Train-tab TestFX tests. Each test class calls {@link #openTrainTab} from its own {@code @Start} method
 * (TestFX 4.0.18 looks for {@code @Start} only among the test class's declared methods).
 */
@ExtendWith(ApplicationExtension.class)
abstract class TrainTabTest {
    @TempDir
    static Path dir;

    UiTestBench bench;
    AppContext ctx;
    TrainController c;
    TrainView view;

    /**
     * Builds the controller and the view and shows them, Fashion-MNIST's training images looked for
     * nowhere (runs use the bundled images, whatever the machine holds). FX thread.
     */
    void openTrainTab(Stage stage) {
        openTrainTab(stage, List.of());
    }

    /** The same with the 60,000 training images looked for in {@code fmnistDirs}. FX thread. */
    void openTrainTab(Stage stage, List<Path> fmnistDirs) {
        bench = new UiTestBench();
        ctx = bench.ctx;
        c = new TrainController(ctx, dir.resolve("models-" + UUID.randomUUID()), fmnistDirs);
        view = new TrainView(c, ctx);
        bench.show(stage, view, c::dispose);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    /** Chooses "Full settings" at the top of the form (no time budget; previews every N steps). */
    void chooseFull(FxRobot robot) {
        robot.interact(() -> view.sidebar.choiceBox.setValue(TrainForm.Choice.FULL));
    }

    /** Types {@code text} into a field of the form. */
    void set(FxRobot robot, Field f, String text) {
        robot.interact(() -> view.sidebar.fields.get(f).setText(text));
    }
}
