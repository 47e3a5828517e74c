package org.ddpmexplorer.ui.plane;

import java.util.Locale;
import javafx.scene.layout.Region;

/**
 * The plane tab's canvas charts (a plot with a caption and the loss chart) for tests in other packages:
 * {@link #frame(int)} redraws both with labels that change every frame. FX thread.
 */
public final class PlaneCharts {
    private final PlotCanvas plot = new PlotCanvas();
    private final LossChart loss = new LossChart();
    private final double[] values = new double[40];

    public Region plot() {
        return plot;
    }

    public Region loss() {
        return loss;
    }

    /** Redraws the plot with a caption naming {@code i} and the loss chart with a curve ending in a new value. */
    public void frame(int i) {
        plot.setCaption(String.format(Locale.ROOT, "Predicts x₀ · t = %d · x̂₀(x_T) · %d of 2,000 points off the plot", i % 1000, i % 97));
        plot.redraw();
        for (int k = 0; k < values.length; k++) {
            values[k] = 1.0 / (1 + k + (i % 50)) + 0.01 * ((i * 31 + k * 17) % 13);
        }
        loss.setLoss(values.clone());
    }
}
