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
        getYAxis().setLabel("σₜ² (log scale)");
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
        setLegendVisible(true);
    }

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
