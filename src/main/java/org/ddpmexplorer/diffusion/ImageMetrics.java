package org.ddpmexplorer.diffusion;

/** Numbers that describe how much of the image is left at t. */
public final class ImageMetrics {
    /** Peak-to-peak range of pixel values in [-1, 1], the "MAX" of PSNR. */
    static final double PEAK = 2.0;

    private ImageMetrics() {
    }

    /**
     * PSNR of an image against a reference, in dB: 10·log10(PEAK² / MSE), with x clipped to
     * [-1, 1] first (as it is displayed) and PEAK = 2 (so it equals the 8-bit PSNR with MAX = 255).
     * Infinite when the images are equal.
     */
    public static double psnr(float[] reference, float[] x) {
        if (reference.length != x.length || x.length == 0) {
            throw new IllegalArgumentException("images differ in size: " + reference.length + " vs " + x.length);
        }
        double se = 0;
        for (int i = 0; i < x.length; i++) {
            double v = Math.max(-1, Math.min(1, x[i]));
            double e = v - reference[i];
            se += e * e;
        }
        double mse = se / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(PEAK * PEAK / mse);
    }

    /** SNR of q(x_t | x_0) in dB: 10·log10(ᾱ_t / (1-ᾱ_t)); +∞ at t = 0. */
    public static double snrDb(GaussianDiffusion d, int t) {
        return 10 * Math.log10(d.snr(t));
    }

    /** Mean and standard deviation of a set of values. */
    public record Moments(double mean, double std) {
    }

    /**
     * Mean and standard deviation of the noise part of x_t, r = x_t − √ᾱ_t x_0, which under
     * q(x_t | x_0) is N(0, (1-ᾱ_t) I): the std should be √(1-ᾱ_t) (eq. 4).
     */
    public static Moments noiseMoments(GaussianDiffusion d, int t, float[] x0, float[] xt) {
        double a = d.sqrtAlphaBar(t), sum = 0, sq = 0;
        for (int i = 0; i < xt.length; i++) {
            double r = xt[i] - a * x0[i];
            sum += r;
            sq += r * r;
        }
        double mean = sum / xt.length;
        return new Moments(mean, Math.sqrt(Math.max(0, sq / xt.length - mean * mean)));
    }
}
