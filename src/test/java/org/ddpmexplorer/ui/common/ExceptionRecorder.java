package org.ddpmexplorer.ui.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javafx.application.Platform;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Records every exception the app lets escape while a UI test runs: those thrown on any thread
 * without a handler (on the FX thread these are the ones a listener or an event handler throws,
 * which JavaFX prints and goes on), and WARNING or SEVERE log records that carry a throwable.
 * {@link #close()} puts the previous handlers back.
 */
public final class ExceptionRecorder implements AutoCloseable {
    private final List<String> seen = new ArrayList<>();
    private final Thread.UncaughtExceptionHandler previousDefault;
    private Thread fxThread;
    private Thread.UncaughtExceptionHandler previousFx;
    private final Handler logHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getThrown() != null && r.getLevel().intValue() >= Level.WARNING.intValue()) {
                record("log " + r.getLoggerName() + " " + r.getLevel(), r.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Installs the handlers (call off the FX thread, after the toolkit has started). */
    public ExceptionRecorder() {
        previousDefault = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> record("thread " + t.getName(), e));
        try {
            FxToolkit.registerPrimaryStage();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            fxThread = Thread.currentThread();
            previousFx = fxThread.getUncaughtExceptionHandler();
            fxThread.setUncaughtExceptionHandler((t, e) -> record("FX thread", e));
        });
        Logger.getLogger("").addHandler(logHandler);
    }

    private synchronized void record(String where, Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        seen.add(where + ": " + w);
    }

    /** What was recorded so far, one entry per exception with its stack trace. */
    public synchronized List<String> exceptions() {
        return List.copyOf(seen);
    }

    /** Fails with the first exceptions recorded, if any. */
    public void assertNone() {
        List<String> e = exceptions();
        if (!e.isEmpty()) {
            throw new AssertionError(e.size() + " exception(s) logged; the first:\n" + String.join("\n", e.subList(0, Math.min(3, e.size()))));
        }
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(logHandler);
        Thread.setDefaultUncaughtExceptionHandler(previousDefault);
        if (fxThread != null) {
            Thread t = fxThread;
            Thread.UncaughtExceptionHandler h = previousFx;
            Platform.runLater(() -> t.setUncaughtExceptionHandler(h));
        }
    }
}
