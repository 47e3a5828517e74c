package org.ddpmexplorer.ui.plane;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.train.PointSet;

/**
 * Draws the plane's views into a {@link PlotCanvas} from the controller's state at the slider's t:
 * Forward (x_t of the data over the exact marginal's heat map), Reverse (the particles, fading
 * trails, the followed path, x̂_0 arrows; the live samples while training) and Field (ε̂ or the
 * score as arrows, the exact field beside the model's). Arrays are reused between frames.
 */
final class PlanePainter implements PlotCanvas.Painter {
    static final int DATA = 0x6E7781, FORWARD = 0x0969DA, SAMPLE = 0x8250DF, SKETCH = 0x24292F;
    static final Color TRAIL = Color.web("#8250df"), FOLLOW = Color.web("#cf222e"), PREDICTED = Color.web("#bc4c00"),
            MODEL_FIELD = Color.web("#0969da"), EXACT_FIELD = Color.web("#1a7f37");
    /** Trails drawn for at most this many particles (an even subset). */
    static final int TRAILS = 32;
    /** x̂_0 arrows for at most this many particles. */
    static final int PREDICTED_ARROWS = 120;

    private final PlaneController c;
    /** The side this plot shows (the comparison's second plot shows the other). */
    private PlaneSide side;
    private float[] xt = new float[0];
    private float[] particles = new float[0];
    private float[] predicted = new float[0];

    PlanePainter(PlaneController c, PlaneSide side) {
        this.c = c;
        this.side = side;
    }

    void setSide(PlaneSide s) {
        side = s;
    }

    PlaneSide side() {
        return side;
    }

    /** This side's t for the shared slider's. */
    private int t() {
        return side.time().applyAsInt(c.timeline.t.get());
    }

    private float[] density(int t) {
        return side.density() == null ? null : side.density().get(t);
    }

    @Override
    public void raster(PointRaster r) {
        if (c.data.sketchingProperty().get()) {
            r.dots(c.data.sketchPoints(), c.data.sketchCount(), SKETCH, 1.6, 0.55);
            return;
        }
        PointSet data = c.data.pointsProperty().get();
        if (data == null) {
            return;
        }
        double dotR = Math.max(1.2, r.size() / 380.0);
        switch (c.mode.get()) {
            case FORWARD -> {
                if (c.showDensity.get() && t() > 0) { // at t = 0 the marginal is the data itself
                    r.density(density(t()), PlaneController.DENSITY_RES);
                }
                if (xt.length != data.xy().length) {
                    xt = new float[data.xy().length];
                }
                c.forwardAt(side.diffusion().get(), t(), xt);
                r.dots(xt, -1, FORWARD, dotR, 0.3);
            }
            case REVERSE -> {
                r.dots(data.xy(), -1, DATA, dotR, 0.10);
                var progress = side.training().progressProperty().get();
                Trajectory tr = side.trajectory();
                if (side.training().phaseProperty().get().running() || tr == null) {
                    if (progress != null && progress.samples() != null) {
                        r.dots(progress.samples(), -1, SAMPLE, dotR + 0.6, 0.6);
                    }
                    return;
                }
                positions(tr);
                r.dots(particles, -1, SAMPLE, dotR + 0.3, 0.5);
            }
            case FIELD -> {
                if (c.showDensity.get() && t() > 0) {
                    r.density(density(t()), PlaneController.DENSITY_RES);
                }
                r.dots(data.xy(), -1, DATA, dotR, 0.25);
            }
        }
    }

    private void positions(Trajectory tr) {
        int len = 2 * tr.particles();
        if (particles.length != len) {
            particles = new float[len];
            predicted = new float[len];
        }
        tr.positionsAt(t(), particles);
    }

    @Override
    public void vectors(GraphicsContext g, PlotCanvas plot) {
        if (c.data.sketchingProperty().get() || c.data.pointsProperty().get() == null) {
            return;
        }
        switch (c.mode.get()) {
            case REVERSE -> {
                Trajectory tr = side.trajectory();
                if (tr == null || side.training().phaseProperty().get().running()) {
                    return;
                }
                if (c.showTrails.get()) {
                    trails(g, plot, tr);
                }
                if (c.showPredicted.get()) {
                    predictedArrows(g, plot, tr);
                }
                int f = c.followedProperty().get();
                if (f >= 0 && f < tr.particles()) {
                    follow(g, plot, tr, f);
                }
            }
            case FIELD -> field(g, plot);
            default -> { }
        }
    }

    /** Each trail runs from x_T to the particle's position at t, fading towards x_T. */
    private void trails(GraphicsContext g, PlotCanvas p, Trajectory tr) {
        int n = tr.particles(), stride = Math.max(1, n / TRAILS);
        int k = tr.stateAt(t());
        g.setLineWidth(1.1);
        for (int i = 0; i < n; i += stride) {
            double px = p.sx(tr.x()[0][2 * i]), py = p.sy(tr.x()[0][2 * i + 1]);
            for (int s = 1; s <= k + 1 && s < tr.states(); s++) {
                boolean lastSeg = s == k + 1;
                double x = lastSeg ? particles[2 * i] : tr.x()[s][2 * i], y = lastSeg ? particles[2 * i + 1] : tr.x()[s][2 * i + 1];
                double qx = p.sx(x), qy = p.sy(y);
                double age = (double) s / (k + 1); // 0 old … 1 recent
                g.setStroke(TRAIL.deriveColor(0, 1, 1, 0.05 + 0.4 * age * age));
                g.strokeLine(px, py, qx, qy);
                px = qx;
                py = qy;
            }
        }
    }

