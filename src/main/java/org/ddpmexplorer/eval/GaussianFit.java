package org.ddpmexplorer.eval;

/**
 * A Gaussian fitted to feature vectors: their mean μ and covariance Σ, as FID uses them.
 *
 * @param mean μ, [d]
 * @param cov  Σ, [d][d], symmetric
 */
public record GaussianFit(double[] mean, double[][] cov) {
    public GaussianFit {
        int d = mean.length;
        if (d < 1 || cov.length != d) {
            throw new IllegalArgumentException("a " + d + "-dimensional mean needs a " + d + "x" + d + " covariance");
        }
        for (double[] row : cov) {
            if (row.length != d) {
                throw new IllegalArgumentException("the covariance is not square");
            }
        }
    }

    public int dimension() {
        return mean.length;
    }

    /**
     * Fits μ = (1/n) Σ_i f_i and the unbiased covariance Σ = 1/(n-1) Σ_i (f_i - μ)(f_i - μ)ᵀ
     * (numpy's {@code np.cov(rowvar=False)}, as pytorch-fid computes it) to n ≥ 2 feature vectors.
     */
    public static GaussianFit of(double[][] features) {
        int n = features.length;
        if (n < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 feature vectors, not " + n);
        }
        int d = features[0].length;
        double[] mu = new double[d];
        for (double[] f : features) {
            if (f.length != d) {
                throw new IllegalArgumentException("feature vectors of different lengths");
            }
            for (int j = 0; j < d; j++) {
                mu[j] += f[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (double[] f : features) {
            for (int j = 0; j < d; j++) {
                c[j] = f[j] - mu[j];
            }
            for (int j = 0; j < d; j++) {
                double cj = c[j];
                if (cj == 0) {
                    continue; // ReLU features are often exactly 0
                }
                double[] row = cov[j];
                for (int k = j; k < d; k++) {
                    row[k] += cj * c[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int k = j; k < d; k++) {
                cov[j][k] /= n - 1;
                cov[k][j] = cov[j][k];
            }
        }
        return new GaussianFit(mu, cov);
    }
}
