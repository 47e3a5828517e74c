package org.ddpmexplorer.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The figures {@code evaluate} prints, from a classifier's outputs: Inception Score, Fréchet
 * distance, classes present, mean confidence. Pure functions in double precision.
 */
public final class Metrics {
    /** A class is present when it is the classifier's top-1 choice for at least this fraction of the images (1%). */
    public static final double PRESENCE_FRACTION = 0.01;

    private Metrics() {
    }

    /**
     * The Inception Score (Salimans et al. 2016) of predictions p(y|x_i), one row per image:
     * IS = exp( (1/N) Σ_i KL(p(y|x_i) ‖ p(y)) ), with the marginal p(y) = (1/N) Σ_i p(y|x_i).
     * Computed over all N images as one split (not the mean of 10 splits). It lies in
     * [1, number of classes]: 1 when every image gets the same distribution, the number of
     * classes when each image is classified with certainty and the classes are balanced.
     */
    public static double inceptionScore(double[][] probs) {
        int n = probs.length;
        if (n < 1) {
            throw new IllegalArgumentException("no predictions");
        }
        int k = probs[0].length;
        double[] marginal = new double[k];
        for (double[] p : probs) {
            if (p.length != k) {
                throw new IllegalArgumentException("predictions of different lengths");
            }
            for (int c = 0; c < k; c++) {
                marginal[c] += p[c] / n;
            }
        }
        double kl = 0;
        for (double[] p : probs) {
            for (int c = 0; c < k; c++) {
                if (p[c] > 0) { // 0 log 0 = 0; p[c] > 0 implies marginal[c] > 0
                    kl += p[c] * (Math.log(p[c]) - Math.log(marginal[c]));
                }
            }
        }
        return Math.exp(kl / n);
    }

    /** The mean classifier confidence: (1/N) Σ_i max_y p(y|x_i). */
    public static double meanConfidence(double[][] probs) {
        if (probs.length < 1) {
            throw new IllegalArgumentException("no predictions");
        }
        double sum = 0;
        for (double[] p : probs) {
            double max = 0;
            for (double v : p) {
                max = Math.max(max, v);
            }
            sum += max;
        }
        return sum / probs.length;
    }

    /** How many images have each class as their top-1 prediction (argmax_y p(y|x_i); ties go to the lower class). */
    public static int[] classCounts(double[][] probs) {
        if (probs.length < 1) {
            throw new IllegalArgumentException("no predictions");
        }
        int[] counts = new int[probs[0].length];
        for (double[] p : probs) {
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            counts[best]++;
        }
        return counts;
    }

    /**
     * The number of classes present: classes that are the top-1 prediction of at least
     * {@link #PRESENCE_FRACTION} (1%) of the N images, i.e. count ≥ N/100 (at least one image).
     */
    public static int classesPresent(int[] counts) {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        int present = 0;
        for (int c : counts) {
            if (c >= 1 && c >= PRESENCE_FRACTION * n) {
                present++;
            }
        }
        return present;
    }

    /**
     * The Fréchet distance between two Gaussians (Dowson and Landau 1982; FID, Heusel et al. 2017):
     * d² = ‖μ1 − μ2‖² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^{1/2}).
     * The trace of the matrix square root is computed as Σ_i √λ_i over the eigenvalues λ_i of the
     * symmetric positive semi-definite M = Σ1^{1/2} Σ2 Σ1^{1/2}, which has the same eigenvalues as
     * Σ1 Σ2; both square roots come from commons-math's symmetric eigen-decomposition, in double.
     * Eigenvalues that rounding makes slightly negative are taken as 0.
     */
    public static double frechetDistance(GaussianFit a, GaussianFit b) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new IllegalArgumentException("Gaussians of dimension " + d + " and " + b.dimension());
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        RealMatrix s1 = new Array2DRowRealMatrix(a.cov(), true);
        RealMatrix s2 = new Array2DRowRealMatrix(b.cov(), true);
        RealMatrix sqrt1 = sqrtPsd(s1);
        RealMatrix m = symmetrize(sqrt1.multiply(s2).multiply(sqrt1));
        double traceSqrt = 0;
        for (double lambda : new EigenDecomposition(m).getRealEigenvalues()) {
            traceSqrt += Math.sqrt(Math.max(lambda, 0));
        }
        double d2 = meanTerm + s1.getTrace() + s2.getTrace() - 2 * traceSqrt;
        return Math.max(d2, 0); // rounding can leave a tiny negative number for identical Gaussians
    }

    /** S^{1/2} = V diag(√max(λ, 0)) Vᵀ of a symmetric positive semi-definite S = V diag(λ) Vᵀ. */
    static RealMatrix sqrtPsd(RealMatrix s) {
        EigenDecomposition eig = new EigenDecomposition(symmetrize(s));
        double[] lambda = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        int d = lambda.length;
        double[][] scaled = new double[d][d]; // V diag(√λ)
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                scaled[i][j] = v.getEntry(i, j) * Math.sqrt(Math.max(lambda[j], 0));
            }
        }
        return new Array2DRowRealMatrix(scaled, false).multiply(v.transpose());
    }

    /** (S + Sᵀ)/2: removes the rounding asymmetry that would make commons-math treat S as non-symmetric. */
    static RealMatrix symmetrize(RealMatrix s) {
        return s.add(s.transpose()).scalarMultiply(0.5);
    }
}
