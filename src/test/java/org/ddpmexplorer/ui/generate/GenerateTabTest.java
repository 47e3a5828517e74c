package org.ddpmexplorer.ui.generate;

import javafx.stage.Stage;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The Generate tab alone on a {@link UiTestBench}: the base of the Generate-tab TestFX tests. Each
 * test class calls {@link #openGenerateTab} from its own {@code @Start} method (TestFX 4.0.18 looks
 * for {@code @Start} only among the test class's declared methods).
 */
@ExtendWith(ApplicationExtension.class)
abstract class GenerateTabTest {
    UiTestBench bench;
    AppContext ctx;
    GenerateController c;
    GenerateView view;

    /** Builds the controller and the view and shows them. FX thread. */
    void openGenerateTab(Stage stage) {
        bench = new UiTestBench();
        ctx = bench.ctx;
        c = new GenerateController(ctx);
        view = new GenerateView(c, ctx);
        bench.show(stage, view, c::dispose);
    }

    @AfterEach
    void closeGenerateTab() {
        bench.close();
    }
}
