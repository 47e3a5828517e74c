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
 * counts the points its jump lands beyond the plotted square; the tick labels sit beside the axes.
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
        // each line is a label 12 px inside the plot's left edge, below the one before
        List<javafx.geometry.Bounds> shown = new java.util.ArrayList<>();
        robot.interact(() -> plot.labels().shown().stream().filter(t -> lines.contains(t.getText()))
                .forEach(t -> shown.add(t.getBoundsInParent())));
        assertEquals(lines.size(), shown.size(), "the caption's lines are shown");
        double left = plot.sx(-PointRaster.RANGE);
        for (int i = 0; i < shown.size(); i++) {
            assertEquals(left + 12, shown.get(i).getMinX(), 0.5);
            if (i > 0) {
                assertEquals(PlotCanvas.CAPTION_LINE, shown.get(i).getMinY() - shown.get(i - 1).getMinY(), 0.01);
            }
        }
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
    void theTickLabelsSitLeftOfAndBelowThePlot(FxRobot robot) {
        List<javafx.scene.text.Text> shown = new java.util.ArrayList<>();
        robot.interact(() -> {
            plot.setCaption(null);
            plot.redraw();
            shown.addAll(plot.labels().shown());
        });
        double left = plot.sx(-PointRaster.RANGE), bottom = plot.sy(-PointRaster.RANGE);
        int below = 0, beside = 0;
        for (javafx.scene.text.Text t : shown) {
            javafx.geometry.Bounds b = t.getBoundsInParent();
            if (b.getMinY() >= bottom) { // an x tick: centred on its tick (kept inside the plot's width), 5 px below
                below++;
                assertEquals(bottom + 5, b.getMinY(), 0.5, t.getText());
                assertTrue(b.getMaxX() > left && b.getMinX() < plot.sx(PointRaster.RANGE), t.getText());
            } else { // a y tick: ends 6 px left of the plot
                beside++;
                assertEquals(left - 6, b.getMaxX(), 0.5, t.getText());
            }
        }
        assertEquals(below, beside, "as many labels on each axis");
        assertTrue(below >= 3, "labelled ticks: " + below);
        javafx.geometry.Bounds zero = shown.stream().filter(t -> t.getText().equals("0")).findFirst().orElseThrow()
                .getBoundsInParent();
        assertEquals(plot.sx(0), (zero.getMinX() + zero.getMaxX()) / 2, 0.5, "0 centred under x = 0");
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
