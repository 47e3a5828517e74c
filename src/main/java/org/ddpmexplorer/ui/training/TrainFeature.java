package org.ddpmexplorer.ui.training;

import java.nio.file.Path;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The "Train" tab: train a model on Fashion-MNIST or a folder of images and watch it learn. */
public final class TrainFeature implements Feature {
    private final TrainController controller;
    private final TrainView view;

    public TrainFeature(AppContext ctx) {
        this(ctx, TrainController.defaultModelsDir());
    }

    /** With autosaves going to {@code modelsDir} (tests use a temporary folder). */
    public TrainFeature(AppContext ctx, Path modelsDir) {
        controller = new TrainController(ctx, modelsDir);
        view = new TrainView(controller, ctx);
    }

    public TrainController controller() {
        return controller;
    }

    @Override
    public String title() {
        return "Train";
    }

    @Override
    public Ikon icon() {
        return Material2OutlinedMZ.MODEL_TRAINING;
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public String keyHint() {
        return "Drop a folder of images on this tab · Ctrl+S save the loaded model · Ctrl+Shift+O open one";
    }

    /** During a run, asks: save and quit, quit without the final save, or keep training. */
    @Override
    public boolean requestClose(Runnable closeLater) {
        if (!controller.active()) {
            return true;
        }
        ButtonType save = new ButtonType("Save and quit", ButtonBar.ButtonData.YES);
        ButtonType stop = new ButtonType("Quit without saving", ButtonBar.ButtonData.NO);
        ButtonType keep = new ButtonType("Keep training", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, null, save, stop, keep);
        if (view.getScene() != null) {
            a.initOwner(view.getScene().getWindow());
        }
        a.setTitle("Training is running");
        a.setHeaderText("A training run is in progress");
        var last = controller.lastSavedProperty().get();
        a.setContentText("Save the model now and quit, quit without saving this step"
                + (last != null ? " (the last autosave stays in " + last + ")" : "") + ", or keep training?");
        ButtonType answer = a.showAndWait().orElse(keep);
        if (answer == stop) {
            controller.abandon();
            return true;
        }
        if (answer == save) {
            // stop: the training thread writes the final checkpoint, then the window closes
            ChangeListener<TrainController.Phase> whenDone = new ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends TrainController.Phase> o,
                                    TrainController.Phase was, TrainController.Phase is) {
                    if (!is.active()) {
                        controller.phaseProperty().removeListener(this);
                        closeLater.run();
                    }
                }
            };
            controller.phaseProperty().addListener(whenDone);
            controller.stop();
        }
        return false;
    }

    @Override
    public void dispose() {
        controller.dispose();
    }
}
