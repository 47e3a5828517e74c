package org.ddpmexplorer.ui.plane;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;

/**
 * The row of square plots: the main one, and the comparison's beside it when Compare is on. Each has
 * its caption; where a view is the same on both sides the other plot says why instead. Mouse: drag on
 * the main plot to sketch (right-drag erases), click a particle to follow it.
 */
final class PlanePlots {
    final PlotCanvas plot = new PlotCanvas();
    final PlotCanvas plotB = new PlotCanvas();
    /** The third plot: only ε vs x₀ vs μ shows one (the three in a row, each smaller). */
    final PlotCanvas plotC = new PlotCanvas();
    final PlanePainter painter;
    final PlanePainter painterB;
    final PlanePainter painterC;
    /** Over the other plot when the current view is the same on both sides: why. */
    final Label sameNote = new Label();
    private final PlaneController c;
    private final PlaneSidebar sidebar;
    private final HBox row;
    private final StackPane holderB;
    private final StackPane holderC;

    PlanePlots(PlaneController c, PlaneSidebar sidebar) {
        this.c = c;
        this.sidebar = sidebar;
        painter = new PlanePainter(c, c.main);
        painterB = new PlanePainter(c, c.compare.side);
        painterC = new PlanePainter(c, c.compare.third.side);
        plotC.setPainter(painterC);
        plotC.setId("plane-plot-c");
        plot.setPainter(painter);
        plot.setId("plane-plot");
        plotB.setPainter(painterB);
        plotB.setId("plane-plot-b");
        sameNote.setId("compare-same-note");
        sameNote.setWrapText(true);
        sameNote.setMaxWidth(300);
        sameNote.setPadding(new Insets(10, 14, 10, 14));
        sameNote.setStyle("-fx-background-color: rgba(255,255,255,0.92); -fx-background-radius: 8; "
                + "-fx-border-color: #d0d7de; -fx-border-radius: 8;");
        sameNote.visibleProperty().bind(sameNote.textProperty().isNotEmpty());
        StackPane a = holder(plot);
        holderB = holder(plotB, sameNote);
        holderB.visibleProperty().bind(c.compare.enabled.and(c.data.sketchingProperty().not()));
        holderB.managedProperty().bind(holderB.visibleProperty());
        Label sameNoteC = new Label();
        sameNoteC.textProperty().bind(sameNote.textProperty());
        sameNoteC.styleProperty().bind(sameNote.styleProperty());
        sameNoteC.paddingProperty().bind(sameNote.paddingProperty());
        sameNoteC.setWrapText(true);
        sameNoteC.setMaxWidth(300);
        sameNoteC.visibleProperty().bind(sameNote.visibleProperty());
        holderC = holder(plotC, sameNoteC);
        holderC.visibleProperty().bind(holderB.visibleProperty().and(c.compare.what.isEqualTo(PlaneCompare.What.PREDICTION)));
        holderC.managedProperty().bind(holderC.visibleProperty());
        for (StackPane p : new StackPane[] {a, holderB, holderC}) {
            HBox.setHgrow(p, Priority.ALWAYS);
        }
        row = new HBox(12, a, holderB, holderC);
        mouse();
    }

    private static StackPane holder(Node... children) {
        StackPane p = new StackPane(children);
        p.setMinSize(200, 200);
        p.getStyleClass().add("plane-plot-holder");
        return p;
    }

    /** The row of plots (what a PNG of the frame shows). */
    Node node() {
        return row;
    }

    boolean comparing() {
        return holderB.isVisible();
    }

    void redraw() {
        updateCaptions();
        plot.redraw();
        if (comparing()) {
            plotB.redraw();
        }
        if (holderC.isVisible()) {
            plotC.redraw();
        }
    }

