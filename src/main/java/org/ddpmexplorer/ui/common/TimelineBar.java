package org.ddpmexplorer.ui.common;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.layout.Pane;

/**
 * A player's bar: buttons on the left, a slider that takes the free width, and labels or buttons on
 * the right, in one row. When the slider would get narrower than {@link #minSliderWidth} (a small
 * window), the slider moves to a row of its own above the others, at full width, so it stays usable
 * and nothing on the right is pushed out of sight.
 */
public final class TimelineBar extends Pane {
    /** The slider's narrowest width in one row (px): below it, the bar takes two rows. */
    public static final double DEFAULT_MIN_SLIDER_WIDTH = 220;

    private final List<Node> leading, trailing;
    private final Slider slider;
    private final double gap;
    private final double minSliderWidth;

    public TimelineBar(List<Node> leading, Slider slider, List<Node> trailing, double gap) {
        this(leading, slider, trailing, gap, DEFAULT_MIN_SLIDER_WIDTH);
    }

    public TimelineBar(List<Node> leading, Slider slider, List<Node> trailing, double gap, double minSliderWidth) {
        this.leading = List.copyOf(leading);
        this.slider = slider;
        this.trailing = List.copyOf(trailing);
        this.gap = gap;
        this.minSliderWidth = minSliderWidth;
        getChildren().addAll(leading);
        getChildren().add(slider);
        getChildren().addAll(trailing);
        getStyleClass().add("timeline-bar");
    }

    private double rowWidth(List<Node> nodes) {
        double w = 0;
        for (Node n : nodes) {
            if (n.isManaged()) {
                w += n.prefWidth(-1) + gap;
            }
        }
        return w;
    }

    private double rowHeight(List<Node> nodes) {
        double h = 0;
        for (Node n : nodes) {
            if (n.isManaged()) {
                h = Math.max(h, n.prefHeight(-1));
            }
        }
        return h;
    }

    /** Whether the bar takes two rows at this inner width. */
    boolean twoRows(double innerWidth) {
        return innerWidth - rowWidth(leading) - rowWidth(trailing) < minSliderWidth;
    }

    private double inner(double width) {
        return width - snappedLeftInset() - snappedRightInset();
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computeMinWidth(double height) {
        double buttons = rowWidth(leading) + rowWidth(trailing) - gap;
        return Math.max(buttons, minSliderWidth) + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefWidth(double height) {
        return rowWidth(leading) + minSliderWidth + gap + rowWidth(trailing) - gap + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? inner(width) : inner(computePrefWidth(-1));
        double buttons = Math.max(rowHeight(leading), rowHeight(trailing));
        double s = slider.prefHeight(-1);
        double h = twoRows(w) ? s + gap + buttons : Math.max(buttons, s);
        return h + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double x0 = snappedLeftInset(), y0 = snappedTopInset(), w = inner(getWidth());
        double buttons = Math.max(rowHeight(leading), rowHeight(trailing));
        double sh = slider.prefHeight(-1);
        if (twoRows(w)) {
            slider.resizeRelocate(x0, y0, w, sh);
            double y = y0 + sh + gap;
            place(leading, x0, y, buttons);
            double tw = rowWidth(trailing) - gap;
            place(trailing, x0 + w - tw, y, buttons);
        } else {
            double h = Math.max(buttons, sh);
            double x = place(leading, x0, y0, h);
            double tw = rowWidth(trailing) - gap;
            double sw = w - (x - x0) - tw - gap;
            layoutInArea(slider, x, y0, sw, h, 0, null, true, false, javafx.geometry.HPos.LEFT, VPos.CENTER);
            place(trailing, x0 + w - tw, y0, h);
        }
    }

    /** Places nodes at their preferred widths from x, centred in a row of height h; returns the x after them. */
    private double place(List<Node> nodes, double x, double y, double h) {
        for (Node n : nodes) {
            if (!n.isManaged()) {
                continue;
            }
            double nw = n.prefWidth(-1);
            layoutInArea(n, x, y, nw, h, 0, null, false, false, javafx.geometry.HPos.LEFT, VPos.CENTER);
            x += nw + gap;
        }
        return x;
    }
}
