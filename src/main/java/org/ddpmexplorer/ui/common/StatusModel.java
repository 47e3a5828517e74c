package org.ddpmexplorer.ui.common;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the status bar shows: a message and a progress (0..1, -1 for "busy, unknown how long",
 * 0 for none). Features post to it; the main window draws it. Any thread may call the methods:
 * they hop onto the FX thread.
 */
public final class StatusModel {
    /** Progress value for "working, unknown how long" (the ProgressIndicator convention). */
    public static final double INDETERMINATE = -1;

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "Ready");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Shows a message, no progress. */
    public void show(String text) {
        onFx(() -> {
            message.set(text);
            progress.set(0);
        });
    }

    /** Shows a message with a progress in 0..1 or {@link #INDETERMINATE}. */
    public void progress(String text, double value) {
        onFx(() -> {
            message.set(text);
            progress.set(value);
        });
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
