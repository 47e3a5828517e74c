package org.ddpmexplorer.ui.plane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The plots' captions wrap inside the plot instead of running past its edge, and the one-shot caption
 * counts the points its jump lands beyond the plotted square.
 */
@ExtendWith(ApplicationExtension.class)
class PlotCaptionTest {
    private final PlotCanvas plot = new PlotCanvas();
    private StackPane root;

    @Start
    void start(Stage stage) {
        root = new StackPane(plot);
        stage.setScene(new Scene(root, 230, 230));
        stage.sizeToScene(); // the shared test stage keeps a size an earlier test gave it otherwise
        stage.show();
    }

    /** A caption of the three-plot comparison, the longest kind. */
    private static final String LONG = "Predicts x₀ · Reverse: pθ(xₜ₋₁ | xₜ), t = 100 · x̂₀(x_T) · 1,870 of 2,000 points off the plot";

    @Test
    void aLongCaptionWrapsToThePlotWidthAndKeepsEveryWord(FxRobot robot) {
        robot.interact(() -> {
            plot.setCaption(LONG);
            plot.redraw();
        });
        List<String> lines = plot.captionLines();
        double side = plot.scale() * 2 * PointRaster.RANGE;
        assertTrue(side > 100 && side < 230, "a narrow plot: " + side);
        assertTrue(lines.size() > 2, "wrapped: " + lines);
        for (String line : lines) {
            // drawn from 12 px inside the plot's left edge: the line ends inside it
            assertTrue(12 + PlotCanvas.textWidth(line) <= side, "'" + line + "' fits in " + side);
        }
        assertEquals(LONG, String.join(" ", lines));
        assertTrue(6 + lines.size() * PlotCanvas.CAPTION_LINE < side, "the lines fit in the plot's height");

        // on a wide plot the caption takes one line
        robot.interact(() -> {
            root.getScene().getWindow().setWidth(900);
            root.getScene().getWindow().setHeight(900);
        });
        robot.interact(() -> {
            root.layout();
            plot.redraw();
        });
        assertEquals(List.of(LONG), plot.captionLines());
    }

    @Test
    void theOneShotCaptionCountsThePointsOffThePlot() {
        float r = (float) PointRaster.RANGE;
        float[] onPlot = {0, 0, r, -r, 1, 2};
        assertEquals(0, OneShot.offPlot(onPlot));
        assertEquals("x̂₀(x_T)", OneShot.caption(onPlot));
        float[] some = {0, 0, r + 0.01f, 0, 0, -40, 3, 3, Float.NaN, 0};
        assertEquals(3, OneShot.offPlot(some), "beyond x, beyond y, and a NaN");
        assertEquals("x̂₀(x_T) · 3 of 5 points off the plot", OneShot.caption(some));
    }
}
