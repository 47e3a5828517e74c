package org.ddpmexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The window's size at start against the screen's ({@link DdpmExplorerApp#initialSize}). */
class WindowSizeTest {

    private static double width(double screen) {
        return DdpmExplorerApp.initialSize(DdpmExplorerApp.WIDTH, DdpmExplorerApp.MIN_WIDTH, screen, 0.96);
    }

    private static double height(double screen) {
        return DdpmExplorerApp.initialSize(DdpmExplorerApp.HEIGHT, DdpmExplorerApp.MIN_HEIGHT, screen, 0.94);
    }

    @Test
    void aLargeScreenGetsThePreferredSize() {
        assertEquals(DdpmExplorerApp.WIDTH, width(1920));
        assertEquals(DdpmExplorerApp.HEIGHT, height(1200));
    }

    @Test
    void aMidSizedScreenGetsMostOfIt() {
        assertEquals(1600 * 0.96, width(1600), 1e-9);
        assertEquals(1000 * 0.94, height(1000), 1e-9);
    }

    @Test
    void aSmallScreenGetsTheMinimumWithoutSpillingOver() {
        // 96% of 1024 is less than the layouts' minimum: the window takes the minimum, which fits
        assertEquals(1024, width(1024));
        assertEquals(680, height(700));
    }

    @Test
    void aScreenBelowTheMinimumGetsTheWholeScreen() {
        assertEquals(800, width(800));
        assertEquals(600, height(600));
    }
}
