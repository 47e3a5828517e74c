package org.ddpmexplorer.app;

/**
 * {@code -Dddpm.startupTrace=true} prints, on stderr, how long after the process started each
 * stage of the launch was reached (to find what a user waits for; see docs/benchmarks.md, section 'Startup').
 */
final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("ddpm.startupTrace");

    private StartupTrace() {
    }

    static void mark(String what) {
        if (ON) {
            long ms = ProcessHandle.current().info().startInstant()
                    .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
            System.err.printf("startup %6d ms  %s%n", ms, what);
        }
    }
}
