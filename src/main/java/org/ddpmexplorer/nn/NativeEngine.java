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

    /** Loads (and on the first run unpacks) the native libraries; blocks. Call it off the FX thread. */
    public static void load() {
        Nd4j.create(new float[] {0}); // touches the backend: JavaCPP loads the libraries
    }
}
