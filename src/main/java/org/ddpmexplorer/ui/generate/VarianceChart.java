package org.ddpmexplorer.ui.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;
import org.ddpmexplorer.ui.common.FixedAxis;

/**
 * σₜ² per step of the kept trajectory, on a log scale: βₜ and β̃ₜ, the two fixed choices of Ho et al.
 * (section 3.2) and the ends of the range a learned variance may take (Nichol &amp; Dhariwal eq. 15), and,
 * for a model that learns its variance, the learned σₜ² (its mean over the values). At the last step,
 * where β̃ is 0, the low end is the step before's β̃ (as the sampler uses it). A cursor marks the shown step.
 */
final class VarianceChart extends LineChart<Number, Number> {
    final XYChart.Series<Number, Number> beta = new XYChart.Series<>();
    final XYChart.Series<Number, Number> betaTilde = new XYChart.Series<>();
    final XYChart.Series<Number, Number> learned = new XYChart.Series<>();
    final XYChart.Series<Number, Number> cursor = new XYChart.Series<>();
    /** The y range of the drawn data in log₁₀ σ², for the cursor's height. */
    private double yLow = -4, yHigh = 0;

    VarianceChart() {
        super(new FixedAxis(), new FixedAxis());
        getXAxis().setLabel("step (x_T → x₀)");
        getYAxis().setLabel("σₜ²");
        ((FixedAxis) getYAxis()).setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number v) {
                return String.format(Locale.ROOT, "%.0e", Math.pow(10, v.doubleValue()));
            }

            @Override
            public Number fromString(String s) {
                return Math.log10(Double.parseDouble(s));
            }
        });
        setAnimated(false);
        setCreateSymbols(false);
        beta.setName("βₜ (upper end)");
        betaTilde.setName("β̃ₜ (lower end)");
        learned.setName("learned σₜ²");
        cursor.setName("shown step");
        getData().addAll(beta, betaTilde, cursor);
        setId("variance-chart");
        getStyleClass().add("variance-chart");
        // the colours are the series' own (the default colour of a series depends on the order series were
        // added in, which changes as the learned one comes and goes); the key is drawn by the view (legend())
        style(beta, BETA_STYLE);
        style(betaTilde, BETA_TILDE_STYLE);
        style(learned, LEARNED_STYLE);
        style(cursor, "-fx-stroke: -color-fg-muted; -fx-stroke-width: 1px; -fx-stroke-dash-array: 4 4;");
        setLegendVisible(false);
    }

    private static final String BETA_STYLE = "-fx-stroke: -color-accent-emphasis; -fx-stroke-width: 2px;";
    private static final String BETA_TILDE_STYLE = "-fx-stroke: -color-warning-emphasis; -fx-stroke-width: 2px;";
    private static final String LEARNED_STYLE = "-fx-stroke: -color-success-emphasis; -fx-stroke-width: 2px;";

    private static void style(XYChart.Series<Number, Number> s, String css) {
        if (s.getNode() != null) {
            s.getNode().setStyle(css);
        }
        s.nodeProperty().addListener((o, was, node) -> {
            if (node != null) {
                node.setStyle(css);
            }
        });
    }

    /** The chart's key: a coloured label per series; the learned one shows only while {@link #showsLearned()}. */
    javafx.scene.Node legend() {
        javafx.scene.control.Label b = key("βₜ (upper end)", "-color-accent-emphasis");
        javafx.scene.control.Label bt = key("β̃ₜ (lower end)", "-color-warning-emphasis");
        javafx.scene.control.Label l = key("learned σₜ²", "-color-success-emphasis");
        l.setId("variance-learned-key");
        l.visibleProperty().bind(learnedShown);
        l.managedProperty().bind(l.visibleProperty());
        javafx.scene.layout.FlowPane p = new javafx.scene.layout.FlowPane(10, 2, b, bt, l);
        p.setId("variance-legend");
        return p;
    }

    private static javafx.scene.control.Label key(String text, String color) {
        javafx.scene.control.Label k = new javafx.scene.control.Label("━ " + text);
        k.setStyle("-fx-text-fill: " + color + "; -fx-font-size: 0.85em;");
        return k;
    }

    private final javafx.beans.property.BooleanProperty learnedShown = new javafx.beans.property.SimpleBooleanProperty();

    /** Draws the run's variances; the learned series is on the chart only when the run's model learned them. */
    void setTrajectory(Trajectory tr) {
        cursor.getData().clear();
        List<XYChart.Data<Number, Number>> b = new ArrayList<>(), bt = new ArrayList<>(), l = new ArrayList<>();
        boolean anyLearned = false;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, xMax = 1;
        if (tr != null) {
            int n = tr.size(), every = Math.max(1, (n + TrajectoryChart.MAX_POINTS - 1) / TrajectoryChart.MAX_POINTS);
            for (int i = 0; i < n; i++) {
                StepInfo s = tr.get(i).info();
                if (s.isFinal() || (i % every != 0 && i != n - 2)) {
                    continue;
                }
                int x = s.index() - 1;
                xMax = Math.max(xMax, x);
                double[] ys = {log(s.varianceMax()), log(s.varianceMin()), s.learned() ? log(s.variance()) : Double.NaN};
                if (Double.isFinite(ys[0])) {
                    b.add(new XYChart.Data<>(x, ys[0]));
                }
                if (Double.isFinite(ys[1])) {
                    bt.add(new XYChart.Data<>(x, ys[1]));
                }
                if (s.learned() && Double.isFinite(ys[2])) {
                    anyLearned = true;
                    l.add(new XYChart.Data<>(x, ys[2]));
                }
                for (double y : ys) {
                    if (Double.isFinite(y)) {
                        lo = Math.min(lo, y);
                        hi = Math.max(hi, y);
                    }
                }
            }
        }
        if (lo > hi) {
            lo = -4;
            hi = 0;
        }
        yLow = Math.floor(lo);
        yHigh = Math.max(yLow + 1, Math.ceil(hi));
        ((FixedAxis) getXAxis()).fit(0, xMax, 5);
        ((FixedAxis) getYAxis()).fit(yLow, yHigh, (int) Math.min(6, yHigh - yLow));
        beta.getData().setAll(b);
        betaTilde.getData().setAll(bt);
        learned.getData().setAll(l);
        if (anyLearned && !getData().contains(learned)) {
            getData().add(2, learned);
        } else if (!anyLearned) {
            getData().remove(learned);
        }
        learnedShown.set(anyLearned);
    }

    /** A vertical line at the shown step (none for the final sample, which has no step). */
    void setCursor(Trajectory tr, int position) {
        cursor.getData().clear();
        if (tr == null || position >= tr.size() || tr.get(position).info().isFinal()) {
            return;
        }
        int x = tr.get(position).info().index() - 1;
        cursor.getData().addAll(new XYChart.Data<>(x, yLow), new XYChart.Data<>(x, yHigh));
    }

    /** Whether the learned variance is drawn. */
    boolean showsLearned() {
        return getData().contains(learned) && !learned.getData().isEmpty();
    }

    private static double log(double v) {
        return v > 0 ? Math.log10(v) : Double.NaN;
    }
}
