package org.ddpmexplorer.ui.plane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PointRasterTest {
    @Test
    void aDotLandsWhereItsDataCoordinatesSayYUp() {
        PointRaster r = new PointRaster(80); // 10 px per data unit
        r.clear();
        r.dots(new float[] {2, 3}, -1, 0xFF0000, 1.5, 1);
        int x = (int) r.px(2), y = (int) r.py(3);
        assertEquals(60, x);
        assertEquals(10, y); // +3 is near the top
        assertEquals(0xFFFF0000, r.pixels()[y * 80 + x]);
        assertEquals(PointRaster.BACKGROUND, r.pixels()[(80 - y) * 80 + x], "not mirrored");
        assertEquals(2, PointRaster.dataX(x + 0.0, 80), 1e-9);
    }

    @Test
    void blendsByAlphaAndSkipsPointsOffThePlotOrNaN() {
        PointRaster r = new PointRaster(40);
        r.clear();
        r.dots(new float[] {0, 0, Float.NaN, 1, 100, 100}, -1, 0x000000, 1, 0.5);
        int c = r.pixels()[(int) r.py(0) * 40 + (int) r.px(0)];
        int grey = c & 0xFF;
        assertTrue(grey > 100 && grey < 156, "half-way to black: " + grey);
    }

    @Test
    void theHeatMapFollowsTheGridRowZeroAtTheTop() {
        PointRaster r = new PointRaster(20);
        r.clear();
        float[] grid = new float[4]; // 2x2
        grid[0] = 1; // top left
        r.density(grid, 2);
        assertNotEquals(PointRaster.BACKGROUND, r.pixels()[0]);
        assertEquals(PointRaster.BACKGROUND, r.pixels()[19 * 20 + 19], "zero density leaves the background");
        assertEquals(PointRaster.ramp(1), r.pixels()[0]);
    }

    @Test
    void convertsToAnRgbTensorInMinusOneToOne() {
        PointRaster r = new PointRaster(8);
        r.clear();
        float[] t = r.toRgbTensor();
        assertEquals(8 * 8 * 3, t.length);
        assertEquals(1, t[0], 1e-6);
    }
}