    private void updateCaptions() {
        if (c.data.sketchingProperty().get()) {
            plot.setCaption("Sketch · " + String.format(Locale.ROOT, "%,d", c.data.sketchCount()) + " points");
            return;
        }
        String base = caption(c.main);
        String same = c.compare.enabled.get() ? c.compare.sameIn(c.mode.get()) : null;
        sameNote.setText(same == null ? "" : same);
        if (c.compare.enabled.get()) {
            plot.setCaption(c.main.caption().get() + " · " + base);
            plotB.setCaption(c.compare.side.caption().get() + (same != null ? "" : " · " + caption(c.compare.side)));
            plotC.setCaption(c.compare.third.side.caption().get() + (same != null ? "" : " · " + caption(c.compare.third.side)));
        } else {
            plot.setCaption(base);
        }
    }

    private String caption(PlaneSide side) {
        int t = side.time().applyAsInt(c.timeline.t.get());
        boolean training = side.training().phaseProperty().get().running();
        boolean oneShot = side == c.compare.side && c.compare.what.get() == PlaneCompare.What.ONE_SHOT;
        return switch (c.mode.get()) {
            case FORWARD -> t == 0 ? "Data x₀" : "Forward: xₜ ~ q(xₜ | x₀), t = " + t;
            case REVERSE -> training ? "Live samples from the EMA model"
                    : side.trajectory() == null ? (side.training().modelProperty().get() == null ? "Reverse: train a model first"
                    : "Sampling…") : oneShot ? (t == 0 ? OneShot.caption(side.trajectory().x0()[side.trajectory().x0().length - 1])
                    : "on the way, t = " + t) : "Reverse: pθ(xₜ₋₁ | xₜ), t = " + t;
            case FIELD -> (side.training().modelProperty().get() == null ? "Exact " : "")
                    + (c.showScore.get() ? "score −ε/√(1−ᾱₜ)" : "noise ε") + " at t = " + Math.max(1, t);
        };
    }

    // ---- mouse ---------------------------------------------------------------------------------

    private void mouse() {
        plotB.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (c.mode.get() == PlaneController.Mode.REVERSE && e.getButton() == MouseButton.PRIMARY) {
                pick(plotB, c.compare.side, e.getX(), e.getY());
            }
        });
        plotC.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (c.mode.get() == PlaneController.Mode.REVERSE && e.getButton() == MouseButton.PRIMARY) {
                pick(plotC, c.compare.third.side, e.getX(), e.getY());
            }
        });
        plot.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (c.data.sketchingProperty().get()) {
                dab(e);
            } else if (c.mode.get() == PlaneController.Mode.REVERSE && e.getButton() == MouseButton.PRIMARY) {
                pick(plot, c.main, e.getX(), e.getY());
            }
        });
        plot.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (c.data.sketchingProperty().get()) {
                dab(e);
            }
        });
        plot.cursorProperty().bind(Bindings.when(c.data.sketchingProperty()).then(javafx.scene.Cursor.CROSSHAIR)
                .otherwise(javafx.scene.Cursor.DEFAULT));
    }

    private void dab(MouseEvent e) {
        if (!plot.inPlot(e.getX(), e.getY())) {
            return;
        }
        boolean erase = e.getButton() == MouseButton.SECONDARY || sidebar.eraseTool.isSelected();
        c.data.brush(plot.dataX(e.getX()), plot.dataY(e.getY()), sidebar.brush.getValue(), erase);
    }

    /** Follows the particle nearest to the click (within 12 px), or none. */
    private void pick(PlotCanvas p, PlaneSide side, double x, double y) {
        Trajectory tr = side.trajectory();
        if (tr == null) {
            return;
        }
        float[] pos = new float[2 * tr.particles()];
        tr.positionsAt(side.time().applyAsInt(c.timeline.t.get()), pos);
        int best = -1;
        double bestD = 12 * 12;
        for (int i = 0; i < tr.particles(); i++) {
            double dx = p.sx(pos[2 * i]) - x, dy = p.sy(pos[2 * i + 1]) - y, d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        c.follow(best);
    }
}
