package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeEngine#applyOpenMpEnv()} changes the process's C environment, so each case runs in
 * a child JVM started with a chosen environment and reports what the C library then sees.
 */
class NativeEngineEnvTest {
    /** The child: applies the settings, prints what it set and what getenv() returns. */
    public static void main(String[] args) {
        List<String> set = NativeEngine.applyOpenMpEnv();
        System.out.println("set=" + set + " GOMP_SPINCOUNT=" + NativeEngine.nativeGetenv("GOMP_SPINCOUNT"));
    }

    private static String child(String spinCount) throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                NativeEngineEnvTest.class.getName()).redirectErrorStream(true);
        pb.environment().remove("GOMP_SPINCOUNT");
        if (spinCount != null) {
            pb.environment().put("GOMP_SPINCOUNT", spinCount);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void setsTheSpinCountForTheNativeLibrariesWhenUnset() throws Exception {
        assertEquals("set=[GOMP_SPINCOUNT] GOMP_SPINCOUNT=0", child(null));
    }

    @Test
    void leavesTheUsersOwnSettingAlone() throws Exception {
        assertEquals("set=[] GOMP_SPINCOUNT=300000", child("300000"));
    }
}
