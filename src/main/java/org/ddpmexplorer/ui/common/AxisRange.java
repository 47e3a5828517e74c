package org.ddpmexplorer.ui.common;

/**
 * Axis bounds for charts that update live ({@link FixedAxis}). JavaFX's auto-ranging NumberAxis
 * re-measures its tick labels on every data change (NumberAxis.autoRange tries tick units by laying
 * out label text), which the pulse logger and JFR showed as 15-50 ms layout passes per snapshot
 * while training. Fixed bounds rounded to a "nice" tick unit change only when the data outgrow them.
 * (The rounding mirrors what auto-ranging does; JavaFX has no public method for it.)
 */
public final class AxisRange {
    private AxisRange() {
    }

    /** The smallest number of the form {1, 2, 2.5, 5} × 10^k that is at least {@code v} (v &gt; 0). */
    public static double niceCeil(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("need a positive finite value, got " + v);
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /**
     * [lower, upper] widened to whole multiples of a nice tick unit that gives at most about
     * {@code ticks} intervals: {lo, hi, unit}; null for non-finite or empty input.
     */
    public static double[] niceBounds(double lower, double upper, int ticks) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || upper < lower || ticks < 1) {
            return null;
        }
        double span = upper - lower;
        double unit = niceCeil(span > 0 ? span / ticks : Math.max(Math.abs(upper), 1e-9) / ticks);
        double lo = Math.floor(lower / unit + 1e-9) * unit;
        double hi = Math.ceil(upper / unit - 1e-9) * unit;
        if (hi <= lo) {
            hi = lo + unit;
        }
        return new double[] {lo, hi, unit};
    }
}
