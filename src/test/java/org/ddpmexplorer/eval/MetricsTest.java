package org.ddpmexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

    /** A random symmetric positive definite matrix A Aᵀ + 0.1 I. */
    private static double[][] randomSpd(int d, Random rng) {
        double[][] a = new double[d][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    s[i][j] += a[i][k] * a[j][k];
                }
            }
            s[i][i] += 0.1;
        }
        return s;
    }

    private static double[] randomVector(int d, Random rng) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = rng.nextGaussian();
        }
        return v;
    }

    @Test
    void frechetDistanceOfAGaussianWithItselfIsZero() {
        Random rng = new Random(1);
        GaussianFit g = new GaussianFit(randomVector(20, rng), randomSpd(20, rng));
        double trace = 0;
        for (int i = 0; i < 20; i++) {
            trace += g.cov()[i][i];
        }
        assertEquals(0, Metrics.frechetDistance(g, g), 1e-8 * trace);
    }

    @Test
    void frechetDistanceOfDiagonalGaussiansIsTheClosedForm() {
        // d² = ‖μ1 − μ2‖² + Σ_i (√a_i − √b_i)² for Σ1 = diag(a), Σ2 = diag(b)
        Random rng = new Random(2);
        int d = 7;
        double[] m1 = randomVector(d, rng), m2 = randomVector(d, rng);
        double[][] s1 = new double[d][d], s2 = new double[d][d];
        double expected = 0;
        for (int i = 0; i < d; i++) {
            double a = 0.1 + 3 * rng.nextDouble(), b = 0.1 + 3 * rng.nextDouble();
            s1[i][i] = a;
            s2[i][i] = b;
            expected += (Math.sqrt(a) - Math.sqrt(b)) * (Math.sqrt(a) - Math.sqrt(b)) + (m1[i] - m2[i]) * (m1[i] - m2[i]);
        }
        double fd = Metrics.frechetDistance(new GaussianFit(m1, s1), new GaussianFit(m2, s2));
        assertEquals(expected, fd, 1e-9);
        assertTrue(expected > 1, "the case is not trivial");
    }

    @Test
    void frechetDistanceIsSymmetricForFullCovariances() {
        // Tr((Σ1 Σ2)^{1/2}) = Tr((Σ2 Σ1)^{1/2}), so swapping the Gaussians must not change d²
        Random rng = new Random(3);
        GaussianFit a = new GaussianFit(randomVector(10, rng), randomSpd(10, rng));
        GaussianFit b = new GaussianFit(randomVector(10, rng), randomSpd(10, rng));
        double ab = Metrics.frechetDistance(a, b);
        assertTrue(ab > 1);
        assertEquals(ab, Metrics.frechetDistance(b, a), 1e-8 * ab);
    }

    @Test
    void frechetDistanceOfScaledCovarianceIsTheClosedForm() {
        // Σ2 = c² Σ1, same mean: d² = Tr(Σ1) (1 − c)²
        Random rng = new Random(4);
        double[][] s1 = randomSpd(6, rng);
        double c = 2.5;
        double[][] s2 = new double[6][6];
        double trace = 0;
        for (int i = 0; i < 6; i++) {
            trace += s1[i][i];
            for (int j = 0; j < 6; j++) {
                s2[i][j] = c * c * s1[i][j];
            }
        }
        double[] mu = randomVector(6, rng);
        assertEquals(trace * (1 - c) * (1 - c), Metrics.frechetDistance(new GaussianFit(mu, s1), new GaussianFit(mu, s2)),
                1e-9 * trace);
    }

    @Test
    void gaussianFitIsTheSampleMeanAndUnbiasedCovariance() {
        double[][] f = {{1, 2}, {3, 6}, {5, 4}};
        GaussianFit g = GaussianFit.of(f);
        assertArrayEquals(new double[] {3, 4}, g.mean(), 1e-12);
        // deviations (-2,-2), (0,2), (2,0): Σ = [[8, 4], [4, 8]] / (3 - 1)
        assertArrayEquals(new double[] {4, 2}, g.cov()[0], 1e-12);
        assertArrayEquals(new double[] {2, 4}, g.cov()[1], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> GaussianFit.of(new double[][] {{1, 2}}));
    }

    @Test
    void inceptionScoreOfUniformPredictionsIsOne() {
        double[][] p = new double[50][10];
        for (double[] row : p) {
            java.util.Arrays.fill(row, 0.1);
        }
        assertEquals(1.0, Metrics.inceptionScore(p), 1e-12);
    }

    @Test
    void inceptionScoreOfConfidentBalancedPredictionsIsTheNumberOfClasses() {
        double[][] p = new double[100][10];
        for (int i = 0; i < p.length; i++) {
            java.util.Arrays.fill(p[i], 0.001);
            p[i][i % 10] = 1 - 9 * 0.001; // confident, and each class 10 times
        }
        double is = Metrics.inceptionScore(p);
        assertTrue(is > 9.3 && is <= 10, "IS " + is);
        double[][] one = new double[100][10];
        for (double[] row : one) {
            row[3] = 1; // certain, but always the same class
        }
        assertEquals(1.0, Metrics.inceptionScore(one), 1e-12);
    }

    @Test
    void classesPresentCountsClassesWithAtLeastOnePercent() {
        int[] counts = {500, 300, 100, 60, 30, 9, 1, 0, 0, 0}; // N = 1000: the 1% bar is 10 images
        assertEquals(5, Metrics.classesPresent(counts));
        assertEquals(10, Metrics.classesPresent(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    }

    @Test
    void classCountsAndMeanConfidenceFollowTheArgmax() {
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.5, 0.4}, {0.2, 0.2, 0.6}, {0.1, 0.8, 0.1}};
        assertArrayEquals(new int[] {1, 2, 1}, Metrics.classCounts(p));
        assertEquals((0.7 + 0.5 + 0.6 + 0.8) / 4, Metrics.meanConfidence(p), 1e-12);
    }
}
