package org.ddpmexplorer.ui.common;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.ddpmexplorer.io.ImageLoader;

/** The File &gt; Open dialog for images, starting in the folder of the last opened file. */
public final class ImageFileChooser {
    private ImageFileChooser() {
    }

    public static Optional<Path> show(Window owner, RecentFiles recent) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open image");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images (PNG, JPEG, BMP, GIF, WebP)",
                        ImageLoader.EXTENSIONS.stream().flatMap(e -> java.util.stream.Stream.of("*." + e, "*." + e.toUpperCase()))
                                .toList()),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path dir = recent.lastDirectory();
        if (dir != null && Files.isDirectory(dir)) {
            fc.setInitialDirectory(dir.toFile());
        }
        File f = fc.showOpenDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }
}
