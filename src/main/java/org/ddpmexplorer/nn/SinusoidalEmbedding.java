package org.ddpmexplorer.nn;

/**
 * The sinusoidal timestep embedding emb = [sin(t·f), cos(t·f)], f_i = exp(-ln(10000)·i/(d/2)),
 * i = 0..d/2-1 (Vaswani et al.; Ho et al. appendix B), shared by the U-Net's and the MLP's time
 * conditioning.
 */
final class SinusoidalEmbedding {
    /** The base of the sinusoid frequencies, as in the Transformer. */
    private static final double MAX_PERIOD = 10000;

    final int dim;
    private final float[] freqs;

    SinusoidalEmbedding(int dim) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("time embedding dimension must be even and >= 2, got " + dim);
        }
        this.dim = dim;
        int half = dim / 2;
        freqs = new float[half];
        for (int i = 0; i < half; i++) {
            freqs[i] = (float) Math.exp(-Math.log(MAX_PERIOD) * i / half);
        }
    }

    /** Writes the embedding of each t[s] into out[s·stride + offset ..+ dim). */
    void embed(int[] t, float[] out, int stride, int offset) {
        int half = dim / 2;
        for (int s = 0; s < t.length; s++) {
            int base = s * stride + offset;
            for (int i = 0; i < half; i++) {
                double arg = (double) t[s] * freqs[i];
                out[base + i] = (float) Math.sin(arg);
                out[base + half + i] = (float) Math.cos(arg);
            }
        }
    }
}
