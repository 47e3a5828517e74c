package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the model file choosers open. */
class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void theSaveDialogStartsInTheModelsFolderNotTheWorkingDirectory() {
        Path models = dir.resolve("home").resolve("models");
        ModelFiles.forgetLastFolder();
        ModelFiles.setModelsFolder(models);
        try {
            var fc = ModelFiles.saveChooser("fashion-mnist-500.ckpt");
            assertEquals(models.toFile(), fc.getInitialDirectory());
            assertTrue(Files.isDirectory(models), "made on first use");
            assertEquals("fashion-mnist-500.ckpt", fc.getInitialFileName());
            assertEquals(models.toFile(), ModelFiles.chooser("Open model").getInitialDirectory());
        } finally {
            ModelFiles.setModelsFolder(null);
        }
    }
}
