package org.ddpmexplorer.ui.common;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * File choosers for model files (*.ckpt). They open in the folder last used since the app started, or
 * else in the app's models folder (where training saves; see {@link #setModelsFolder}), never in
 * the working directory (the source checkout under {@code mvn javafx:run}).
 */
public final class ModelFiles {
    private static File lastDir;
    private static Path modelsFolder;

    private ModelFiles() {
    }

    /** The folder the choosers start in until the user picks another one (the app sets it at start-up). */
    public static synchronized void setModelsFolder(Path folder) {
        modelsFolder = folder;
    }

    public static Optional<Path> chooseOpen(Window owner) {
        FileChooser fc = chooser("Open model");
        return Optional.ofNullable(fc.showOpenDialog(owner)).map(ModelFiles::remember);
    }

    public static Optional<Path> chooseSave(Window owner, String suggestedName) {
        FileChooser fc = saveChooser(suggestedName);
        return Optional.ofNullable(fc.showSaveDialog(owner)).map(f -> withExtension(remember(f), "ckpt"));
    }

    /** An Open chooser for another kind of model file (such as the Plane tab's *.toy), starting in the same folder. */
    public static Optional<Path> chooseOpen(Window owner, String title, FileChooser.ExtensionFilter kind) {
        FileChooser fc = chooser(title, kind);
        return Optional.ofNullable(fc.showOpenDialog(owner)).map(ModelFiles::remember);
    }

    /** A Save chooser for another kind of model file; a name without a dot gets {@code extension}. */
    public static Optional<Path> chooseSave(Window owner, String title, String suggestedName, FileChooser.ExtensionFilter kind,
                                            String extension) {
        FileChooser fc = chooser(title, kind);
        fc.setInitialFileName(suggestedName);
        return Optional.ofNullable(fc.showSaveDialog(owner)).map(f -> withExtension(remember(f), extension));
    }

    private static Path withExtension(Path p, String extension) {
        return p.getFileName().toString().contains(".") ? p : p.resolveSibling(p.getFileName() + "." + extension);
    }

    /** The Save-model chooser as {@link #chooseSave} shows it. */
    static FileChooser saveChooser(String suggestedName) {
        FileChooser fc = chooser("Save model");
        fc.setInitialFileName(suggestedName);
        return fc;
    }

    static FileChooser chooser(String title) {
        return chooser(title, new FileChooser.ExtensionFilter("DDPM Explorer models (*.ckpt)", "*.ckpt"));
    }

    static synchronized FileChooser chooser(String title, FileChooser.ExtensionFilter kind) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(kind, new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastDir != null && lastDir.isDirectory()) {
            fc.setInitialDirectory(lastDir);
        } else if (modelsFolder != null) {
            try {
                Files.createDirectories(modelsFolder); // where training saves: there on first use
                fc.setInitialDirectory(modelsFolder.toFile());
            } catch (IOException | SecurityException e) {
                // not creatable: the chooser starts where the system puts it
            }
        }
        return fc;
    }

    private static synchronized Path remember(File f) {
        lastDir = f.getParentFile();
        return f.toPath();
    }

    /** Forgets the folder last used (tests). */
    static synchronized void forgetLastFolder() {
        lastDir = null;
    }
}
