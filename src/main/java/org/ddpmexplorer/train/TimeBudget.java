package org.ddpmexplorer.train;

import java.util.function.LongSupplier;

/**
 * A wall-clock budget for a training run ({@code train --minutes}, the Train tab's quick run): the
 * run stops at its first step boundary after the budget is spent, and saves its checkpoint as on
 * any other stop. The clock is injectable so that tests need not wait for it.
 */
public final class TimeBudget {
    private final long budgetNanos;
    private final LongSupplier clock;
    private final long start;

    /**
     * @param minutes the budget, &gt; 0
     * @param clock   nanoseconds, as {@link System#nanoTime()}; read once now, as the start
     */
    public TimeBudget(double minutes, LongSupplier clock) {
        if (!(minutes > 0) || minutes > 7 * 24 * 60) {
            throw new IllegalArgumentException("the time budget must be between 0 and a week of minutes, got " + minutes);
        }
        this.budgetNanos = Math.round(minutes * 60e9);
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** A budget on {@link System#nanoTime()}, starting now. */
    public static TimeBudget minutes(double minutes) {
        return new TimeBudget(minutes, System::nanoTime);
    }

    public double minutes() {
        return budgetNanos / 60e9;
    }

    public double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    public double remainingSeconds() {
        return Math.max(0, budgetNanos / 1e9 - elapsedSeconds());
    }

    /** The share of the budget spent, in [0, 1]. */
    public double fraction() {
        return Math.min(1, Math.max(0, (clock.getAsLong() - start) / (double) budgetNanos));
    }

    public boolean expired() {
        return clock.getAsLong() - start >= budgetNanos;
    }
}
