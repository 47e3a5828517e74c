package org.ddpmexplorer.ui.common;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** File choosers for model files (*.ckpt), remembering the last folder for the session. */
public final class ModelFiles {
    private static File lastDir;

    private ModelFiles() {
    }

    public static Optional<Path> chooseOpen(Window owner) {
        FileChooser fc = chooser("Open model");
        return Optional.ofNullable(fc.showOpenDialog(owner)).map(ModelFiles::remember);
    }

    public static Optional<Path> chooseSave(Window owner, String suggestedName) {
        FileChooser fc = chooser("Save model");
        fc.setInitialFileName(suggestedName);
        return Optional.ofNullable(fc.showSaveDialog(owner)).map(f -> {
            Path p = remember(f);
            return p.getFileName().toString().contains(".") ? p : p.resolveSibling(p.getFileName() + ".ckpt");
        });
    }

    private static FileChooser chooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("DDPM Explorer models (*.ckpt)", "*.ckpt"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastDir != null && lastDir.isDirectory()) {
            fc.setInitialDirectory(lastDir);
        }
        return fc;
    }

    private static Path remember(File f) {
        lastDir = f.getParentFile();
        return f.toPath();
    }
}
