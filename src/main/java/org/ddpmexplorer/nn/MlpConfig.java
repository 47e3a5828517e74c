package org.ddpmexplorer.nn;

/**
 * The size of the 2-D playground's denoiser ({@link Mlp}).
 *
 * @param hidden        units per hidden layer
 * @param depth         residual blocks after the input layer
 * @param timeEmbedding dimension of the sinusoidal time embedding (even)
 * @param frequencies   Fourier features of the position: sin and cos of 2^k·x and 2^k·y for
 *                      k = 0..frequencies-1 join (x, y) at the input (0: none). They let a small
 *                      network draw sharp edges (Tancik et al. 2020), such as the checkerboard's.
 */
public record MlpConfig(int hidden, int depth, int timeEmbedding, int frequencies) {
    /** Bounds that keep a model small enough to train in seconds and a model file sane to load. */
    public static final int MAX_HIDDEN = 1024, MAX_DEPTH = 16, MAX_TIME_EMBEDDING = 256, MAX_FREQUENCIES = 12;

    public MlpConfig {
        if (hidden < 1 || hidden > MAX_HIDDEN) {
            throw new IllegalArgumentException("hidden units must be in 1.." + MAX_HIDDEN + ", got " + hidden);
        }
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be in 0.." + MAX_DEPTH + ", got " + depth);
        }
        if (timeEmbedding < 2 || timeEmbedding > MAX_TIME_EMBEDDING || timeEmbedding % 2 != 0) {
            throw new IllegalArgumentException("time embedding must be even and in 2.." + MAX_TIME_EMBEDDING + ", got "
                    + timeEmbedding);
        }
        if (frequencies < 0 || frequencies > MAX_FREQUENCIES) {
            throw new IllegalArgumentException("frequencies must be in 0.." + MAX_FREQUENCIES + ", got " + frequencies);
        }
    }

    /** A network fed (x, y) without Fourier features. */
    public MlpConfig(int hidden, int depth, int timeEmbedding) {
        this(hidden, depth, timeEmbedding, 0);
    }

    /** Width of the input layer: x, y, four features per frequency, the time embedding. */
    public int inputWidth() {
        return 2 + 4 * frequencies + timeEmbedding;
    }

    /**
     * The playground's default: 128 units, three residual blocks, a 32-wide time embedding and five
     * Fourier frequencies (1 to 16 per unit of the standard coordinates): without them the
     * checkerboard stayed blurred at 8x the floor of two per-draw-standardised draws after 2,000 steps, with them 1.9x
     * (docs/plane.md).
     */
    public static MlpConfig defaults() {
        return new MlpConfig(128, 3, 32, 5);
    }
}
