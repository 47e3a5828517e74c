package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javafx.scene.chart.NumberAxis;
import org.junit.jupiter.api.Test;

class AxisRangeTest {
    @org.junit.jupiter.api.BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage(); // an axis is a control: it needs the FX toolkit
    }

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
    void fitWidensToWholeTickUnitsAndStaysPutWhileTheDataFit() {
        NumberAxis axis = new NumberAxis();
        AxisRange.fit(axis, 0, 2000, 5);
        assertFalse(axis.isAutoRanging());
        assertEquals(0, axis.getLowerBound(), 0);
        assertEquals(2000, axis.getUpperBound(), 0);
        assertEquals(500, axis.getTickUnit(), 0);

        AxisRange.fit(axis, 0, 0.87, 5); // a loss curve's maximum
        assertEquals(0.2, axis.getTickUnit(), 1e-12);
        assertEquals(1.0, axis.getUpperBound(), 1e-12);
        int[] changes = {0};
        axis.upperBoundProperty().addListener((o, a, b) -> changes[0]++);
        axis.tickUnitProperty().addListener((o, a, b) -> changes[0]++);
        AxisRange.fit(axis, 0, 0.91, 5); // still inside [0, 1] with the same unit: nothing to lay out again
        assertEquals(0, changes[0]);

        AxisRange.fit(axis, 12_000, 12_000, 5); // a single point still gets a range around it
        assertEquals(true, axis.getLowerBound() <= 12_000 && axis.getUpperBound() > 12_000);
        double lo = axis.getLowerBound();

        AxisRange.fit(axis, 0, Double.NaN, 5); // nonsense leaves the axis alone
        assertEquals(lo, axis.getLowerBound(), 0);
    }
}
