package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

/** Recent files survive a restart (a new RecentFiles on the same preferences node). */
class RecentFilesTest {
    @Test
    void rememberedBetweenLaunchesNewestFirstAtMostMax() throws Exception {
        Preferences node = Preferences.userRoot().node("org/ddpmexplorer/test-" + UUID.randomUUID());
        try {
            RecentFiles a = new RecentFiles(node);
            for (int i = 0; i < RecentFiles.MAX + 3; i++) {
                a.add(Path.of("/tmp/img" + i + ".png"));
            }
            a.add(Path.of("/tmp/img5.png")); // moves to the top, no duplicate
            RecentFiles b = new RecentFiles(node);
            assertEquals(RecentFiles.MAX, b.files().size());
            assertEquals(Path.of("/tmp/img5.png"), b.files().get(0));
            assertEquals(Path.of("/tmp/img" + (RecentFiles.MAX + 2) + ".png"), b.files().get(1));
            assertEquals(Path.of("/tmp"), b.lastDirectory());
            b.clear();
            assertEquals(0, new RecentFiles(node).files().size());
        } finally {
            node.removeNode();
        }
    }
}
