package org.ddpmexplorer.nn;

/**
 * The size of the 2-D playground's denoiser ({@link Mlp}).
 *
 * @param hidden        units per hidden layer
 * @param depth         residual blocks after the input layer
 * @param timeEmbedding dimension of the sinusoidal time embedding (even)
 */
public record MlpConfig(int hidden, int depth, int timeEmbedding) {
    /** Bounds that keep a model small enough to train in seconds and a model file sane to load. */
    public static final int MAX_HIDDEN = 1024, MAX_DEPTH = 16, MAX_TIME_EMBEDDING = 256;

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
    }

    /** The playground's default: 128 units, three residual blocks, a 32-wide time embedding. */
    public static MlpConfig defaults() {
        return new MlpConfig(128, 3, 32);
    }
}
