package org.ddpmexplorer.ui.plane;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.ddpmexplorer.ui.common.CanvasLabels;

/**
 * A square plot of the plane with axes: the data square [-R, R]² ({@link PointRaster#RANGE}) fills
 * the largest square that fits, with tick labels left and below. What it shows comes from a
 * {@link Painter}: first the raster layer (points, heat map; one pass into a reused pixel buffer,
 * copied into one reused image), then vector overlays (arrows, polylines) on the canvas. Redraws
 * only when asked ({@link #redraw()}) or resized. The tick labels and the caption are {@link CanvasLabels}
 * over the canvas.
 */
final class PlotCanvas extends Region {
    /** What a plot shows. */
    interface Painter {
        /** Draws points and heat maps into the cleared raster. */
        void raster(PointRaster r);

        /** Draws overlays in plot pixel coordinates ({@link PlotCanvas#sx}, {@link PlotCanvas#sy}). */
        void vectors(GraphicsContext g, PlotCanvas plot);
    }

    static final double LEFT = 30, BOTTOM = 22, TOP = 6, RIGHT = 8;
    private static final Color GRID = Color.web("#eaeef2"), AXIS = Color.web("#8c959f"), FRAME = Color.web("#d0d7de");
    private static final Font TICKS = Font.font(10.5);

    private final Canvas canvas = new Canvas();
    private final CanvasLabels labels = new CanvasLabels(canvas);
    private Painter painter;
    private PointRaster raster;
    private WritableImage image;
    private double x0, y0, side;
    private String caption;

    PlotCanvas() {
        getChildren().addAll(canvas, labels);
        getStyleClass().add("plane-plot");
        setMinSize(160, 160);
        setPrefSize(560, 560);
    }

    void setPainter(Painter p) {
        this.painter = p;
        redraw();
    }

    /** A short caption drawn in the plot's top left corner (null: none). */
    void setCaption(String text) {
        caption = text;
    }

    Canvas canvas() {
        return canvas;
    }

    /** The tick labels and caption lines. */
    CanvasLabels labels() {
        return labels;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth()), h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            redraw();
        }
    }

    /** The plot square's side in pixels. */
    double side() {
        return side;
    }

    /** Canvas x of data x. */
    double sx(double x) {
        return x0 + (x + PointRaster.RANGE) / (2 * PointRaster.RANGE) * side;
    }

    /** Canvas y of data y. */
    double sy(double y) {
        return y0 + (PointRaster.RANGE - y) / (2 * PointRaster.RANGE) * side;
    }

    /** Data x of a canvas x. */
    double dataX(double cx) {
        return PointRaster.dataX(cx - x0, side);
    }

    /** Data y of a canvas y. */
    double dataY(double cy) {
        return PointRaster.dataY(cy - y0, side);
    }

    /** Pixels per data unit. */
    double scale() {
        return side / (2 * PointRaster.RANGE);
    }

    /** Whether the canvas point lies on the plot square. */
    boolean inPlot(double cx, double cy) {
        return cx >= x0 && cy >= y0 && cx < x0 + side && cy < y0 + side;
    }

    void redraw() {
        labels.begin();
        draw();
        labels.end();
    }

    private void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        int s = (int) Math.floor(Math.min(w - LEFT - RIGHT, h - TOP - BOTTOM));
        if (s < 16) {
            return;
        }
        side = s;
        x0 = Math.floor(LEFT + (w - LEFT - RIGHT - s) / 2);
        y0 = Math.floor(TOP + (h - TOP - BOTTOM - s) / 2);
        if (raster == null || raster.size() != s) {
            raster = new PointRaster(s);
            image = new WritableImage(s, s);
        }
        raster.clear();
        gridLines(raster);
        if (painter != null) {
            painter.raster(raster);
        }
        image.getPixelWriter().setPixels(0, 0, s, s, PixelFormat.getIntArgbPreInstance(), raster.pixels(), 0, s);
        g.drawImage(image, x0, y0);
        axes(g);
        if (painter != null) {
            g.save();
            g.beginPath();
            g.rect(x0, y0, side, side);
            g.clip();
            painter.vectors(g, this);
            g.restore();
        }
        if (caption != null) {
            g.setFont(CAPTION_FONT);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            double y = y0 + 6;
            for (String line : captionLines()) {
                g.setFill(Color.web("#ffffffcc"));
                g.fillRoundRect(x0 + 6, y, textWidth(line) + 12, CAPTION_LINE, 6, 6);
                g.setFill(Color.web("#24292f"));
                labels.fillText(g, line, x0 + 12, y + 3);
                y += CAPTION_LINE;
            }
        }
    }

    private static final Font CAPTION_FONT = Font.font(null, javafx.scene.text.FontWeight.BOLD, 12);
    /** Height of a caption line with its background. */
    static final double CAPTION_LINE = 20;

    /** The caption as drawn: wrapped at spaces to the plot's width less the margins (one line if it fits). */
    java.util.List<String> captionLines() {
        return caption == null ? java.util.List.of() : wrap(caption, side - 24);
    }

    /**
     * {@code text} broken at spaces into lines no wider than {@code width} in the caption font; a word
     * wider than that stays whole on a line of its own.
     */
    static java.util.List<String> wrap(String text, double width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String tried = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && textWidth(tried) > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(tried);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The width of {@code s} in the caption font. */
    static double textWidth(String s) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(CAPTION_FONT);
        return t.getLayoutBounds().getWidth();
    }

    /** Light lines at the integer data coordinates, drawn into the raster (under the points). */
    private static void gridLines(PointRaster r) {
        for (int k = -(int) PointRaster.RANGE + 1; k < PointRaster.RANGE; k++) {
            r.line(k, -PointRaster.RANGE, k, PointRaster.RANGE, k == 0 ? 0xD0D7DE : 0xEAEEF2, 1);
            r.line(-PointRaster.RANGE, k, PointRaster.RANGE, k, k == 0 ? 0xD0D7DE : 0xEAEEF2, 1);
        }
    }

    private void axes(GraphicsContext g) {
        g.setStroke(FRAME);
        g.setLineWidth(1);
        g.strokeRect(x0 + 0.5, y0 + 0.5, side - 1, side - 1);
        g.setFill(AXIS);
        g.setFont(TICKS);
        for (int k = -(int) PointRaster.RANGE; k <= PointRaster.RANGE; k++) {
            if (side < 240 && k % 2 != 0) {
                continue;
            }
            String label = String.format(Locale.ROOT, "%d", k).replace('-', '−');
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            labels.fillText(g, label, Math.min(Math.max(sx(k), x0 + 4), x0 + side - 4), y0 + side + 5);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
            labels.fillText(g, label, x0 - 6, Math.min(Math.max(sy(k), y0 + 6), y0 + side - 6));
        }
        g.setStroke(GRID);
    }
}
