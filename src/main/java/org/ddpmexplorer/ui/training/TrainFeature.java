package org.ddpmexplorer.ui.training;

import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.ddpmexplorer.ui.training.TrainController.CloseChoice;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The "Train" tab: train a model on Fashion-MNIST or a folder of images and watch it learn. */
public final class TrainFeature implements Feature {
    private final TrainController controller;
    private final AppContext ctx;
    private TrainView view; // built when the tab is first shown (startup time)
    private Supplier<CloseChoice> closeQuestion = this::askUser;

    public TrainFeature(AppContext ctx) {
        this(ctx, TrainController.defaultModelsDir());
    }

    /** With autosaves going to {@code modelsDir} (tests use a temporary folder). */
    public TrainFeature(AppContext ctx, Path modelsDir) {
        controller = new TrainController(ctx, modelsDir);
        this.ctx = ctx;
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
        if (view == null) {
            view = new TrainView(controller, ctx);
        }
        return view;
    }

    @Override
    public String keyHint() {
        return "Drop a folder of images on this tab · Ctrl+S save the loaded model · Ctrl+Shift+O open one";
    }

    /**
     * During a run, asks the user (save and quit, quit without saving, keep training) and lets the
     * controller act on the answer; see {@link TrainController#close}.
     */
    @Override
    public boolean requestClose(Runnable closeLater) {
        if (!controller.active()) {
            return true;
        }
        return controller.close(closeQuestion.get(), closeLater);
    }

    /** Puts the question to the user in place of the dialog (tests answer for the user). */
    void setCloseQuestion(Supplier<CloseChoice> question) {
        closeQuestion = question;
    }

    /** The dialog: a thin shell that only asks; closing it (Esc, the window's X) keeps training. */
    private CloseChoice askUser() {
        ButtonType save = new ButtonType("Save and quit", ButtonBar.ButtonData.YES);
        ButtonType stop = new ButtonType("Quit without saving", ButtonBar.ButtonData.NO);
        ButtonType keep = new ButtonType("Keep training", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, null, save, stop, keep);
        if (view != null && view.getScene() != null) {
            a.initOwner(view.getScene().getWindow());
        }
        a.getDialogPane().setId("close-training-dialog");
        a.setTitle("Training is running");
        a.setHeaderText("A training run is in progress");
        var last = controller.lastSavedProperty().get();
        a.setContentText("Save the model now and quit, quit without saving the steps since the last save"
                + (last != null ? " (the last save stays in " + last + ")" : "") + ", or keep training?");
        ButtonType answer = a.showAndWait().orElse(keep);
        return answer == save ? CloseChoice.SAVE_AND_QUIT : answer == stop ? CloseChoice.QUIT_WITHOUT_SAVING
                : CloseChoice.KEEP_TRAINING;
    }

    @Override
    public void dispose() {
        controller.dispose();
    }
}
