package org.ddpmexplorer.train;

import java.io.IOException;
import java.nio.file.Path;

/** A folder of the user's own images (implemented with the image loader of the io package). */
public final class ImageFolderDataset {
    private ImageFolderDataset() {
    }

    public static ByteImageDataset load(Path dir, int size, Boolean rgb) throws IOException {
        throw new IOException("training on a folder of images is not available yet");
    }
}
