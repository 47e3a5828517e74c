package org.ddpmexplorer.ui.training;

import java.util.Locale;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.ddpmexplorer.ui.training.TrainController.Snapshot;

/** The Train tab's words for a run's progress: the line beside the buttons, the status bar, durations. No JavaFX. */
final class TrainText {
    private TrainText() {
    }

    static String bucketName(int b) {
        return (b * 10) + "–" + ((b + 1) * 10) + "%";
    }

    static String progressText(Snapshot s, Phase p) {
        return switch (p) {
            case LOADING_DATA -> "Loading data…";
            case IDLE -> s == null ? "Not started" : "Stopped at step " + s.step();
            default -> {
                if (s == null) {
                    yield p == Phase.FAILED ? "Failed" : "Starting…";
                }
                String head = s.hasBudget()
                        ? String.format(Locale.ROOT, "%s of %s · step %,d · %.1f steps/s", eta(s.elapsedSeconds()),
                                eta(s.budgetSeconds()), s.step(), s.stepsPerSecond())
                        : String.format(Locale.ROOT, "%,d / %,d · %.1f steps/s", s.step(), s.totalSteps(), s.stepsPerSecond());
                yield switch (p) {
                    case PAUSED -> head + " · paused";
                    case STOPPING -> head + " · stopping…";
                    case FINISHED -> String.format(Locale.ROOT, "Done: %,d steps · loss %.4f", s.step(), s.lossEma());
                    case FAILED -> "Failed at step " + s.step();
                    default -> head + " · " + eta(s.etaSeconds()) + " left";
                };
            }
        };
    }

    static String eta(double s) {
        if (!Double.isFinite(s)) {
            return "–";
        }
        long r = Math.round(s);
        return r < 60 ? r + " s" : r < 3600 ? (r / 60) + " min" + (r % 60 == 0 ? "" : " " + (r % 60) + " s")
                : (r / 3600) + " h " + (r % 3600 / 60) + " min";
    }

    /** The status bar's line while a run trains. */
    static String statusLine(Snapshot s) {
        return s.hasBudget()
                ? String.format(Locale.ROOT, "Training: step %,d · %s of %s · loss %.4f · %.1f steps/s", s.step(),
                        eta(s.elapsedSeconds()), eta(s.budgetSeconds()), s.lossEma(), s.stepsPerSecond())
                : String.format(Locale.ROOT, "Training: step %,d of %,d · loss %.4f · %.1f steps/s", s.step(),
                        s.totalSteps(), s.lossEma(), s.stepsPerSecond());
    }
}
