package org.ddpmexplorer.ui.plane;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.ddpmexplorer.ui.common.ModelFiles;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The model section's file row: Open… and Save… of the trained model (*.toy), and what the last one did. */
final class ModelFileControls {
    /** Where the file choosers come from; tests hand over the paths a chooser would return. */
    interface Chooser {
        Optional<Path> open(Window owner);

        Optional<Path> save(Window owner, String suggestedName);
    }

    private static final FileChooser.ExtensionFilter KIND = new FileChooser.ExtensionFilter("2-D models (*.toy)",
            "*." + PlaneModelFile.EXTENSION);

    /** The native choosers, starting in the app's models folder like the other tabs'. */
    static final Chooser NATIVE = new Chooser() {
        @Override
        public Optional<Path> open(Window owner) {
            return ModelFiles.chooseOpen(owner, "Open 2-D model", KIND);
        }

        @Override
        public Optional<Path> save(Window owner, String suggestedName) {
            return ModelFiles.chooseSave(owner, "Save 2-D model", suggestedName, KIND, PlaneModelFile.EXTENSION);
        }
    };

    final Button open = Widgets.button("Open…", Material2OutlinedAL.FOLDER_OPEN,
            "Open a 2-D model (*.toy, also written by the toy command's --model-out); its T and schedule come with it");
    final Button save = Widgets.button("Save…", Material2OutlinedMZ.SAVE_ALT, "Save the trained model (its EMA weights, T and schedule)");
    final Label message = new Label();
    Chooser chooser = NATIVE;

    Node build(PlaneController c) {
        PlaneModelFile f = c.modelFile;
        open.setId("open-model");
        save.setId("save-model");
        var phase = c.training.phaseProperty();
        open.disableProperty().bind(Bindings.createBooleanBinding(() -> phase.get().running() || f.busyProperty().get(),
                phase, f.busyProperty()));
        save.disableProperty().bind(c.training.modelProperty().isNull().or(phase.isNotEqualTo(PlaneTraining.Phase.READY))
                .or(f.busyProperty()));
        open.setOnAction(e -> chooser.open(window()).ifPresent(f::load));
        save.setOnAction(e -> chooser.save(window(), f.suggestedName()).ifPresent(f::save));
        for (Button b : new Button[] {open, save}) {
            b.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        message.setId("model-file-message");
        message.setWrapText(true);
        message.textProperty().bind(f.messageProperty());
        message.visibleProperty().bind(f.messageProperty().isNotNull());
        message.managedProperty().bind(message.visibleProperty());
        f.errorProperty().addListener((o, a, err) -> style(err));
        style(false);
        return new VBox(6, new HBox(6, open, save), message);
    }

    private void style(boolean err) {
        message.getStyleClass().removeAll(Styles.DANGER, Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        message.getStyleClass().addAll(err ? Styles.DANGER : Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    }

    private Window window() {
        return open.getScene() == null ? null : open.getScene().getWindow();
    }
}
