package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.ddpmexplorer.train.TimeBudget;
import org.ddpmexplorer.train.TrainProgress;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static TrainProgress progress(long step, long total) {
        return new TrainProgress(step, total, 0.03456, 0.03671, new double[10], 1.8, 7380, 2e-4);
    }

    @Test
    void theBarFillsWithItsShareAndEndsInAnArrowHead() {
        assertEquals(">" + " ".repeat(23), ProgressLine.bar(0));
        assertEquals("=".repeat(12) + ">" + " ".repeat(11), ProgressLine.bar(0.5));
        assertEquals("=".repeat(24), ProgressLine.bar(1));
    }

    @Test
    void withoutABudgetTheLineCountsStepsAndEndsInTheEta() {
        assertEquals("step 12/24 [" + ProgressLine.bar(0.5) + "] loss 0.0346 (avg 0.0367) 1.80 it/s ETA 2h03m   ",
                ProgressLine.text(progress(12, 24)));
    }

    @Test
    void withABudgetTheBarIsTheTimeSpent() {
        AtomicLong clock = new AtomicLong();
        TimeBudget budget = new TimeBudget(10, clock::get);
        clock.set(190_000_000_000L); // 3m10s of 10 minutes
        assertEquals("step 1234 [" + ProgressLine.bar(190 / 600.0) + "] loss 0.0346 (avg 0.0367) 1.80 it/s 3m10s of 10m00s   ",
                ProgressLine.text(progress(1234, TrainCommand.UNBOUNDED_STEPS), budget));
    }

    @Test
    void durationsReadAsMinutesOrHours() {
        assertEquals("0m59s", ProgressLine.duration(59.4));
        assertEquals("59m59s", ProgressLine.duration(3599));
        assertEquals("1h00m", ProgressLine.duration(3600));
        assertEquals("--", ProgressLine.duration(Double.POSITIVE_INFINITY));
        assertEquals("--", ProgressLine.duration(Double.NaN));
    }

    @Test
    void redrawsAtMostTwiceASecondAndAlwaysAtTheLastStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong(-5); // nanoTime may be negative: the first update draws anyway
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), null, clock::get);
        line.update(progress(1, 10));
        clock.addAndGet(ProgressLine.REDRAW_NANOS); // not later than the limit: no redraw
        line.update(progress(2, 10));
        clock.addAndGet(1);
        line.update(progress(3, 10));
        line.update(progress(10, 10)); // the last step, at once
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(3, out.chars().filter(ch -> ch == '\r').count(), out);
        assertTrue(out.contains("step 1/10 ") && !out.contains("step 2/10 ") && out.contains("step 3/10 ")
                && out.endsWith("ETA 2h03m   ") && out.contains("step 10/10 "), out);
    }
}
