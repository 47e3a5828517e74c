package org.ddpmexplorer.ui.common;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.ImageTensors;

/** Tensors and packed pixels to JavaFX images (FX side of io's conversions). */
public final class FxImages {
    private FxImages() {
    }

    /** Packed opaque ARGB pixels and their size: what a background thread hands the FX thread. */
    public record Pixels(int width, int height, int[] argb) {
        public Pixels {
            if (width <= 0 || height <= 0 || argb.length != width * height) {
                throw new IllegalArgumentException("bad pixel buffer " + width + "x" + height);
            }
        }

        public static Pixels of(ImageTensor t) {
            return new Pixels(t.width(), t.height(), ImageTensors.toArgb(t, null));
        }
    }

    /**
     * Writes the pixels into {@code reuse} if it has their size, else into a new image; returns
     * the image written. FX thread only when {@code reuse} is on screen.
     */
    public static WritableImage write(Pixels p, WritableImage reuse) {
        WritableImage img = reuse != null && (int) reuse.getWidth() == p.width() && (int) reuse.getHeight() == p.height()
                ? reuse : new WritableImage(p.width(), p.height());
        img.getPixelWriter().setPixels(0, 0, p.width(), p.height(), PixelFormat.getIntArgbPreInstance(), p.argb(), 0, p.width());
        return img;
    }
}
