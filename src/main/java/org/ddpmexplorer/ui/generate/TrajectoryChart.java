package org.ddpmexplorer.ui.generate;

import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.shape.Path;
import org.ddpmexplorer.ui.common.FixedAxis;

/**
 * Per step of the kept trajectory: the standard deviation of x_t (from about 1 for pure noise to the
 * data's spread) and the RMS distance between the model's x̂_0 and the final sample (how early the
 * result is decided), with a cursor at the scrubbed step. While a run goes on, the std curve grows
 * with the live frames ({@link #showLive}); the distance needs the final sample, so it comes at the end.
 */
final class TrajectoryChart extends LineChart<Number, Number> {
    /** At most this many points per series (a 1000-step run is thinned for drawing). */
    static final int MAX_POINTS = 400;
    final XYChart.Series<Number, Number> std = new XYChart.Series<>();
    final XYChart.Series<Number, Number> dist = new XYChart.Series<>();
    final XYChart.Series<Number, Number> cursor = new XYChart.Series<>();
    /** The y axis shows at least [0, 1.2]: pure noise has a std of 1, and the cursor line is this tall. */
    private static final double Y_TOP = 1.2;
    /** Steps of the live curve drawn so far, and the largest value among them. */
    private int liveDrawn;
    private double liveMax;

    TrajectoryChart() {
        // fixed bounds that change only when the data outgrow them (auto-ranging axes re-measure their labels on each frame)
        super(new FixedAxis(), new FixedAxis());
        getXAxis().setLabel("step (x_T → x₀)");
        getYAxis().setLabel("RMS over all pixels");
        setAnimated(false);
        setCreateSymbols(false);
        std.setName("std of xₜ");
        dist.setName("RMS(x̂₀ − sample)");
        cursor.setName("shown step");
        getData().addAll(std, dist, cursor);
        getStyleClass().add("trajectory-chart");
        setId("trajectory-chart");
        setLegendVisible(true);
        y().fit(0, Y_TOP, 6);
    }

    private FixedAxis x() {
        return (FixedAxis) getXAxis();
    }

    private FixedAxis y() {
        return (FixedAxis) getYAxis();
    }

    /** Clears the chart for a new run. */
    void clearLive() {
        for (XYChart.Series<Number, Number> s : List.of(std, dist, cursor)) {
            clear(s);
        }
        liveDrawn = 0;
        liveMax = 0;
    }

    /**
     * Adds the steps of the running sample's std curve that are not drawn yet (thinned as
     * {@link #setTrajectory} thins), on an x axis fixed to the run's steps so the curve grows left to
     * right.
     */
    void showLive(LiveStd live) {
        if (live.std().length < liveDrawn) {
            clearLive();
        }
        x().fit(0, live.steps(), 5);
        int every = Math.max(1, (live.steps() + 1 + MAX_POINTS - 1) / MAX_POINTS);
        var add = new java.util.ArrayList<XYChart.Data<Number, Number>>();
        for (int i = liveDrawn; i < live.std().length; i++) {
            if (i % every == 0 || i == live.steps() - 1) {
                add.add(new XYChart.Data<>(i, live.std()[i])); // x = step index − 1, as for the kept frames
                liveMax = Math.max(liveMax, live.std()[i]);
            }
        }
        y().fit(0, Math.max(Y_TOP, liveMax), 6);
        liveDrawn = live.std().length;
        std.getData().addAll(add);
    }

    void setTrajectory(Trajectory tr) {
        clearLive();
        if (tr == null) {
            return;
        }
        int n = tr.size();
        int every = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        var sd = new java.util.ArrayList<XYChart.Data<Number, Number>>();
        var dd = new java.util.ArrayList<XYChart.Data<Number, Number>>();
        for (int i = 0; i < n; i += every) {
            add(tr, i, sd, dd);
        }
        if ((n - 1) % every != 0) {
            add(tr, n - 1, sd, dd);
        }
        double xMax = 1, yMax = Y_TOP;
        for (var d : sd) {
            xMax = Math.max(xMax, d.getXValue().doubleValue());
            yMax = Math.max(yMax, d.getYValue().doubleValue());
        }
        for (var d : dd) {
            yMax = Math.max(yMax, d.getYValue().doubleValue());
        }
        x().fit(0, xMax, 5);
        y().fit(0, yMax, 6);
        std.getData().setAll(sd);
        dist.getData().setAll(dd);
    }

    private static void add(Trajectory tr, int i, java.util.List<XYChart.Data<Number, Number>> sd,
                            java.util.List<XYChart.Data<Number, Number>> dd) {
        Trajectory.Frame f = tr.get(i);
        int x = f.info().isFinal() ? f.info().count() : f.info().index() - 1;
        sd.add(new XYChart.Data<>(x, f.std()));
        if (!Double.isNaN(f.dist())) {
            dd.add(new XYChart.Data<>(x, f.dist()));
        }
    }

    /** Empties a series and its drawn line: LineChart redraws a line only when it has points, so an emptied series kept the old one. */
    private static void clear(XYChart.Series<Number, Number> s) {
        s.getData().clear();
        if (s.getNode() instanceof Path line) {
            line.getElements().clear();
        }
    }

    void setCursor(Trajectory tr, int position) {
        clear(cursor);
        if (tr == null || position >= tr.size()) {
            return;
        }
        Trajectory.Frame f = tr.get(position);
        int x = f.info().isFinal() ? f.info().count() : f.info().index() - 1;
        cursor.getData().addAll(new XYChart.Data<>(x, 0), new XYChart.Data<>(x, Y_TOP));
    }
}
