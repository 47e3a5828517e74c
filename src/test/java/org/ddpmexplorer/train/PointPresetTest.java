package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The 2-D data sets and the standard coordinates. */
class PointPresetTest {
    static void assertStandard(PointSet p) {
        double mx = 0, my = 0, ss = 0;
        for (int i = 0; i < p.size(); i++) {
            mx += p.x(i);
            my += p.y(i);
        }
        mx /= p.size();
        my /= p.size();
        for (int i = 0; i < p.size(); i++) {
            ss += (p.x(i) - mx) * (p.x(i) - mx) + (p.y(i) - my) * (p.y(i) - my);
        }
        assertEquals(0, mx, 1e-4);
        assertEquals(0, my, 1e-4);
        assertEquals(1, ss / (2 * p.size()), 1e-4, "mean of (x² + y²)/2");
    }

    @ParameterizedTest
    @EnumSource(PointPreset.class)
    void presetsAreStandardisedAndRepeatable(PointPreset preset) {
        PointSet a = preset.sample(PointPreset.DEFAULT_POINTS, 7);
        assertEquals(8000, a.size());
        assertStandard(a);
        assertEquals(a, preset.sample(8000, 7));
        assertFalse(a.equals(preset.sample(8000, 8)));
        assertSame(preset, PointPreset.byId(preset.id()));
        assertSame(preset, PointPreset.byId(" " + preset.id().toUpperCase() + " "));
    }

    @Test
    void shapes() {
        // circles: two radii with ratio 2
        PointSet c = PointPreset.CIRCLES.sample(4000, 1);
        int inner = 0;
        double rIn = 0, rOut = 0;
        for (int i = 0; i < c.size(); i++) {
            double r = Math.hypot(c.x(i), c.y(i));
            if (r < 1.34) { // the standardised radii are about 0.89 and 1.79
                inner++;
                rIn += r;
            } else {
                rOut += r;
            }
        }
        assertEquals(2000, inner, 120);
        assertEquals(2, (rOut / (4000 - inner)) / (rIn / inner), 0.05);
        // checkerboard: only the dark squares of the 4x4 board are used
        PointSet b = PointPreset.CHECKERBOARD.sample(4000, 1);
        int[] cells = new int[16];
        for (int i = 0; i < b.size(); i++) {
            // back to board units: the board's points have variance 4/3 per axis on [-2, 2]
            double s = Math.sqrt(4.0 / 3);
            int cx = (int) Math.floor(b.x(i) * s + 2), cy = (int) Math.floor(b.y(i) * s + 2);
            cells[Math.max(0, Math.min(3, cy)) * 4 + Math.max(0, Math.min(3, cx))]++;
        }
        int empty = 0;
        for (int k : cells) {
            empty += k < 40 ? 1 : 0;
        }
        assertEquals(8, empty, java.util.Arrays.toString(cells));
        // eight Gaussians: eight clusters around the ring, none at the centre
        PointSet g = PointPreset.EIGHT_GAUSSIANS.sample(4000, 1);
        for (int i = 0; i < g.size(); i++) {
            assertTrue(Math.hypot(g.x(i), g.y(i)) > 0.6);
        }
    }

    @Test
    void unknownIdListsTheIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointPreset.byId("moons"));
        assertTrue(e.getMessage().contains("two-moons") && e.getMessage().contains("smiley"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PointPreset.TWO_MOONS.sample(0, 1));
    }

    @Test
    void textFillsTheGlyphs() {
        // "O" is a ring: its centre is empty and its points surround it
        PointSet o = PointPreset.text("O", 3000, 3);
        assertEquals(3000, o.size());
        assertStandard(o);
        for (int i = 0; i < o.size(); i++) {
            assertTrue(Math.hypot(o.x(i), o.y(i)) > 0.4, "a point in the hole of the O");
        }
        // "I" is a tall bar: much more spread in y than in x
        PointSet bar = PointPreset.text("I", 2000, 3);
        double vx = 0, vy = 0;
        for (int i = 0; i < bar.size(); i++) {
            vx += bar.x(i) * bar.x(i);
            vy += bar.y(i) * bar.y(i);
        }
        assertTrue(vy > 10 * vx, "vx " + vx + " vy " + vy);
        // a wide word is wider than tall, and the y axis points up: "T"'s bar is at the top
        PointSet t = PointPreset.text("T", 2000, 3);
        double topWidth = 0, bottomWidth = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.y(i) > 0.8) {
                topWidth = Math.max(topWidth, Math.abs(t.x(i)));
            } else if (t.y(i) < -0.8) {
                bottomWidth = Math.max(bottomWidth, Math.abs(t.x(i)));
            }
        }
        assertTrue(topWidth > 2 * bottomWidth, "top " + topWidth + " bottom " + bottomWidth);
        assertEquals(PointPreset.text("Hi", 500, 1), PointPreset.text("Hi", 500, 1));
        assertThrows(IllegalArgumentException.class, () -> PointPreset.text("   ", 100, 1));
        assertThrows(IllegalArgumentException.class, () -> PointPreset.text("x".repeat(100), 100, 1));
    }

    @Test
    void pointSetIsImmutableAndSubsamples() {
        float[] raw = {1, 2, 3, 4, 5, 6};
        PointSet p = new PointSet(raw);
        raw[0] = 99;
        assertEquals(1f, p.x(0));
        p.xy()[0] = 99;
        assertEquals(1f, p.x(0));
        assertSame(p, p.subsample(3, 1));
        PointSet s = p.subsample(2, 1);
        assertEquals(2, s.size());
        assertTrue(s.x(0) != s.x(1));
        assertEquals(s, p.subsample(2, 1));
        // a set without spread is only centred
        assertArrayEquals(new float[] {0, 0, 0, 0}, new PointSet(new float[] {2, 3, 2, 3}).standardised().xy());
        assertThrows(IllegalArgumentException.class, () -> new PointSet(new float[3]));
    }
}
