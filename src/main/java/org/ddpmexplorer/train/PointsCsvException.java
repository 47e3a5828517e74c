package org.ddpmexplorer.train;

/** A points file that cannot be used; the message is one line naming the file and the reason. */
public final class PointsCsvException extends Exception {
    private static final long serialVersionUID = 1L;

    public PointsCsvException(String message) {
        super(message);
    }

    public PointsCsvException(String message, Throwable cause) {
        super(message, cause);
    }
}
