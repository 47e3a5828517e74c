package org.ddpmexplorer.nn;

/**
 * Dense-layer kernels on heap arrays, row-major, written so that the JIT vectorises the inner loop
 * (a contiguous a·x + y over the output units): the plain-Java alternative that {@link MlpBench}
 * measures against the engine's libnd4j matmuls (see {@link Mlp}).
 */
final class DenseLoops {
    private DenseLoops() {
    }

    /** y[rows, out] = x[rows, in] · w[in, out] + b[out] for rows [r0, r1). */
    static void forward(float[] x, float[] w, int wOff, float[] b, int bOff, float[] y, int in, int out, int r0, int r1) {
        for (int i = r0; i < r1; i++) {
            int yo = i * out, xo = i * in;
            System.arraycopy(b, bOff, y, yo, out);
            for (int k = 0; k < in; k++) {
                float a = x[xo + k];
                if (a == 0f) {
                    continue;
                }
                int wo = wOff + k * out;
                for (int j = 0; j < out; j++) {
                    y[yo + j] += a * w[wo + j];
                }
            }
        }
    }

    /** dW[in, out] += xᵀ · dy and db[out] += Σ_rows dy, over rows [0, rows). */
    static void paramGrads(float[] x, float[] dy, float[] dw, int wOff, float[] db, int bOff, int in, int out, int rows) {
        for (int i = 0; i < rows; i++) {
            int yo = i * out, xo = i * in;
            for (int j = 0; j < out; j++) {
                db[bOff + j] += dy[yo + j];
            }
            for (int k = 0; k < in; k++) {
                float a = x[xo + k];
                if (a == 0f) {
                    continue;
                }
                int wo = wOff + k * out;
                for (int j = 0; j < out; j++) {
                    dw[wo + j] += a * dy[yo + j];
                }
            }
        }
    }

    /** dx[rows, in] (+)= dy[rows, out] · wᵀ, given wt = wᵀ [out, in]; adds when {@code accumulate}. */
    static void inputGrad(float[] dy, float[] wt, float[] dx, int in, int out, int rows, boolean accumulate) {
        for (int i = 0; i < rows; i++) {
            int xo = i * in, yo = i * out;
            if (!accumulate) {
                java.util.Arrays.fill(dx, xo, xo + in, 0f);
            }
            for (int j = 0; j < out; j++) {
                float a = dy[yo + j];
                int wo = j * in;
                for (int k = 0; k < in; k++) {
                    dx[xo + k] += a * wt[wo + k];
                }
            }
        }
    }

    /** wt[out, in] = w[in, out]ᵀ. */
    static void transpose(float[] w, int wOff, float[] wt, int in, int out) {
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out; j++) {
                wt[j * in + k] = w[wOff + k * out + j];
            }
        }
    }
}
