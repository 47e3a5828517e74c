package org.ddpmexplorer.ui.common;

import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import org.ddpmexplorer.io.SampleImages;

/**
 * A grid of thumbnails of the bundled sample images; clicking one calls {@code onPick} with its
 * file name. Thumbnails are decoded on the executor.
 */
public final class SampleGallery extends TilePane {
    /** Thumbnail edge in px: four fit across the side panel. */
    static final int THUMB = 50;

    public SampleGallery(TaskExecutor executor, Consumer<String> onPick) {
        super(6, 6); // gaps
        setPrefColumns(4);
        setPadding(new Insets(2, 0, 2, 0));
        getStyleClass().add("sample-gallery");
        List<SampleImages.Sample> samples = SampleImages.list();
        for (SampleImages.Sample s : samples) {
            ImageView view = new ImageView();
            view.setFitWidth(THUMB);
            view.setFitHeight(THUMB);
            view.setPreserveRatio(true);
            view.setSmooth(true);
            StackPane frame = new StackPane(view);
            frame.setMinSize(THUMB, THUMB);
            frame.setPrefSize(THUMB, THUMB);
            frame.setAlignment(Pos.CENTER);
            Button b = new Button(null, frame);
            b.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            b.getStyleClass().add("sample-thumb");
            b.setTooltip(Widgets.tooltip(s.title() + "\n" + s.description() + "\nLicence: " + s.licence()));
            b.setAccessibleText("Sample image " + s.title());
            b.setId("sample-" + s.file());
            b.setOnAction(e -> onPick.accept(s.file()));
            getChildren().add(b);
            executor.execute(() -> {
                try {
                    // 2x the thumbnail size for sharpness on the fit-scaled view
                    FxImages.Pixels px = FxImages.Pixels.of(SampleImages.load(s.file()).atWorkingSize(THUMB * 2));
                    Platform.runLater(() -> view.setImage(FxImages.write(px, null)));
                } catch (Exception e) {
                    Platform.runLater(() -> b.setDisable(true));
                }
            });
        }
    }
}
