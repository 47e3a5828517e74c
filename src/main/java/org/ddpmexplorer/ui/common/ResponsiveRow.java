package org.ddpmexplorer.ui.common;

import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * Lays its children out in one row of equal-width cells that fill the width, and wraps into more
 * rows when a cell would get narrower than {@code minCellWidth} (e.g. the readout cards on a small
 * screen).
 */
public final class ResponsiveRow extends Pane {
    private final double minCellWidth;
    private final double gap;

    public ResponsiveRow(double minCellWidth, double gap, Node... children) {
        this.minCellWidth = minCellWidth;
        this.gap = gap;
        getChildren().addAll(children);
    }

    private int columns(double width) {
        int n = getChildren().size();
        if (n == 0 || width <= 0) {
            return Math.max(1, n);
        }
        int fit = (int) Math.floor((width - snappedLeftInset() - snappedRightInset() + gap) / (minCellWidth + gap));
        int cols = Math.max(1, Math.min(n, fit));
        int rows = (n + cols - 1) / cols;
        return (n + rows - 1) / rows; // balance the rows: 7 cards become 4 + 3, not 6 + 1
    }

    private double rowHeight(double cellWidth) {
        double h = 0;
        for (Node c : getChildren()) {
            h = Math.max(h, c.prefHeight(cellWidth));
        }
        return h;
    }

    private double cellWidth(double width, int cols) {
        return (width - snappedLeftInset() - snappedRightInset() - gap * (cols - 1)) / cols;
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computeMinWidth(double height) {
        return minCellWidth + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefWidth(double height) {
        int n = getChildren().size();
        return n * minCellWidth + Math.max(0, n - 1) * gap + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? width : computePrefWidth(-1);
        int cols = columns(w);
        int rows = (getChildren().size() + cols - 1) / cols;
        return rows * rowHeight(cellWidth(w, cols)) + Math.max(0, rows - 1) * gap + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        int cols = columns(w);
        double cw = cellWidth(w, cols), rh = rowHeight(cw);
        for (int i = 0; i < getChildren().size(); i++) {
            int r = i / cols, c = i % cols;
            getChildren().get(i).resizeRelocate(snappedLeftInset() + c * (cw + gap), snappedTopInset() + r * (rh + gap), cw, rh);
        }
    }
}
