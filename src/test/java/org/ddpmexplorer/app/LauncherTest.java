package org.ddpmexplorer.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
