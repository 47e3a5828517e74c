package org.ddpmexplorer.ui.plane;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.ddpmexplorer.ui.common.CanvasLabels;

/**
 * The training loss per step (bucket means), on a log scale, as a small sparkline chart; its text is
 * {@link CanvasLabels} over the canvas.
 */
final class LossChart extends Region {
    private static final Font FONT = Font.font(10.5);
    private static final Color EMPTY = Color.web("#8c959f"), TEXT = Color.web("#57606a"), LINE = Color.web("#0969da"),
            BORDER = Color.web("#d0d7de");
    private final Canvas canvas = new Canvas();
    private final CanvasLabels labels = new CanvasLabels(canvas);
    private double[] loss;

    LossChart() {
        getChildren().addAll(canvas, labels);
        getStyleClass().add("plane-loss-chart");
        setPrefHeight(84);
        setMinHeight(60);
        setPrefWidth(240);
    }

    /** Shows these losses (null or empty: the chart's empty state). */
    void setLoss(double[] values) {
        loss = values;
        draw();
    }

    double[] loss() {
        return loss;
    }

    /** The chart's text. */
    CanvasLabels labels() {
        return labels;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth()), h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    private void draw() {
        labels.begin();
        paint();
        labels.end();
    }

    private void paint() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        g.setFill(Color.WHITE);
        g.fillRoundRect(0, 0, w, h, 8, 8);
        g.setStroke(BORDER);
        g.strokeRoundRect(0.5, 0.5, w - 1, h - 1, 8, 8);
        g.setFont(FONT);
        g.setTextBaseline(VPos.TOP);
        if (loss == null || loss.length < 2) {
            g.setFill(EMPTY);
            g.setTextAlign(TextAlignment.CENTER);
            labels.fillText(g, "The loss appears here while training", w / 2, h / 2 - 6);
            return;
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : loss) {
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, Math.log(v));
                hi = Math.max(hi, Math.log(v));
            }
        }
        if (!(hi >= lo)) {
            return;
        }
        double span = Math.max(1e-6, hi - lo), pad = 8, top = 18;
        g.setStroke(LINE);
        g.setLineWidth(1.5);
        g.beginPath();
        for (int i = 0; i < loss.length; i++) {
            double v = loss[i] > 0 ? Math.log(loss[i]) : lo;
            double x = pad + (w - 2 * pad) * i / (loss.length - 1), y = top + (h - top - pad) * (1 - (v - lo) / span);
            if (i == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
        g.setFill(TEXT);
        g.setTextAlign(TextAlignment.LEFT);
        labels.fillText(g, "loss (log scale)", pad, 4);
        g.setTextAlign(TextAlignment.RIGHT);
        labels.fillText(g, String.format(Locale.ROOT, "%.3f", loss[loss.length - 1]), w - pad, 4);
    }
}