    private void predictedArrows(GraphicsContext g, PlotCanvas p, Trajectory tr) {
        tr.predictedStartAt(t(), predicted);
        int n = tr.particles(), stride = Math.max(1, n / PREDICTED_ARROWS);
        g.setStroke(PREDICTED.deriveColor(0, 1, 1, 0.7));
        g.setFill(PREDICTED.deriveColor(0, 1, 1, 0.7));
        g.setLineWidth(1);
        for (int i = 0; i < n; i += stride) {
            arrow(g, p.sx(particles[2 * i]), p.sy(particles[2 * i + 1]), p.sx(predicted[2 * i]), p.sy(predicted[2 * i + 1]), 5);
        }
    }

    private void follow(GraphicsContext g, PlotCanvas p, Trajectory tr, int i) {
        g.setStroke(FOLLOW);
        g.setLineWidth(2);
        g.beginPath();
        for (int s = 0; s < tr.states(); s++) {
            double x = p.sx(tr.x()[s][2 * i]), y = p.sy(tr.x()[s][2 * i + 1]);
            if (s == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
        double ex = p.sx(tr.x()[tr.states() - 1][2 * i]), ey = p.sy(tr.x()[tr.states() - 1][2 * i + 1]);
        g.setFill(Color.WHITE);
        g.fillOval(ex - 4, ey - 4, 8, 8);
        g.strokeOval(ex - 4, ey - 4, 8, 8);
        double cx = p.sx(particles[2 * i]), cy = p.sy(particles[2 * i + 1]);
        g.setFill(FOLLOW);
        g.fillOval(cx - 5, cy - 5, 10, 10);
    }

    /** The model's field (and the exact one, or only the exact one before training) as arrows. */
    private void field(GraphicsContext g, PlotCanvas p) {
        int t = Math.max(1, t());
        GaussianDiffusion d = side.diffusion().get();
        boolean hasModel = side.training().modelProperty().get() != null;
        float[] model = hasModel ? side.modelField().get(t) : null;
        float[] exact = (c.showExact.get() || !hasModel) && side.exactField() != null ? side.exactField().get(t) : null;
        float[] grid = c.fieldGrid();
        double cell = p.scale() * 2 * PlaneController.FIELD_EXTENT / (PlaneController.FIELD_GRID - 1);
        // one scale for both fields so they compare: the longest arrow spans 0.9 of a cell
        double factor = c.showScore.get() ? -1 / d.sqrtOneMinusAlphaBar(t) : 1;
        double max = Math.max(maxNorm(model), maxNorm(exact)) * Math.abs(factor);
        if (!(max > 0)) {
            return;
        }
        double k = 0.9 * cell / max;
        if (exact != null) {
            arrows(g, p, grid, exact, factor * k, EXACT_FIELD, model != null ? 2.2 : 1.3);
        }
        if (model != null) {
            arrows(g, p, grid, model, factor * k, MODEL_FIELD, 1.3);
        }
    }

    private static double maxNorm(float[] v) {
        if (v == null) {
            return 0;
        }
        double m = 0;
        for (int i = 0; i + 1 < v.length; i += 2) {
            m = Math.max(m, Math.hypot(v[i], v[i + 1]));
        }
        return m;
    }

    private static void arrows(GraphicsContext g, PlotCanvas p, float[] grid, float[] v, double k, Color color, double width) {
        g.setStroke(color.deriveColor(0, 1, 1, 0.85));
        g.setFill(color.deriveColor(0, 1, 1, 0.85));
        g.setLineWidth(width);
        for (int i = 0; i + 1 < grid.length && i + 1 < v.length; i += 2) {
            double x = p.sx(grid[i]), y = p.sy(grid[i + 1]);
            arrow(g, x, y, x + v[i] * k, y - v[i + 1] * k, 4);
        }
    }

    /** A line from (x, y) to (x2, y2) with a small head; very short arrows are a dot. */
    static void arrow(GraphicsContext g, double x, double y, double x2, double y2, double head) {
        double dx = x2 - x, dy = y2 - y, len = Math.hypot(dx, dy);
        if (!(len >= 1.5)) {
            g.fillOval(x - 1, y - 1, 2, 2);
            return;
        }
        g.strokeLine(x, y, x2, y2);
        double h = Math.min(head, len * 0.45), ux = dx / len, uy = dy / len;
        g.fillPolygon(new double[] {x2, x2 - h * ux + h * 0.5 * uy, x2 - h * ux - h * 0.5 * uy},
                new double[] {y2, y2 - h * uy - h * 0.5 * ux, y2 - h * uy + h * 0.5 * ux}, 3);
    }
}
