package org.ddpmexplorer.train;

/** The loss became NaN or infinite; the run stopped and the last good checkpoint was kept. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
