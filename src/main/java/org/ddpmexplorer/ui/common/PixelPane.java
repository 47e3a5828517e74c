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
    private String fullCaption, shortCaption;
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
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        placeholder.setAlignment(javafx.geometry.Pos.CENTER);
        placeholder.setMinWidth(0);
        getChildren().addAll(view, caption, placeholder);
        setMinSize(80, 80);
        view.imageProperty().addListener((o, a, b) -> requestLayout());
    }

    public ImageView imageView() {
        return view;
    }

    /** Changes the caption: {@code captionText} when it fits the pane's width, else {@code shortCaption}. */
    public void setCaptions(String captionText, String shortCaption) {
        if (captionText.equals(fullCaption) && shortCaption.equals(this.shortCaption)) {
            return; // unchanged (called per live frame)
        }
        this.fullCaption = captionText;
        this.shortCaption = shortCaption;
        caption.setText(captionText);
        requestLayout();
    }

    public Label caption() {
        return caption;
    }

    /** Text shown when there is no image. */
    public void setPlaceholder(String text) {
        placeholderText = text;
        placeholder.setText(text);
        requestLayout();
    }

    private String placeholderText = "";
    private final javafx.scene.text.Text measure = new javafx.scene.text.Text();

    /**
     * {@code text} broken into lines at spaces, each at most {@code width} wide in {@code font} where a
     * word allows. By hand, not the Label's wrapping: JavaFX measured "No ε̂ for the final sample" (a
     * combining accent) narrower than it draws, and the wrapped text ran out of a narrow pane.
     */
    String wrap(String text, double width, javafx.scene.text.Font font) {
        measure.setFont(font);
        StringBuilder out = new StringBuilder(), line = new StringBuilder();
        for (String word : text.split(" ")) {
            String tried = line.isEmpty() ? word : line + " " + word;
            measure.setText(tried);
            if (!line.isEmpty() && measure.getLayoutBounds().getWidth() > width) {
                out.append(out.isEmpty() ? "" : "\n").append(line);
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(tried);
            }
        }
        return out.append(out.isEmpty() ? "" : "\n").append(line).toString();
    }

    /** Space kept between the placeholder text and the pane's sides. */
    static final double PLACEHOLDER_MARGIN = 6;

    /** Height reserved above the image for the caption. */
    static final double CAPTION_SPACE = 28;

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight() - CAPTION_SPACE;
        Image img = view.getImage();
        placeholder.setVisible(img == null);
        // as wide as the pane at most (less a margin), in lines centred in it
        String lines = wrap(placeholderText, Math.max(1, w - 2 * PLACEHOLDER_MARGIN), placeholder.getFont());
        if (!lines.equals(placeholder.getText())) {
            placeholder.setText(lines);
        }
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
