package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedule values against the papers' formulas, written out here independently of the code. */
class BetaScheduleFormulaTest {
    private static final double TOL = 1e-12;

    @ParameterizedTest(name = "linear T={0}")
    @ValueSource(ints = {1000, 250})
    void linearMatchesHo2020(int T) {
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.LINEAR, T);
        double scale = 1000.0 / T, b1 = 1e-4 * scale, bT = 0.02 * scale;
        for (int t : new int[] {1, T / 2, T}) {
            double expected = b1 + (bT - b1) * (t - 1) / (T - 1);
            assertEquals(expected, d.beta(t), TOL, "beta_" + t);
        }
        // ᾱ_t = ∏ (1 - β_s)
        double prod = 1;
        for (int s = 1; s <= T / 2; s++) {
            prod *= 1 - (b1 + (bT - b1) * (s - 1) / (T - 1));
        }
        assertEquals(prod, d.alphaBar(T / 2), 1e-12);
    }

    private static double cosineF(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double sigmoidAlphaBar(double u) {
        return (sigmoid(3) - sigmoid(u * 6 - 3)) / (sigmoid(3) - sigmoid(-3));
    }

    @ParameterizedTest(name = "{0} T={1}")
    @CsvSource({"COSINE,1000", "COSINE,250", "SIGMOID,1000", "SIGMOID,250"})
    void alphaBarSchedulesMatchTheirFormula(BetaSchedule schedule, int T) {
        GaussianDiffusion d = new GaussianDiffusion(schedule, T);
        for (int t : new int[] {1, T / 2}) {
            double expected = schedule == BetaSchedule.COSINE
                    ? cosineF((double) t / T) / cosineF(0)
                    : sigmoidAlphaBar((double) t / T);
            assertEquals(expected, d.alphaBar(t), 1e-10, "alpha_bar_" + t);
            double prev = schedule == BetaSchedule.COSINE
                    ? cosineF((double) (t - 1) / T) / cosineF(0)
                    : sigmoidAlphaBar((double) (t - 1) / T);
            assertEquals(1 - expected / prev, d.beta(t), 1e-10, "beta_" + t);
        }
        // At t = T the formula gives ᾱ = 0, i.e. β = 1, which is clipped to 0.999.
        assertEquals(0.999, d.beta(T), TOL);
        assertEquals(d.alphaBar(T - 1) * 0.001, d.alphaBar(T), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"LINEAR,10", "LINEAR,1000", "LINEAR,4000", "COSINE,10", "COSINE,1000", "COSINE,4000",
            "SIGMOID,10", "SIGMOID,1000", "SIGMOID,4000"})
    void alphaBarIsStrictlyDecreasingAndPositive(BetaSchedule schedule, int T) {
        GaussianDiffusion d = new GaussianDiffusion(schedule, T);
        assertEquals(1.0, d.alphaBar(0));
        for (int t = 1; t <= T; t++) {
            assertTrue(d.alphaBar(t) < d.alphaBar(t - 1), "ᾱ not decreasing at t=" + t);
            assertTrue(d.alphaBar(t) > 0, "ᾱ not positive at t=" + t);
            assertTrue(d.beta(t) > 0 && d.beta(t) <= BetaSchedule.MAX_BETA, "β out of range at t=" + t);
        }
        assertTrue(d.alphaBar(T) < 0.01, "the image is not destroyed at T: ᾱ_T = " + d.alphaBar(T));
    }
}
