package org.ddpmexplorer.ui.plane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrajectoryTest {
    /** Two particles, states at t = 10, 5, 0 (a DDIM run that skips steps). */
    private final Trajectory tr = new Trajectory(new int[] {10, 5, 0},
            new float[][] {{0, 0, 10, 10}, {1, 2, 10, 0}, {3, 4, 0, 0}},
            new float[][] {{3, 4, 0, 0}, {3, 4, 0, 0}, {3, 4, 0, 0}});

    @Test
    void findsTheStateAtOrJustAboveT() {
        assertEquals(0, tr.stateAt(10));
        assertEquals(0, tr.stateAt(6));
        assertEquals(1, tr.stateAt(5));
        assertEquals(1, tr.stateAt(1));
        assertEquals(2, tr.stateAt(0));
        assertEquals(1, tr.nearestState(4));
    }

    @Test
    void interpolatesBetweenRecordedStatesSoScrubbingIsContinuous() {
        float[] out = new float[4];
        tr.positionsAt(10, out);
        assertArrayEquals(new float[] {0, 0, 10, 10}, out);
        tr.positionsAt(7.5, out); // halfway from t = 10 to t = 5
        assertArrayEquals(new float[] {0.5f, 1, 10, 5}, out, 1e-6f);
        tr.positionsAt(5, out);
        assertArrayEquals(new float[] {1, 2, 10, 0}, out);
        tr.positionsAt(0, out);
        assertArrayEquals(new float[] {3, 4, 0, 0}, out);
        assertEquals(2, tr.particles());
    }

    @Test
    void needsTwoStatesWithEstimates() {
        assertThrows(IllegalArgumentException.class, () -> new Trajectory(new int[] {1}, new float[][] {{0, 0}},
                new float[][] {{0, 0}}));
    }
}
