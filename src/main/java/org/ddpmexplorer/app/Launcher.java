package org.ddpmexplorer.app;

import org.ddpmexplorer.cli.DdpmCommand;
import org.ddpmexplorer.nn.NativeEngine;

/**
 * Entry point of the jar. With no arguments it opens the GUI; with a command it runs headless
 * (see {@link DdpmCommand}). This class must not extend javafx.application.Application, so that
 * the fat jar starts with JavaFX on the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * glibc malloc settings for long engine runs: one arena, and no returning of freed memory to the
     * system. oneDNN allocates the reordered copies of each convolution's tensors per call; under
     * glibc's defaults those blocks are often mapped afresh and page-faulted in on every call, and
     * the training step at batch 64 varies from 470 to 940 ms between runs of the same benchmark
     * (469-510 ms with these settings; docs/benchmarks.md, section 'Malloc settings'). They are
     * environment variables, read
     * when the process starts, so {@code train} and {@code bench} start themselves again with them
     * (the packaged app's launcher sets them for everything).
     */
    static final java.util.Map<String, String> MALLOC_ENV = java.util.Map.of(
            "MALLOC_ARENA_MAX", "1",
            "MALLOC_MMAP_THRESHOLD_", "4294967296", // 4 GiB: never mmap a block of its own
            "MALLOC_TRIM_THRESHOLD_", "4294967296");

    /**
     * The collector for {@code train} and {@code bench}, batch work with no frames to keep: the serial
     * one, whose young generation is one space used over and over. Over 2,000 training steps at batch
     * 64 the process's resident memory stays at 1,604 MB from step 750 on, where G1 (the JVM's
     * default, which the GUI keeps for its short pauses) keeps growing its heap, to 1,727 MB
     * (docs/benchmarks.md, section 'Serial collector for train and bench').
     */
    static final String BATCH_GC = "-XX:+UseSerialGC";

    public static void main(String[] args) {
        StartupTrace.mark("main()");
        // The GUI's engine threads share the cores with the FX thread and whatever else the desktop runs:
        // idle OpenMP threads should sleep there (NativeEngine.OPENMP_ENV). Headless commands usually have
        // the machine to themselves and keep OpenMP's default. This must happen before anything loads the
        // native engine; loading JNA takes ~0.2 s, so it runs beside the GUI's startup (whose first use of
        // ND4J, the bundled model, waits for the first frame).
        if (opensGui(args)) {
            Thread env = new Thread(NativeEngine::applyOpenMpEnv, "openmp-env");
            env.setDaemon(true);
            env.start();
        }
        if (Boolean.getBoolean(WATCH_PARENT)) {
            watchParent(System.in);
        }
        if (wantsRelaunch(args, System.getenv()) && !Boolean.getBoolean("ddpm.noRelaunch")) {
            Integer code = relaunch(args);
            if (code != null) {
                System.exit(code);
            }
        }
        if (opensGui(args)) {
            // headless test runs (Monocle) need no display
            String noDisplay = "Monocle".equals(System.getProperty("glass.platform")) ? null
                    : missingDisplay(System.getProperty("os.name"), System.getenv());
            if (noDisplay != null) {
                System.err.println("error: " + noDisplay);
                System.exit(2);
            }
            try {
                DdpmExplorerApp.launchGui(args);
            } catch (UnsupportedOperationException e) { // "Unable to open DISPLAY": set, but no server there
                System.err.println("error: cannot open the window: " + e.getMessage());
                System.exit(2);
            }
        } else {
            System.exit(DdpmCommand.run(args));
        }
    }

    /**
     * The GUI for no arguments, or for one argument that is an existing file and not an option
     * (the desktop entry's "Open with": the GUI opens that image); a command otherwise.
     */
    static boolean opensGui(String[] args) {
        return args.length == 0 || (args.length == 1 && !args[0].startsWith("-")
                && !java.util.Set.of("schedule", "forward", "sample", "train", "bench", "help").contains(args[0])
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(args[0])));
    }

    /** Whether this is a long engine command ({@code train}, {@code bench}) started without {@link #MALLOC_ENV}. */
    static boolean wantsRelaunch(String[] args, java.util.Map<String, String> env) {
        return args.length > 0 && (args[0].equals("train") || args[0].equals("bench"))
                && !MALLOC_ENV.keySet().stream().allMatch(env::containsKey)
                && java.util.Arrays.stream(args).noneMatch(a -> a.equals("-h") || a.equals("--help"));
    }

    /** The command line that starts this program again: same java, JVM options, class path and arguments. */
    static java.util.List<String> relaunchCommand(String javaCmd, java.util.List<String> jvmArgs, String classPath, String[] args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(javaCmd);
        if (jvmArgs.stream().noneMatch(a -> a.matches("-XX:[+-]Use\\w*GC"))) {
            cmd.add(BATCH_GC); // unless the user chose a collector
        }
        cmd.addAll(jvmArgs);
        cmd.add("-Dddpm.noRelaunch=true");
        cmd.add("-D" + WATCH_PARENT + "=true");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Launcher.class.getName());
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /** System property that makes a relaunched command stop when its parent ends (see {@link #watchParent}). */
    static final String WATCH_PARENT = "ddpm.watchParent";

    /**
     * In a relaunched command: a daemon thread that waits for end-of-file on {@code in} (the pipe from
     * the parent, see {@link #relaunch}) and then stops the command as SIGTERM would (train saves).
     */
    static Thread watchParent(java.io.InputStream in) {
        Thread t = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // the parent never writes; read until the pipe closes
                }
            } catch (java.io.IOException e) {
                // a broken pipe: the parent is gone as well
            }
            org.ddpmexplorer.cli.StopSignals.parentEnded();
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * SIGINT, SIGTERM and SIGHUP sent to this process (the one the user started) are passed to the
     * relaunched child, which stops gracefully and whose exit status this process then returns.
     * A Ctrl-C in the terminal reaches both: the child takes a repeated request as one.
     */
    private static void forwardSignals(Process child) {
        for (String sig : new String[] {"INT", "TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> {
                    try {
                        new ProcessBuilder("kill", "-s", sig, Long.toString(child.pid())).start();
                    } catch (java.io.IOException e) {
                        child.destroy(); // SIGTERM
                    }
                });
            } catch (IllegalArgumentException e) {
                // ignored in this process (nohup, a background job): nothing to forward
            }
        }
    }

    /**
     * Why the GUI cannot open, or null when it can: on Linux and other X11/Wayland systems, neither
     * DISPLAY nor WAYLAND_DISPLAY is set (a terminal over ssh, a server).
     */
    static String missingDisplay(String osName, java.util.Map<String, String> env) {
        String os = osName == null ? "" : osName.toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return null;
        }
        boolean display = !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        return display ? null : "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
                + "run it in a desktop session, or use a command such as 'sample' or 'train' (see --help)";
    }

    /** Runs this program again with {@link #MALLOC_ENV}, sharing the terminal; its exit code, or null if it could not start. */
    private static Integer relaunch(String[] args) {
        try {
            String javaCmd = ProcessHandle.current().info().command()
                    .orElse(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
            java.util.List<String> jvmArgs = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
            ProcessBuilder pb = new ProcessBuilder(relaunchCommand(javaCmd, jvmArgs, System.getProperty("java.class.path"), args));
            MALLOC_ENV.forEach(pb.environment()::putIfAbsent); // what the user set stays
            // the child's stdin is a pipe from this process, which never writes to it: the child reads
            // end-of-file when this process ends, however it ends (kill -9 included), and stops then
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            forwardSignals(p);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy)); // any other end of this process stops it too
            return p.waitFor();
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            return null; // run in this process, only slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
