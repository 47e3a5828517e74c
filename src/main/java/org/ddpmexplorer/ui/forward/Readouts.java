package org.ddpmexplorer.ui.forward;

import java.util.Locale;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.ImageMetrics;

/**
 * The numbers shown under the image for the current t.
 *
 * @param t             the timestep
 * @param timesteps     T
 * @param beta          β_t
 * @param alphaBar      ᾱ_t
 * @param sqrtAlphaBar  √ᾱ_t, the weight of x_0 in x_t
 * @param sqrtOneMinus  √(1-ᾱ_t), the weight of ε in x_t
 * @param snrDb         10·log10(ᾱ_t/(1-ᾱ_t)), +∞ at t = 0
 * @param psnr          PSNR of x_t against x_0 in dB (NaN until x_t is computed)
 * @param noiseStd      measured std of x_t − √ᾱ_t x_0 (NaN until computed); expected √(1-ᾱ_t)
 */
public record Readouts(int t, int timesteps, double beta, double alphaBar, double sqrtAlphaBar, double sqrtOneMinus,
                       double snrDb, double psnr, double noiseStd) {

    /** The schedule's numbers at t, without the image measurements. */
    public static Readouts of(GaussianDiffusion d, int t) {
        return new Readouts(t, d.timesteps(), d.beta(t), d.alphaBar(t), d.sqrtAlphaBar(t), d.sqrtOneMinusAlphaBar(t),
                ImageMetrics.snrDb(d, t), Double.NaN, Double.NaN);
    }

    public Readouts withMeasurements(double psnrDb, double measuredNoiseStd) {
        return new Readouts(t, timesteps, beta, alphaBar, sqrtAlphaBar, sqrtOneMinus, snrDb, psnrDb, measuredNoiseStd);
    }

    /** A probability-like value: 4 decimals, or scientific notation when tiny. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == 0) {
            return "0";
        }
        return Math.abs(v) < 1e-3 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Decibels with one decimal, ∞ for infinite. */
    static String fmtDb(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞ dB" : "−∞ dB";
        }
        return String.format(Locale.ROOT, "%.1f dB", v).replace('-', '−');
    }
}
