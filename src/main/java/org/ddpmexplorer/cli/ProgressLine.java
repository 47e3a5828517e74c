package org.ddpmexplorer.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.ddpmexplorer.train.TimeBudget;
import org.ddpmexplorer.train.TrainProgress;

/**
 * {@code train}'s one-line progress bar on stderr, redrawn in place ("\r") at most every
 * {@link #REDRAW_NANOS} and at the last step. Without a time budget the bar fills with the steps
 * and ends in an ETA; with one it fills with the budget's time.
 */
final class ProgressLine {
    /** Redraw at most twice a second: faster redraws only flicker and cost the terminal. */
    static final long REDRAW_NANOS = 500_000_000L;
    /** Characters of the bar itself. */
    static final int WIDTH = 24;

    private final PrintStream out;
    private final TimeBudget budget;
    private final LongSupplier nanoTime;
    private boolean drawn;
    private long lastDrawn;

    /**
     * @param out      where the line goes (stderr)
     * @param budget   the run's time budget, or null for none
     * @param nanoTime the clock of the redraw limit, as {@link System#nanoTime()}
     */
    ProgressLine(PrintStream out, TimeBudget budget, LongSupplier nanoTime) {
        this.out = out;
        this.budget = budget;
        this.nanoTime = nanoTime;
    }

    /** Redraws the line for p if the last redraw is old enough or p is the run's last step. */
    void update(TrainProgress p) {
        long now = nanoTime.getAsLong();
        if (!drawn || now - lastDrawn > REDRAW_NANOS || p.step() == p.totalSteps()) {
            drawn = true;
            lastDrawn = now;
            out.print("\r" + (budget == null ? text(p) : text(p, budget)));
            out.flush();
        }
    }

    /** "step 1234/50000 [=====>     ]  loss 0.0345 (avg 0.0367)  1.8 it/s  ETA 2h03m". */
    static String text(TrainProgress p) {
        return String.format(Locale.ROOT, "step %d/%d [%s] loss %.4f (avg %.4f) %.2f it/s ETA %s   ",
                p.step(), p.totalSteps(), bar((double) p.step() / Math.max(1, p.totalSteps())), p.loss(), p.lossEma(),
                p.stepsPerSecond(), duration(p.etaSeconds()));
    }

    /** With a time budget: "step 1234 [=====>     ] loss 0.0345 (avg 0.0367) 8.10 it/s 3m10s of 10m00s". */
    static String text(TrainProgress p, TimeBudget budget) {
        return String.format(Locale.ROOT, "step %d [%s] loss %.4f (avg %.4f) %.2f it/s %s of %s   ",
                p.step(), bar(budget.fraction()), p.loss(), p.lossEma(), p.stepsPerSecond(),
                duration(budget.elapsedSeconds()), duration(budget.minutes() * 60));
    }

    /** {@link #WIDTH} characters: '=' for the share done, '>' at its end, blanks after. */
    static String bar(double fraction) {
        int filled = (int) Math.round(WIDTH * fraction);
        StringBuilder b = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return b.toString();
    }

    /** "2h03m" from an hour on, else "3m10s"; "--" when unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
