package org.ddpmexplorer.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ddpmexplorer.ui.training.ReferenceCurve.Point;
import org.junit.jupiter.api.Test;

/** The quick run's reference curve: the bundled points, the captions, and which settings it describes. */
class ReferenceCurveTest {
    private final ReferenceCurve curve = ReferenceCurve.bundled();

    @Test
    void theBundledPointsAreTheMeasuredOnes() {
        // docs/benchmarks.md, "The quick-run preset": quiet minutes 1, 2, 5, 10, 25
        assertEquals(List.of(new Point(1, 96.1), new Point(2, 67.8), new Point(5, 42.9), new Point(10, 27.0),
                new Point(25, 15.7)), curve.points());
        assertEquals(List.of(355L, 710L, 1775L, 3550L, 8875L), curve.points().stream().map(Point::step).toList());
    }

    @Test
    void captionsSayWhatToExpectAndWhereTheRunIs() {
        assertEquals("What to expect, from the reference quick run on a quiet 2-core machine: FID 96 after 1 min, "
                + "68 after 2, 43 after 5, 27 after 10, 16 after 25, all 10 classes (real images 5.5–5.9; lower is better). "
                + "A minute is 355 steps.", curve.caption(-1));
        assertEquals("Reference run's first point, step 355 (1 quiet min): FID 96", curve.caption(0));
        assertEquals("Reference run at step 355 (1 quiet min): FID 96", curve.caption(355));
        assertEquals("Reference run at step 1,775 (5 quiet min): FID 43", curve.caption(3549));
        assertEquals("Reference run at step 3,550 (10 quiet min): FID 27", curve.caption(3550));
        assertEquals("Reference run at step 8,875 (25 quiet min): FID 16", curve.caption(50_000));
        assertTrue(curve.explanation().contains("355 steps"), curve.explanation());
    }

    @Test
    void itDescribesTheQuickRunWhateverItsBudgetAndNothingElse() {
        TrainSettings q = TrainSettings.quickRun();
        assertTrue(ReferenceCurve.appliesTo(q));
        assertTrue(ReferenceCurve.appliesTo(q.withMinutes(25).withPreviewEvery(100)), "a longer budget");
        assertFalse(ReferenceCurve.appliesTo(q.withMinutes(0)), "no budget");
        assertFalse(ReferenceCurve.appliesTo(q.withBatch(32)), "another batch size");
        assertFalse(ReferenceCurve.appliesTo(q.withFolder(Path.of("photos"), 32)), "other data");
        assertFalse(ReferenceCurve.appliesTo(q.withFineTune(true)), "a fine-tune");
        assertFalse(ReferenceCurve.appliesTo(TrainSettings.defaults().withMinutes(10)), "the full settings");
    }

    @Test
    void parsingTakesTheQuickColumnAndRefusesNonsense() {
        ReferenceCurve c = ReferenceCurve.parse(List.of("minutes,quick_fid,full_fid", "1,90,300", "", "3,,120", "4,50,"));
        assertEquals(List.of(new Point(1, 90), new Point(4, 50)), c.points(), "an empty quick FID: not measured");
        assertThrows(IllegalArgumentException.class, () -> ReferenceCurve.parse(List.of("1,90,300")), "no header");
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceCurve.parse(List.of("minutes,quick_fid,full_fid", "2,90,", "1,80,")), "minutes go back");
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceCurve.parse(List.of("minutes,quick_fid,full_fid", "1,-3,")), "a negative FID");
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceCurve.parse(List.of("minutes,quick_fid,full_fid", "one,3,")), "not a number");
        assertThrows(IllegalArgumentException.class, () -> ReferenceCurve.parse(List.of("minutes,quick_fid,full_fid")),
                "no points");
    }
}
