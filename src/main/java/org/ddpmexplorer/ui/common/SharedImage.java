package org.ddpmexplorer.ui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.ddpmexplorer.io.ImageTensor;

/**
 * The forward view's current image and timestep, published for other features ("Denoise from
 * here" in Generate reads it). One feature writes it, others read it; FX thread only.
 */
public final class SharedImage {
    /**
     * @param name      the image's name, for captions
     * @param x0        the clean image at the forward view's working size, values in [-1, 1]
     * @param t         the timestep the forward view shows
     * @param timesteps the forward view's T
     */
    public record NoisedImage(String name, ImageTensor x0, int t, int timesteps) {
        /** t as a fraction of T, to map it onto another model's T. */
        public double fraction() {
            return (double) t / timesteps;
        }
    }

    private final ReadOnlyObjectWrapper<NoisedImage> image = new ReadOnlyObjectWrapper<>(this, "image");

    public ReadOnlyObjectProperty<NoisedImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public NoisedImage get() {
        return image.get();
    }

    /** Publishes the image (null: none). */
    public void publish(NoisedImage value) {
        image.set(value);
    }
}
