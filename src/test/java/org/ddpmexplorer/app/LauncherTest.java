package org.ddpmexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher (also the packaged app's bin/ddpm-explorer): GUI or command. */
class LauncherTest {
    @Test
    void guiForNoArgumentsOrOneImageFileCommandsOtherwise(@TempDir Path dir) throws Exception {
        Path img = Files.createFile(dir.resolve("photo.png"));
        assertTrue(Launcher.opensGui(new String[0]));
        assertTrue(Launcher.opensGui(new String[] {img.toString()})); // the desktop entry's %f
        assertFalse(Launcher.opensGui(new String[] {"schedule"}));
        assertFalse(Launcher.opensGui(new String[] {"--help"}));
        assertFalse(Launcher.opensGui(new String[] {dir.resolve("missing.png").toString()}));
        assertFalse(Launcher.opensGui(new String[] {"schedule", "--type", "cosine"}));
    }

    @Test
    void trainAndBenchStartAgainWithTheMallocSettingsUnlessTheyAreSet() {
        Map<String, String> none = Map.of("HOME", "/home/u");
        assertTrue(Launcher.wantsRelaunch(new String[] {"train", "--steps", "10"}, none));
        assertTrue(Launcher.wantsRelaunch(new String[] {"bench"}, none));
        assertFalse(Launcher.wantsRelaunch(new String[] {"bench"}, Launcher.MALLOC_ENV), "already set: no loop");
        assertFalse(Launcher.wantsRelaunch(new String[] {"train", "--help"}, none));
        assertFalse(Launcher.wantsRelaunch(new String[] {"sample"}, none));
        assertFalse(Launcher.wantsRelaunch(new String[0], none)); // the GUI: its startup time counts
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-Xmx3g", "-Dddpm.noRelaunch=true", "-Dddpm.watchParent=true", "-cp", "app.jar",
                        "org.ddpmexplorer.app.Launcher", "train", "--steps", "10"),
                Launcher.relaunchCommand("/jdk/bin/java", List.of("-Xmx3g"), "app.jar", new String[] {"train", "--steps", "10"}));
        // a collector the user chose stays the only one
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseZGC", "-Dddpm.noRelaunch=true", "-Dddpm.watchParent=true", "-cp", "app.jar",
                        "org.ddpmexplorer.app.Launcher", "bench"),
                Launcher.relaunchCommand("/jdk/bin/java", List.of("-XX:+UseZGC"), "app.jar", new String[] {"bench"}));
    }

    @Test
    void theRelaunchedCommandRunsWithTheSettingsAndPassesItsExitCodeOn(@TempDir Path dir) throws Exception {
        // `bench` with a nonsense option fails in the child: its usage message and exit code reach us
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "bench", "--base", "nonsense").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("--base"), out);
    }

    @Test
    void withoutADisplayTheGuiSaysSoInOneLine() throws Exception {
        assertTrue(Launcher.missingDisplay("Linux", Map.of()) != null);
        assertEquals(null, Launcher.missingDisplay("Linux", Map.of("DISPLAY", ":0")));
        assertEquals(null, Launcher.missingDisplay("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0")));
        assertEquals(null, Launcher.missingDisplay("Windows 11", Map.of()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Launcher.class.getName())
                .redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(2, p.waitFor(), out);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("error: no display"), out);
    }
}
