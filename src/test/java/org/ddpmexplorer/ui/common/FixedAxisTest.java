package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Side;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class FixedAxisTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // an axis is a control
    }

    @Test
    void ticksAreTheMultiplesOfTheUnitAndFitSetsOnlyWhatChanged() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            FixedAxis axis = new FixedAxis();
            assertFalse(axis.isAutoRanging());
            axis.fit(0, 0.87, 5);
            assertEquals(0, axis.getLowerBound(), 0);
            assertEquals(1, axis.getUpperBound(), 1e-12);
            assertEquals(0.2, axis.getTickUnit(), 1e-12);
            List<Number> ticks = axis.calculateTickValues(300, axis.getRange());
            assertEquals(6, ticks.size());
            assertEquals(0.6, ticks.get(3).doubleValue(), 1e-12);
            assertEquals("0.6", axis.getTickMarkLabel(0.6000000000000001));
            assertEquals("12,500", axis.getTickMarkLabel(12_500));
            int[] changes = {0};
            axis.upperBoundProperty().addListener((o, a, b) -> changes[0]++);
            axis.tickUnitProperty().addListener((o, a, b) -> changes[0]++);
            axis.fit(0, 0.91, 5); // still inside [0, 1] with the same unit
            assertEquals(0, changes[0]);
            axis.fit(0, Double.NaN, 5); // nonsense is ignored
            assertEquals(1, axis.getUpperBound(), 1e-12);
            assertThrows(IllegalArgumentException.class, () -> axis.setTickUnit(0));
            return null;
        }).get();
    }

    @Test
    void thePreferredSizeIsRememberedUntilTheBoundsChange() throws Exception {
        double[] r = WaitForAsyncUtils.asyncFx(() -> {
            FixedAxis axis = new FixedAxis();
            axis.setSide(Side.LEFT);
            new Scene(new StackPane(axis));
            axis.applyCss();
            axis.fit(0, 1, 5);
            double narrow = axis.prefWidth(300);
            double again = axis.prefWidth(300);
            int once = axis.prefWidthMemo.computed;
            axis.fit(0, 1_000_000, 5); // longer tick labels
            double wide = axis.prefWidth(300);
            return new double[] {narrow, again, once, wide, axis.prefWidthMemo.computed};
        }).get();
        assertEquals(r[0], r[1], 0);
        assertEquals(1, r[2], 0, "the second question was answered from memory");
        assertTrue(r[3] > r[0], "longer labels need a wider axis: " + r[3] + " vs " + r[0]);
        assertEquals(2, r[4], 0);
    }

    @Test
    void niceCeilRoundsUpToOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertEquals(1, FixedAxis.niceCeil(1), 0);
        assertEquals(2, FixedAxis.niceCeil(1.01), 0);
        assertEquals(2.5, FixedAxis.niceCeil(2.2), 0);
        assertEquals(5, FixedAxis.niceCeil(2.6), 0);
        assertEquals(10, FixedAxis.niceCeil(5.5), 0);
        assertEquals(0.05, FixedAxis.niceCeil(0.043), 1e-15);
        assertEquals(500, FixedAxis.niceCeil(400), 0);
        assertThrows(IllegalArgumentException.class, () -> FixedAxis.niceCeil(0));
        assertThrows(IllegalArgumentException.class, () -> FixedAxis.niceCeil(Double.NaN));
    }

    @Test
    void niceBoundsWidenToWholeTickUnits() {
        assertArrayEquals(new double[] {0, 2000, 500}, FixedAxis.niceBounds(0, 2000, 5), 0);
        assertArrayEquals(new double[] {0, 1, 0.2}, FixedAxis.niceBounds(0, 0.87, 5), 1e-12);
        assertArrayEquals(new double[] {12_000, 20_000, 2000}, FixedAxis.niceBounds(13_000, 20_000, 5), 0);
        double[] single = FixedAxis.niceBounds(12_000, 12_000, 5); // one point still gets a range around it
        assertTrue(single[0] <= 12_000 && single[1] > 12_000);
        assertNull(FixedAxis.niceBounds(0, Double.NaN, 5));
        assertNull(FixedAxis.niceBounds(1, 0, 5));
    }
}
