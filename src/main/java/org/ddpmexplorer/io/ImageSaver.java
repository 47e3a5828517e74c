package org.ddpmexplorer.io;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes tensors as 8-bit PNG files, atomically. */
public final class ImageSaver {
    private ImageSaver() {
    }

    /** Writes the tensor, mapped from [-1, 1] to 0..255 (clipped), as an RGB PNG. */
    public static void savePng(ImageTensor t, Path target) throws IOException {
        var img = ImageTensors.toBufferedImage(t);
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
