package org.ddpmexplorer.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's native libraries. On the first use after installation JavaCPP unpacks them
 * (about 440 MB: ND4J with oneDNN and OpenBLAS) into its cache, {@code ~/.javacpp/cache} unless
 * the system property {@code org.bytedeco.javacpp.cachedir} says otherwise; that takes a few
 * seconds once, later starts only load them. Callers show a "preparing" state while
 * {@link #isUnpacked()} is false and {@link #load()} runs in the background.
 */
public final class NativeEngine {
    private NativeEngine() {
    }

    /** JavaCPP's cache folder. */
    public static Path cacheDir() {
        String dir = System.getProperty("org.bytedeco.javacpp.cachedir");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".javacpp", "cache");
    }

    /** Whether the native libraries have been unpacked before (a heuristic: the cache is not empty). */
    public static boolean isUnpacked() {
        Path dir = cacheDir();
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * OpenMP settings for the engine's native threads (oneDNN's and libnd4j's, GNU OpenMP) when they
     * share the cores with other busy threads, as in the GUI: {@code GOMP_SPINCOUNT=0} makes a thread
     * that runs out of work sleep at once instead of spinning for about 300,000 iterations first.
     * Measured on the 2-core machine (batch-16 sample step, docs/benchmarks.md, section 'OpenMP spinning'): with another
     * process busy on one core, 46.3 ms against 61.1 ms with the default spinning; on an otherwise
     * idle machine, 36.8 ms against 31.8 ms. So the GUI sets it and headless commands do not.
     */
    public static final java.util.Map<String, String> OPENMP_ENV = java.util.Map.of("GOMP_SPINCOUNT", "0");

    /** The C library's environment functions, through JNA (which ND4J's OSHI dependency brings). */
    private interface LibC extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);

        int setpriority(int which, int who, int prio);

        int getpriority(int which, int who);
    }

    /** The C library through JNA, loaded on first use (JNA's own start-up takes ~0.2 s). */
    private static LibC libc() {
        return LibCHolder.LIBC;
    }

    private static final class LibCHolder {
        static final LibC LIBC = com.sun.jna.Native.loadLibrary("c", LibC.class);
    }

    /** {@code setpriority}'s "which": a process, which on Linux with {@code who} = 0 means the calling thread. */
    private static final int PRIO_PROCESS = 0;

    /**
     * The nice value of the app's background threads: at 10 the kernel weighs a thread at about a tenth
     * of a normal one (110 against 1,024), so the FX, render and pulse-timer threads, at 0, get a core
     * as soon as they wake however busy training keeps both (docs/benchmarks.md, section 'Worker threads at nice 10').
     */
    public static final int BACKGROUND_NICE = 10;

    /**
     * Lowers the calling thread's scheduling priority to {@link #BACKGROUND_NICE} unless it is lower already (Linux: the nice
     * value is per thread, and threads it starts later, OpenMP's and the kernel pool's among them,
     * inherit it). Java's own thread priorities do nothing on Linux without root. Never fails: false
     * when the C library cannot be reached, when it refuses, or with {@code -Dddpm.backgroundNice=false}
     * (to compare).
     *
     * @return whether the priority was lowered
     */
    public static boolean lowerThisThreadsPriority() {
        if ("false".equals(System.getProperty("ddpm.backgroundNice"))
                || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            LibC c = libc();
            // already as low or lower (a process started with `nice`): leave it, raising it back needs root
            return c.getpriority(PRIO_PROCESS, 0) >= BACKGROUND_NICE || c.setpriority(PRIO_PROCESS, 0, BACKGROUND_NICE) == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The calling thread's nice value (Linux), or 0 where it cannot be read. */
    public static int niceOfThisThread() {
        try {
            return libc().getpriority(PRIO_PROCESS, 0);
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /**
     * Puts {@link #OPENMP_ENV} into this process's C environment where the user has not set the
     * variables. GNU OpenMP reads them once, when the native libraries load, so this must run before
     * the first use of ND4J (the launcher starts it first thing when it opens the GUI). Java has no {@code setenv}, hence the
     * C library's through JNA. Never fails: without JNA the engine only runs slower on busy cores.
     *
     * @return the names it set
     */
    public static java.util.List<String> applyOpenMpEnv() {
        java.util.List<String> set = new java.util.ArrayList<>();
        if (System.getenv().keySet().containsAll(OPENMP_ENV.keySet())) {
            return set; // all set at start (the packaged launcher does): no need to load JNA
        }
        try {
            LibC c = libc();
            for (java.util.Map.Entry<String, String> e : OPENMP_ENV.entrySet()) {
                if (c.getenv(e.getKey()) == null && c.setenv(e.getKey(), e.getValue(), 0) == 0) {
                    set.add(e.getKey());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no JNA or no libc by that name: leave the defaults
        }
        return set;
    }

    /** The value of a variable in this process's C environment (what native libraries see), or null. */
    static String nativeGetenv(String name) {
        return libc().getenv(name);
    }

    /** Loads (and on the first run unpacks) the native libraries; blocks. Call it off the FX thread. */
    public static void load() {
        Nd4j.create(new float[] {0}); // touches the backend: JavaCPP loads the libraries
    }

    /**
     * Sets how many OpenMP threads the native operations started from this thread use (OpenMP's
     * per-thread {@code omp_set_num_threads}, through libnd4j); returns the previous number.
     */
    static int threadsOfThisThread(int n) {
        var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        int was = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(n);
        return was;
    }
}
