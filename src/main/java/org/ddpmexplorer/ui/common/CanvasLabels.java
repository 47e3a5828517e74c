package org.ddpmexplorer.ui.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.geometry.Bounds;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The text of a canvas chart, as {@link Text} nodes in a pane laid over the canvas. JavaFX shapes a
 * {@code Text} on the FX thread, but a canvas's {@code GraphicsContext.fillText} on the render thread when
 * the frame renders; on Linux both shape with Pango through one font map that JavaFX shares between all
 * layouts, and Pango is not thread-safe: text shaped on the two threads at once corrupts the native heap.
 * With its text here, a chart shapes all of it on the FX thread.
 * <p>
 * A chart adds the labels above its canvas ({@code getChildren().addAll(canvas, labels)}), calls
 * {@link #begin()} before a redraw, {@link #fillText} where it would call {@code g.fillText}, and
 * {@link #end()} after. {@link #fillText} places the text as the canvas would, from the context's font,
 * fill, text align and baseline; the context's transform, clip and global alpha do not apply (the labels
 * keep to the canvas's bounds and sit above everything drawn on it). The nodes are pooled: the n-th label
 * of a redraw reuses the node of the n-th label of the one before (a label that did not change is not
 * shaped again), and {@link #end()} hides the nodes left over. The nodes take no CSS: they show the
 * context's font and fill whatever a stylesheet says about text.
 */
public final class CanvasLabels extends Pane {
    /** A label node: a {@link Text} that CSS leaves alone. */
    private static final class CanvasText extends Text {
        @Override
        public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
            return List.of();
        }
    }

    private final List<Text> pool = new ArrayList<>();
    private int used;

    /** Labels over {@code canvas}: at its origin, clipped to its size, transparent to the mouse. */
    public CanvasLabels(Canvas canvas) {
        setManaged(false);
        setMouseTransparent(true);
        layoutXProperty().bind(canvas.layoutXProperty());
        layoutYProperty().bind(canvas.layoutYProperty());
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(canvas.widthProperty());
        clip.heightProperty().bind(canvas.heightProperty());
        setClip(clip);
    }

    /** Starts a redraw: the next {@link #fillText} takes the first pooled node. */
    public void begin() {
        used = 0;
    }

    /**
     * Shows {@code s} at ({@code x}, {@code y}) in canvas coordinates as {@code g.fillText(s, x, y)} would:
     * in {@code g}'s font and fill, left of, centred on or right of x by its text align, and with y at
     * its top, centre, baseline or bottom by its text baseline. Returns the label's node (its layout
     * bounds tell where the text ends).
     */
    public Text fillText(GraphicsContext g, String s, double x, double y) {
        Text t;
        if (used < pool.size()) {
            t = pool.get(used);
        } else {
            t = new CanvasText();
            t.setManaged(false);
            pool.add(t);
            getChildren().add(t);
        }
        used++;
        t.setText(s);
        t.setFont(g.getFont());
        t.setFill(g.getFill());
        t.setTextOrigin(g.getTextBaseline());
        t.setVisible(true);
        Bounds b = t.getLayoutBounds();
        double shift = switch (g.getTextAlign()) {
            case CENTER -> b.getWidth() / 2;
            case RIGHT -> b.getWidth();
            default -> 0;
        };
        t.setLayoutX(x - shift - b.getMinX());
        t.setLayoutY(y);
        return t;
    }

    /** Ends a redraw: hides the pooled nodes it did not use. */
    public void end() {
        for (int i = used; i < pool.size(); i++) {
            pool.get(i).setVisible(false);
        }
    }

    /** The labels of the last redraw, in the order drawn (a view; for tests). */
    public List<Text> shown() {
        return Collections.unmodifiableList(pool.subList(0, used));
    }

    /** How many label nodes the pool holds, shown or hidden. */
    public int pooled() {
        return pool.size();
    }
}
