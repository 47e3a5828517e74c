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
 * where β̃ is 0, the low end is the step before's β̃ (as the sampler uses it). A cursor marks the shown step,
 * and a readout line under the chart gives its t, the σ² in use and where a learned one lies in its range.
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
        betaTilde.setName("β˜ₜ (lower end)");
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
        javafx.scene.control.Label bt = key("β˜ₜ (lower end)", "-color-warning-emphasis");
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

    private final javafx.scene.control.Label readout = new javafx.scene.control.Label();

    /** The line under the chart that reads the shown step: t, the σ² in use and, if learned, where it lies. */
    javafx.scene.control.Label readout() {
        readout.setId("variance-readout");
        readout.getStyleClass().add("variance-readout");
        readout.setWrapText(true);
        readout.setMinHeight(javafx.scene.control.Control.USE_PREF_SIZE);
        return readout;
    }

    /**
     * The readout of a step: "t = 734 · σₜ² = β˜ₜ = 1.23e-02" for a fixed variance, "t = 734 · σₜ² =
     * 1.23e-02, learned: 37 % of the way from β˜ₜ to βₜ (log scale)" for a learned one; for DDIM the σ²
     * its η adds; for the final sample that no noise is added.
     */
    static String readoutText(StepInfo s) {
        if (s == null) {
            return "";
        }
        if (s.isFinal()) {
            return "t = 0: the sample x₀, after the last step (which adds no noise)";
        }
        String t = "t = " + s.t() + " · ";
        String learned = s.learned() ? String.format(Locale.ROOT, "%s, learned: %.0f %% of the way from %sₜ to βₜ (log scale)",
                sci(s.variance()), learnedPercent(s), org.ddpmexplorer.ui.common.ParameterizationText.BETA_TILDE) : null;
        if (s.kind() == org.ddpmexplorer.diffusion.SamplerConfig.Kind.DDIM) {
            return t + "DDIM adds σ² = " + sci(s.sigma() * s.sigma()) + " (set by η)"
                    + (learned != null ? " · the model's σₜ² = " + learned : "");
        }
        if (s.tPrev() == 0) {
            return t + "the last step adds no noise" + (learned != null ? " · the model's σₜ² = " + learned : "");
        }
        if (learned != null) {
            return t + "σₜ² = " + learned;
        }
        // a fixed variance is β or β˜ of the step exactly (the sampler passes the value it uses through)
        String which = s.variance() == s.varianceMax() ? "βₜ" : org.ddpmexplorer.ui.common.ParameterizationText.BETA_TILDE + "ₜ";
        return t + "σₜ² = " + which + " = " + sci(s.variance());
    }

    /**
     * Where a learned σₜ² lies between β˜ₜ (0 %) and βₜ (100 %) on a log scale, as the network's v sets it
     * (Nichol &amp; Dhariwal eq. 15): 100 (log σ² − log β˜)/(log β − log β˜); 0 when the two ends coincide.
     */
    static double learnedPercent(StepInfo s) {
        double lo = Math.log(s.varianceMin()), hi = Math.log(s.varianceMax());
        return hi - lo > 0 ? 100 * (Math.log(s.variance()) - lo) / (hi - lo) : 0;
    }

    private static String sci(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }

    /** A vertical line at the shown step (none for the final sample, which has no step) and the readout. */
    void setCursor(Trajectory tr, int position) {
        cursor.getData().clear();
        readout.setText(tr == null || position >= tr.size() ? "" : readoutText(tr.get(position).info()));
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
