package org.ddpmexplorer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Graceful stops of a long command: while installed, SIGINT (Ctrl-C), SIGTERM and SIGHUP (a closed
 * terminal) do not end the process at once but ask the command to stop; it finishes its current step,
 * saves and returns {@link #status()} (128 + the signal's number, as a shell reports a process killed
 * by it: 130, 143, 129). The end of the parent process of a relaunched command counts as SIGTERM
 * ({@link #parentEnded}). Uses {@code sun.misc.Signal} (module jdk.unsupported): the JDK has no
 * supported API for handling a signal other than by shutting down.
 */
public final class StopSignals implements AutoCloseable {
    /** Exit status after SIGINT, SIGTERM, SIGHUP. */
    public static final int INT = 130, TERM = 143, HUP = 129;

    private static volatile StopSignals active;

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile int status;
    private volatile String cause;

    private StopSignals() {
    }

    /** Installs the handlers until {@link #close()}; the previous handlers are restored then. */
    public static StopSignals install() {
        StopSignals s = new StopSignals();
        s.handle("INT", INT);
        s.handle("TERM", TERM);
        s.handle("HUP", HUP);
        active = s;
        return s;
    }

    private void handle(String name, int exit) {
        try {
            previous.put(new Signal(name), Signal.handle(new Signal(name), sig -> request(exit, "SIG" + name)));
        } catch (IllegalArgumentException e) {
            // the signal is ignored in this process (nohup, a background job) or reserved: nothing to handle
        }
    }

    /** Asks the command to stop with this exit status; the first request wins. */
    public void request(int exitStatus, String why) {
        synchronized (this) {
            if (status == 0) {
                cause = why;
                status = exitStatus;
            }
        }
    }

    public boolean requested() {
        return status != 0;
    }

    /** 128 + the signal's number; 0 while no stop was asked for. */
    public int status() {
        return status;
    }

    /** What asked for the stop: "SIGTERM", "SIGINT", "SIGHUP", or "the end of the process that started it". */
    public String cause() {
        return cause;
    }

    /**
     * The process that started this one (the relauncher, see app.Launcher) has ended, killed perhaps
     * with SIGKILL: a command that stops gracefully stops as on SIGTERM; any other ends now.
     */
    public static void parentEnded() {
        StopSignals s = active;
        if (s != null) {
            s.request(TERM, "the end of the process that started it");
        } else {
            System.exit(TERM);
        }
    }

    @Override
    public void close() {
        if (active == this) {
            active = null;
        }
        previous.forEach((sig, h) -> {
            try {
                Signal.handle(sig, h);
            } catch (IllegalArgumentException e) {
                // cannot happen: the signal was handled a moment ago
            }
        });
    }
}
