package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@link TextLayoutGuard}: it holds JavaFX's shared glyph layout, so that each text layout gets one of
 * its own; and the app's text, shaped on the FX thread only (the charts' text is {@link CanvasLabels}),
 * leaves the native heap intact while the render thread renders it.
 */
class TextLayoutGuardTest {
    @TempDir
    Path dir;

    @Test
    void theSharedLayoutIsHeldAndEveryLayoutGetsItsOwn() throws Exception {
        FxToolkit.registerPrimaryStage();
        Object[] got = new Object[4];
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            try {
                got[0] = TextLayoutGuard.install();
                Class<?> layout = Class.forName("com.sun.javafx.text.GlyphLayout");
                var reusable = layout.getDeclaredField("reusableGL");
                reusable.setAccessible(true);
                got[1] = reusable.get(null);
                got[2] = layout.getMethod("getInstance").invoke(null);
                got[3] = layout.getMethod("getInstance").invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(true, got[0]);
        assertTrue(TextLayoutGuard.installed());
        assertNotSame(got[1], got[2], "a layout does not get the shared instance");
        assertNotSame(got[2], got[3], "each layout has its own");
        assertTrue(TextLayoutGuard.install(), "a second install keeps it");
        assertSame(got[1].getClass(), got[2].getClass());
    }

    /**
     * The app's text shaping for a few seconds in a child JVM under glibc's heap checks (MALLOC_CHECK_=3
     * with libc_malloc_debug where the system has it): the FX thread redraws the three canvas charts and a
     * label, update after update, while the render thread renders the frames ({@link TextLayoutRace}); it
     * survives.
     */
    @Test
    void chartsAndLabelsRedrawnEveryFrameLeaveTheHeapIntact() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text", "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of(TextLayoutRace.class.getName(), "8"));
        Path log = dir.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MALLOC_CHECK_", "3");
        for (String dir : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64")) {
            Path debug = Path.of(dir, "libc_malloc_debug.so.0");
            if (Files.exists(debug)) { // glibc 2.34+: MALLOC_CHECK_ needs this library preloaded
                pb.environment().put("LD_PRELOAD", debug.toString());
                break;
            }
        }
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child ended");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("survived"), out);
    }
}
