package org.ddpmexplorer.ui.common;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.chart.ValueAxis;
import javafx.util.StringConverter;

/**
 * A number axis for charts that update live: bounds and tick unit are set by {@link #fit} (never
 * auto-ranged), and the preferred size is remembered while what it depends on is unchanged.
 *
 * <p>Why not {@link javafx.scene.chart.NumberAxis}: its {@code computePrefWidth/Height} recomputes
 * the tick values and lays out every tick label's text each time a chart asks, and a chart asks on
 * every layout, i.e. on every data update. With fixed bounds that is still 5-20 ms of text layout
 * per update of the Train tab's charts on this machine (JFR: {@code Axis.measureTickMarkLabelSize};
 * docs/benchmarks.md, section 'Fixed chart axes'), and NumberAxis is final. The bounds are rounded to a "nice" tick unit (1, 2, 2.5 or 5 × 10^k) as
 * auto-ranging does (JavaFX has no public method for it), so they change only when the data outgrow
 * them. Ticks here are the multiples of the unit between the bounds, labelled
 * with the axis's tick label formatter if set, else {@code #,##0.######}.
 */
public final class FixedAxis extends ValueAxis<Number> {
    private final DoubleProperty tickUnit = new SimpleDoubleProperty(this, "tickUnit", 1) {
        @Override
        protected void invalidated() {
            invalidateRange();
            requestAxisLayout();
        }
    };
    private final DecimalFormat format = new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.ROOT));
    final Memo prefWidthMemo = new Memo(), prefHeightMemo = new Memo();

    /** An axis from 0 to 1 with ticks every 0.2, until {@link #fit} says otherwise. */
    public FixedAxis() {
        super(0, 1);
        setAutoRanging(false);
        setTickUnit(0.2);
    }

    public double getTickUnit() {
        return tickUnit.get();
    }

    public void setTickUnit(double unit) {
        if (!(unit > 0) || !Double.isFinite(unit)) {
            throw new IllegalArgumentException("the tick unit must be positive, got " + unit);
        }
        tickUnit.set(unit);
    }

    public DoubleProperty tickUnitProperty() {
        return tickUnit;
    }

    /** Shows {@link #niceBounds} of [lower, upper], setting only what changed; ignores nonsense. */
    public void fit(double lower, double upper, int ticks) {
        double[] b = niceBounds(lower, upper, ticks);
        if (b == null) {
            return;
        }
        if (getTickUnit() != b[2]) {
            setTickUnit(b[2]);
        }
        if (getLowerBound() != b[0]) {
            setLowerBound(b[0]);
        }
        if (getUpperBound() != b[1]) {
            setUpperBound(b[1]);
        }
    }

    /** The smallest number of the form {1, 2, 2.5, 5} × 10^k that is at least {@code v} (v &gt; 0). */
    static double niceCeil(double v) {
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
    static double[] niceBounds(double lower, double upper, int ticks) {
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

    @Override
    protected Object getRange() {
        return new double[] {getLowerBound(), getUpperBound(), getTickUnit()};
    }

    @Override
    protected void setRange(Object range, boolean animate) {
        double[] r = (double[]) range;
        setLowerBound(r[0]);
        setUpperBound(r[1]);
        setTickUnit(r[2]);
    }

    @Override
    protected List<Number> calculateTickValues(double length, Object range) {
        double[] r = (double[]) range;
        List<Number> ticks = new ArrayList<>();
        long n = (long) Math.floor((r[1] - r[0]) / r[2] + 1e-9);
        if (n > 1000) { // a unit far too small for the range: the ends only
            ticks.add(r[0]);
            ticks.add(r[1]);
            return ticks;
        }
        for (long i = 0; i <= n; i++) {
            ticks.add(r[0] + i * r[2]);
        }
        return ticks;
    }

    @Override
    protected List<Number> calculateMinorTickMarks() {
        List<Number> minor = new ArrayList<>();
        int count = Math.max(1, getMinorTickCount());
        double step = getTickUnit() / count, lo = getLowerBound(), hi = getUpperBound();
        if ((hi - lo) / step > 5000) {
            return minor;
        }
        for (double major = lo; major < hi - 1e-9 * step; major += getTickUnit()) {
            for (int k = 1; k < count; k++) {
                double v = major + k * step;
                if (v < hi) {
                    minor.add(v);
                }
            }
        }
        return minor;
    }

    @Override
    protected String getTickMarkLabel(Number value) {
        StringConverter<Number> f = getTickLabelFormatter();
        return f != null ? f.toString(value) : format.format(value);
    }

    private List<Object> sizeKey() {
        return List.of(getLowerBound(), getUpperBound(), getTickUnit(), getSide(), String.valueOf(getLabel()), getInsets(),
                getTickLabelFont(), getTickLabelGap(), getTickLength(), isTickLabelsVisible(), getTickLabelRotation(),
                Objects.requireNonNullElse(getTickLabelFormatter(), format));
    }

    @Override
    protected double computePrefWidth(double height) {
        return prefWidthMemo.get(height, sizeKey(), super::computePrefWidth);
    }

    @Override
    protected double computePrefHeight(double width) {
        return prefHeightMemo.get(width, sizeKey(), super::computePrefHeight);
    }

    /** The last answer for one dimension and what it was computed from. */
    static final class Memo {
        private double arg = Double.NaN, value;
        private Object key;
        int computed; // how often it really computed (for the test)

        double get(double a, Object k, DoubleUnaryOperator compute) {
            if (a != arg || !k.equals(key)) {
                value = compute.applyAsDouble(a);
                arg = a;
                key = k;
                computed++;
            }
            return value;
        }
    }
}
