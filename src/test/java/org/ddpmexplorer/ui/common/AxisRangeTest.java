package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AxisRangeTest {
    @Test
    void niceCeilRoundsUpToOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertEquals(1, AxisRange.niceCeil(1), 0);
        assertEquals(2, AxisRange.niceCeil(1.01), 0);
        assertEquals(2.5, AxisRange.niceCeil(2.2), 0);
        assertEquals(5, AxisRange.niceCeil(2.6), 0);
        assertEquals(10, AxisRange.niceCeil(5.5), 0);
        assertEquals(0.05, AxisRange.niceCeil(0.043), 1e-15);
        assertEquals(500, AxisRange.niceCeil(400), 0);
        assertThrows(IllegalArgumentException.class, () -> AxisRange.niceCeil(0));
        assertThrows(IllegalArgumentException.class, () -> AxisRange.niceCeil(Double.NaN));
    }

    @Test
    void niceBoundsWidenToWholeTickUnits() {
        assertArrayEquals(new double[] {0, 2000, 500}, AxisRange.niceBounds(0, 2000, 5), 0);
        assertArrayEquals(new double[] {0, 1, 0.2}, AxisRange.niceBounds(0, 0.87, 5), 1e-12);
        assertArrayEquals(new double[] {12_000, 20_000, 2000}, AxisRange.niceBounds(13_000, 20_000, 5), 0);
        double[] single = AxisRange.niceBounds(12_000, 12_000, 5); // one point still gets a range around it
        assertTrue(single[0] <= 12_000 && single[1] > 12_000);
        assertNull(AxisRange.niceBounds(0, Double.NaN, 5));
        assertNull(AxisRange.niceBounds(1, 0, 5));
    }
}
