package org.ddpmexplorer.ui.forward;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;

/** An image fitted into the available space, keeping its aspect ratio, with a caption chip and an optional inset. */
final class FitImage extends Pane {
    private final ImageView view;
    private final Label caption;
    private final ImageView inset;
    private final Label insetCaption;
    /** Whether the inset is wanted (the user can hide it: it covers a corner of the image). */
    java.util.function.BooleanSupplier insetShown = () -> true;

    FitImage(ImageView view, Label caption, ImageView inset, Label insetCaption) {
        this.view = view;
        this.caption = caption;
        this.inset = inset;
        this.insetCaption = insetCaption;
        view.setPreserveRatio(true);
        view.setSmooth(false); // show noise pixels crisp, not blurred
        view.getStyleClass().add("main-image");
        getChildren().addAll(view, caption);
        if (inset != null) {
            inset.setPreserveRatio(true);
            inset.setSmooth(true);
            inset.getStyleClass().add("inset-image");
            StackPane frame = new StackPane(inset);
            frame.getStyleClass().add("inset-frame");
            frame.setId("inset-frame");
            getChildren().addAll(frame, insetCaption);
        }
        setMinSize(100, 100);
        view.imageProperty().addListener((o, a, b) -> requestLayout());
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        var img = view.getImage();
        if (img == null) {
            caption.setVisible(false);
            if (inset != null) { // nothing to put it on yet (an image is loading)
                getChildren().get(2).setVisible(false);
                insetCaption.setVisible(false);
            }
            return;
        }
        caption.setVisible(true);
        double s = Math.min(w / img.getWidth(), h / img.getHeight());
        double iw = Math.floor(img.getWidth() * s), ih = Math.floor(img.getHeight() * s);
        view.setFitWidth(iw);
        view.setFitHeight(ih);
        double x = Math.round((w - iw) / 2), y = Math.round((h - ih) / 2);
        view.relocate(x, y);
        caption.autosize();
        caption.relocate(x + 10, y + 10);
        if (inset != null) {
            Node frame = getChildren().get(2);
            double is = Math.max(64, Math.min(160, iw * 0.22)); // inset: a fifth of the image, 64..160 px
            inset.setFitWidth(is);
            inset.setFitHeight(is);
            frame.autosize();
            double fw = frame.prefWidth(-1), fh = frame.prefHeight(-1);
            frame.resizeRelocate(x + iw - fw - 10, y + ih - fh - 10, fw, fh);
            insetCaption.autosize();
            insetCaption.relocate(x + iw - fw - 10 + 6, y + ih - fh - 10 + 6);
            frame.setVisible(insetShown.getAsBoolean() && inset.getImage() != null && iw > 240);
            insetCaption.setVisible(frame.isVisible());
        }
    }
}
