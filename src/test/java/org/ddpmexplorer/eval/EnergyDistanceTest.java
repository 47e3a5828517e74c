package org.ddpmexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The energy distance against its closed form for Gaussians. */
class EnergyDistanceTest {
    static float[] gaussian(int n, double mx, double my, long seed) {
        Random r = new Random(seed);
        float[] p = new float[2 * n];
        for (int i = 0; i < n; i++) {
            p[2 * i] = (float) (mx + r.nextGaussian());
            p[2 * i + 1] = (float) (my + r.nextGaussian());
        }
        return p;
    }

    /**
     * E|Z| for Z ~ N(μ, 2I) in 2-D, |μ| = ν: the mean of the Rice distribution with σ = √2,
     * σ√(π/2) L_{1/2}(−ν²/(2σ²)), L_{1/2}(x) = e^{x/2}[(1−x) I₀(−x/2) − x I₁(−x/2)].
     */
    static double riceMean(double nu) {
        double sigma = Math.sqrt(2), x = -nu * nu / (2 * sigma * sigma);
        double l = Math.exp(x / 2) * ((1 - x) * besselI(0, -x / 2) - x * besselI(1, -x / 2));
        return sigma * Math.sqrt(Math.PI / 2) * l;
    }

    /** The modified Bessel function I_k(z) by its power series. */
    static double besselI(int k, double z) {
        double sum = 0, term = Math.pow(z / 2, k) / (k == 0 ? 1 : 1);
        for (int m = 0; m < 60; m++) {
            sum += term;
            term *= (z / 2) * (z / 2) / ((m + 1.0) * (m + 1 + k));
        }
        return sum;
    }

    @Test
    void identicalSetsAreZeroAndTwoDrawsAreNearTheFloor() {
        float[] a = gaussian(2000, 0, 0, 1);
        assertEquals(0, EnergyDistance.between(a, a.clone()), 1e-9);
        // for one distribution the V-statistic's expectation is E|X−X'|(1/n + 1/m), E|X−X'| = √π; a single
        // figure fluctuates by about as much, so the test averages 20 pairs of draws of 1000 points
        double sum = 0;
        for (int k = 0; k < 20; k++) {
            double floor = EnergyDistance.between(gaussian(1000, 0, 0, 10 + k), gaussian(1000, 0, 0, 100 + k));
            assertTrue(floor > 0);
            sum += floor;
        }
        assertEquals(Math.sqrt(Math.PI) * (2 / 1000.0), sum / 20, 0.2 * Math.sqrt(Math.PI) * (2 / 1000.0));
    }

    @Test
    void shiftedGaussiansMatchTheClosedForm() {
        for (double shift : new double[] {0.5, 1, 3}) {
            int n = 3000;
            float[] a = gaussian(n, 0, 0, 3), b = gaussian(n, shift, 0, 4);
            // D² = 2E|X−Y| − E|X−X'| − E|Y−Y'|; the V-statistic counts the n zero pairs (i = i) in each
            // within-set mean: E|X−X'| is then (1 − 1/n)√π
            double want = 2 * riceMean(shift) - 2 * (1 - 1.0 / n) * Math.sqrt(Math.PI);
            assertEquals(want, EnergyDistance.between(a, b), 0.01 + 0.02 * want, "shift " + shift);
        }
        assertEquals(Math.sqrt(Math.PI), riceMean(0), 1e-12);
    }

    @Test
    void largeSetsAreSubsampledRepeatably() {
        float[] a = gaussian(12_000, 0, 0, 5), b = gaussian(9_000, 0.2, 0, 6);
        assertEquals(EnergyDistance.between(a, b), EnergyDistance.between(a, b), 0);
        assertTrue(EnergyDistance.between(a, b) > 0.01);
    }
}
