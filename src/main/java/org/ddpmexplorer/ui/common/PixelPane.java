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
    private final String fullCaption, shortCaption;
    /** The size of the last image shown: an empty pane lays out its caption as if it showed one like it. */
    private double lastWidth = 1, lastHeight = 1;

    public PixelPane(String captionText, ObservableValue<Image> image) {
        this(captionText, captionText, image);
    }

    /**
     * A pane whose caption is {@code captionText} when it fits the pane's width and
     * {@code shortCaption} when it does not (a narrow window).
     */
    public PixelPane(String captionText, String shortCaption, ObservableValue<Image> image) {
        this.fullCaption = captionText;
        this.shortCaption = shortCaption;
        getStyleClass().add("pixel-pane");
        view.setPreserveRatio(true);
        view.setSmooth(false); // crisp pixels
        view.imageProperty().bind(image);
        caption.setText(captionText);
        caption.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
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
        placeholder.setMaxWidth(w);
        placeholder.setWrapText(true);
        placeholder.autosize();
        placeholder.relocate(Math.round((w - placeholder.getWidth()) / 2),
                CAPTION_SPACE + Math.round((h - placeholder.getHeight()) / 2));
        caption.setText(fullCaption);
        if (caption.prefWidth(-1) > w) {
            caption.setText(shortCaption);
        }
        caption.autosize();
        if (h <= 0) {
            caption.relocate(Math.round((w - caption.getWidth()) / 2), 0);
            return;
        }
        if (img != null) {
            lastWidth = img.getWidth();
            lastHeight = img.getHeight();
        }
        double iw0 = lastWidth, ih0 = lastHeight;
        double s = Math.min(w / iw0, h / ih0);
        if (s >= 2) {
            s = Math.floor(s); // whole-number zoom: every pixel the same size
        }
        double iw = Math.floor(iw0 * s), ih = Math.floor(ih0 * s);
        double x = Math.round((w - iw) / 2), y = CAPTION_SPACE + Math.round((h - ih) / 2);
        if (img != null) {
            view.setFitWidth(iw);
            view.setFitHeight(ih);
            view.relocate(x, y);
        }
        // an empty pane's caption sits where it would over an image like the last one, in line with its neighbours'
        caption.relocate(Math.round((w - caption.getWidth()) / 2), y - CAPTION_SPACE + 2);
    }
}
