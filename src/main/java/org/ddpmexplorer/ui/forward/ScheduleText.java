package org.ddpmexplorer.ui.forward;

import java.util.Locale;
import org.ddpmexplorer.diffusion.GaussianDiffusion;

/** The numbers {@link ScheduleChart} prints: values in its legend and tick labels on its axes. */
final class ScheduleText {
    private ScheduleText() {
    }

    /** The value of panel {@code panel} (0 ᾱ, 1 β, 2 SNR) at t, as the legend prints it. */
    static String value(boolean linear, GaussianDiffusion d, int t, int panel) {
        double v = panel == 0 ? d.alphaBar(t) : panel == 1 ? d.beta(t) : d.snr(t);
        if (Double.isInfinite(v)) {
            return "∞";
        }
        if (!linear) {
            return v == 0 ? "0" : String.format(Locale.ROOT, v >= 0.01 && v < 1000 ? "%.3g" : "%.2e", v);
        }
        return v != 0 && v < 1e-3 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A linear axis's tick value: "0", "1" or two decimals. */
    static String trim(double v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** 10^e as "10⁻⁴" (superscript digits), "1" and "10". */
    static String pow10(int e) {
        if (e == 0) {
            return "1";
        }
        if (e == 1) {
            return "10";
        }
        String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder b = new StringBuilder("10");
        if (e < 0) {
            b.append('⁻');
        }
        for (char c : Integer.toString(Math.abs(e)).toCharArray()) {
            b.append(sup.charAt(c - '0'));
        }
        return b.toString();
    }
}
