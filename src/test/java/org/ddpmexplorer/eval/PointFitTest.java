package org.ddpmexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fit figure: the floor is E|Y−Y'|(1/K + 1/M), a model as good as the data has a ratio near 1,
 * a shifted one far above it.
 */
class PointFitTest {
    /** The "data shape" of these tests: a standard 2-D Gaussian (E|Y−Y'| = √π). */
    private static final PointFit.Shape GAUSSIAN = (n, seed) -> EnergyDistanceTest.gaussian(n, 0, 0, 31 * seed);

    @Test
    void aModelAsGoodAsTheDataIsNearOneAndAShiftedOneIsNot() {
        PointFit.Result same = PointFit.of(EnergyDistanceTest.gaussian(PointFit.SAMPLES, 0, 0, 5), GAUSSIAN, 0);
        // E|Y−Y'| = √π for N(0, I) in 2-D, estimated without bias from 10,000 points
        assertEquals(Math.sqrt(Math.PI), same.data(), 0.02);
        assertEquals(Math.sqrt(Math.PI), same.within(), 0.03);
        assertEquals(Math.sqrt(Math.PI) * (1.0 / PointFit.K + 1.0 / PointFit.M), same.floor(), 0.02 * same.floor());
        // the estimate's spread for a perfect model is about 0.3 (PointFit's javadoc): 1 ± 2 of those
        assertEquals(1, same.ratio(), 0.6, "ratio " + same.ratio());
        // a model off by 0.3 in x: D² = 2E|Z + μ| − 2E|Z|, Z ~ N(0, 2I), about 0.06, some 50 floors
        PointFit.Result off = PointFit.of(EnergyDistanceTest.gaussian(PointFit.SAMPLES, 0.3, 0, 5), GAUSSIAN, 0);
        assertEquals(2 * EnergyDistanceTest.riceMean(0.3) - 2 * EnergyDistanceTest.riceMean(0), off.d2(), 0.01);
        assertTrue(off.ratio() > 30, "ratio " + off.ratio());
        assertEquals(same.floor(), off.floor(), 1e-12, "the floor depends on the shape and the sizes, not the samples");
    }

    @Test
    void tooFewOrOddValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PointFit.of(new float[] {1, 2}, GAUSSIAN, 0));
        assertThrows(IllegalArgumentException.class, () -> PointFit.of(new float[] {1, 2, 3}, GAUSSIAN, 0));
    }
}
