package org.ddpmexplorer.ui.common;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;

/**
 * A small image (a grid of 32x32 samples) enlarged to fill the pane with crisp, nearest-neighbour
 * pixels and a whole-number zoom when it fits, keeping its aspect ratio, with a caption chip.
 */
public final class PixelPane extends Pane {
    private final ImageView view = new ImageView();
    private final Label caption = new Label();
    private final Label placeholder = new Label();

    public PixelPane(String captionText, ObservableValue<Image> image) {
        getStyleClass().add("pixel-pane");
        view.setPreserveRatio(true);
        view.setSmooth(false); // crisp pixels
        view.imageProperty().bind(image);
        caption.setText(captionText);
        caption.getStyleClass().add("image-chip");
        placeholder.getStyleClass().add("pixel-placeholder");
        getChildren().addAll(view, caption, placeholder);
        setMinSize(80, 80);
        view.imageProperty().addListener((o, a, b) -> requestLayout());
    }

    public ImageView imageView() {
        return view;
    }

    public Label caption() {
        return caption;
    }

    /** Text shown when there is no image. */
    public void setPlaceholder(String text) {
        placeholder.setText(text);
    }

    /** Height reserved above the image for the caption. */
    static final double CAPTION_SPACE = 28;

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight() - CAPTION_SPACE;
        Image img = view.getImage();
        placeholder.setVisible(img == null);
        placeholder.autosize();
        placeholder.relocate(Math.round((w - placeholder.getWidth()) / 2),
                CAPTION_SPACE + Math.round((h - placeholder.getHeight()) / 2));
        caption.autosize();
        if (img == null || h <= 0) {
            caption.relocate(Math.round((w - caption.getWidth()) / 2), 0);
            return;
        }
        double s = Math.min(w / img.getWidth(), h / img.getHeight());
        if (s >= 2) {
            s = Math.floor(s); // whole-number zoom: every pixel the same size
        }
        double iw = Math.floor(img.getWidth() * s), ih = Math.floor(img.getHeight() * s);
        view.setFitWidth(iw);
        view.setFitHeight(ih);
        double x = Math.round((w - iw) / 2), y = CAPTION_SPACE + Math.round((h - ih) / 2);
        view.relocate(x, y);
        caption.relocate(Math.round((w - caption.getWidth()) / 2), y - CAPTION_SPACE + 2);
    }
}
