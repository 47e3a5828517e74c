package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.Widgets.labelled;
import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.train.FashionMnist;
import org.ddpmexplorer.train.Trainer;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.FixedAxis;
import org.ddpmexplorer.ui.common.ModelFiles;
import org.ddpmexplorer.ui.common.ParameterizationChoices;
import org.ddpmexplorer.ui.common.PixelPane;
import org.ddpmexplorer.ui.common.Widgets;
import org.ddpmexplorer.ui.training.TrainController.Phase;
import org.ddpmexplorer.ui.training.TrainController.Snapshot;
import org.ddpmexplorer.ui.training.TrainForm.Field;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The training dashboard: the run's settings on the left (every field says what is wrong with
 * it, and Start stays disabled until all are valid); the controls, progress, loss charts and the
 * preview grid on the right. It reads the controller's properties and calls its verbs.
 */
public final class TrainView extends BorderPane {
    static final double SIDEBAR_WIDTH = 300;
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final TrainController c;
    private final AppContext ctx;
    final Map<Field, TextField> fields = new EnumMap<>(Field.class);
    final Map<Field, Label> fieldErrors = new EnumMap<>(Field.class);
    final Button startButton = Widgets.button("Start", Material2OutlinedMZ.PLAY_ARROW, "Start training with these settings");
    final Button pauseButton = Widgets.button("Pause", Material2OutlinedMZ.PAUSE, "Pause between steps (Resume continues)");
    final Button stopButton = Widgets.button("Stop", Material2OutlinedMZ.STOP, "Stop after this step; the model is saved");
    final Button saveButton = Widgets.button("Save…", Material2OutlinedMZ.SAVE, "Save the model now to a file of your choice");
    final RadioButton fmnist = new RadioButton("Fashion-MNIST");
    /** Which Fashion-MNIST images a run uses: the 60,000 training images when found, else the 10,000 bundled ones. */
    final Label fmnistNote = new Label();
    final RadioButton folderChoice = new RadioButton("A folder of my images");
    final ComboBox<Integer> sizeBox = new ComboBox<>();
    final ComboBox<ModelPreset> presetBox = new ComboBox<>();
    final ComboBox<BetaSchedule> scheduleBox = new ComboBox<>();
    /** Quick run (first in the list) or the full settings (the fields' defaults): sets the fields below. */
    final ComboBox<TrainForm.Choice> choiceBox = new ComboBox<>();
    final CheckBox conditional = new CheckBox("Conditional on the classes (for guidance)");
    final CheckBox fineTune = new CheckBox("Fine-tune the loaded model");
    final ParameterizationChoices parameterization = new ParameterizationChoices();
    final XYChart.Series<Number, Number> rawLoss = new XYChart.Series<>();
    final XYChart.Series<Number, Number> smoothLoss = new XYChart.Series<>();
    final XYChart.Series<String, Number> bucketLoss = new XYChart.Series<>();
    // axes with fixed bounds and a remembered size: JavaFX's NumberAxis re-measured its labels on every update
    final FixedAxis stepAxis = new FixedAxis(), lossAxis = new FixedAxis(), bucketLossAxis = new FixedAxis();
    final LineChart<Number, Number> lossChart = new LineChart<>(stepAxis, lossAxis);
    final BarChart<String, Number> bucketChart = new BarChart<>(new CategoryAxis(), bucketLossAxis);
    private final SimpleBooleanProperty anyInvalid = new SimpleBooleanProperty();
    /** The quick run is chosen and the 60,000 training images were not found (a field: a binding with listeners only is collected). */
    private BooleanBinding quickWithoutTrainSet;

    public TrainView(TrainController controller, AppContext ctx) {
        this.c = controller;
        this.ctx = ctx;
        getStyleClass().add("train-view");
        setLeft(sidebar());
        setCenter(dashboard());
        c.snapshotProperty().addListener((o, a, s) -> showSnapshot(s));
    }

    // ---- settings -----------------------------------------------------------------------

    private Node sidebar() {
        ToggleGroup data = new ToggleGroup();
        fmnist.setToggleGroup(data);
        fmnist.setId("fmnist-choice");
        folderChoice.setToggleGroup(data);
        folderChoice.setId("folder-choice");
        fmnist.setSelected(true);
        for (var b : new javafx.scene.control.Labeled[] {fmnist, folderChoice, conditional, fineTune}) {
            b.setWrapText(true);
            b.setMinHeight(Region.USE_PREF_SIZE);
        }
        fmnist.textProperty().bind(Bindings.createStringBinding(() -> fmnistLabel(c.fmnistCheckedProperty().get(),
                c.fmnistTrainDirProperty().get()), c.fmnistCheckedProperty(), c.fmnistTrainDirProperty()));
        fmnistNote.setId("fmnist-note");
        fmnistNote.setWrapText(true);
        fmnistNote.setMinHeight(Region.USE_PREF_SIZE);
        fmnistNote.getStyleClass().add(Styles.TEXT_SMALL);
        fmnistNote.textProperty().bind(Bindings.createStringBinding(() -> fmnistNote(c.fmnistCheckedProperty().get(),
                c.fmnistTrainDirProperty().get(), choiceBox.getValue() == TrainForm.Choice.QUICK_RUN),
                c.fmnistCheckedProperty(), c.fmnistTrainDirProperty(), choiceBox.valueProperty()));
        // a warning when the quick run would train on fewer images than its reference figures
        quickWithoutTrainSet = c.fmnistCheckedProperty().and(c.fmnistTrainDirProperty().isNull())
                .and(choiceBox.valueProperty().isEqualTo(TrainForm.Choice.QUICK_RUN));
        quickWithoutTrainSet.addListener((o, a, b) -> {
            fmnistNote.getStyleClass().removeAll(Styles.WARNING, Styles.TEXT_MUTED);
            fmnistNote.getStyleClass().add(b ? Styles.WARNING : Styles.TEXT_MUTED);
        });
        fmnistNote.getStyleClass().add(Styles.TEXT_MUTED);
        fmnistNote.visibleProperty().bind(fmnistNote.textProperty().isNotEmpty().and(fmnist.selectedProperty()));
        fmnistNote.managedProperty().bind(fmnistNote.visibleProperty());
        Label folderLabel = new Label();
        folderLabel.setId("folder-label");
        folderLabel.setWrapText(true);
        folderLabel.getStyleClass().add(Styles.TEXT_SMALL);
        folderLabel.textProperty().bind(Bindings.createStringBinding(() -> c.folderProperty().get() == null
                ? "Choose a folder, or drop one here" : c.folderProperty().get().toString(), c.folderProperty()));
        Button browse = Widgets.button("Choose folder…", Material2OutlinedAL.FOLDER_OPEN, "Choose a folder of images (PNG, JPEG, …; sub-folders too)");
        browse.setId("browse-folder");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder of training images");
            File f = dc.showDialog(getScene().getWindow());
            if (f != null) {
                useFolder(f.toPath());
            }
        });
        Label folderInfo = new Label();
        folderInfo.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.SUCCESS);
        folderInfo.textProperty().bind(c.folderInfoProperty());
        Label folderError = new Label();
        folderError.setId("folder-error");
        folderError.setWrapText(true);
        folderError.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        folderError.textProperty().bind(c.folderErrorProperty());
        folderError.visibleProperty().bind(c.folderErrorProperty().isNotNull().and(folderChoice.selectedProperty()));
        folderError.managedProperty().bind(folderError.visibleProperty());
        VBox folderBox = new VBox(6, folderLabel, browse, folderInfo, folderError);
        folderBox.getStyleClass().add("folder-drop");
        folderBox.setId("folder-drop");
        folderBox.setPadding(new Insets(8));
        folderBox.disableProperty().bind(folderChoice.selectedProperty().not());
        installFolderDrop(folderBox);

        sizeBox.setId("train-size-box");
        sizeBox.getItems().setAll(32, 64);
        sizeBox.setValue(32);
        sizeBox.setMaxWidth(Double.MAX_VALUE);
        sizeBox.disableProperty().bind(fmnist.selectedProperty().or(fineTune.selectedProperty()));
        fmnist.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                sizeBox.setValue(FashionMnist.MODEL_SIZE);
            }
        });

        presetBox.setId("preset-box");
        presetBox.getItems().setAll(ModelPreset.values());
        presetBox.setValue(ModelPreset.TINY);
        presetBox.setMaxWidth(Double.MAX_VALUE);
        VBox base = field(Field.BASE_CHANNELS);
        presetBox.valueProperty().addListener((o, a, p) -> {
            if (p != null && p != ModelPreset.CUSTOM) {
                fields.get(Field.BASE_CHANNELS).setText(Integer.toString(p.baseChannels()));
            }
        });
        fields.get(Field.BASE_CHANNELS).textProperty().addListener((o, a, t) -> {
            ModelPreset p = presetBox.getValue();
            if (p != null && p != ModelPreset.CUSTOM && !Integer.toString(p.baseChannels()).equals(t.trim())) {
                presetBox.setValue(ModelPreset.CUSTOM);
            }
        });
        presetBox.setTooltip(Widgets.tooltip("Tiny trains visibly in a minute; Small is the reference U-Net (641k parameters)"));
        conditional.setId("conditional-check");
        conditional.disableProperty().bind(fmnist.selectedProperty().not().or(fineTune.selectedProperty()));
        conditional.setTooltip(Widgets.tooltip("Learn the 10 Fashion-MNIST classes (labels dropped 10 % of the time for classifier-free guidance)"));
        fineTune.setId("fine-tune-check");
        fineTune.disableProperty().bind(ctx.models().modelProperty().isNull());
        Label fineHelp = muted("");
        fineHelp.textProperty().bind(Bindings.createStringBinding(() -> ctx.models().get() == null
                ? "Load or train a model to fine-tune it." : "Continues " + ctx.models().get().summary()
                + " on the chosen data; its size and schedule are kept.", ctx.models().modelProperty()));

        scheduleBox.setId("train-schedule-box");
        scheduleBox.getItems().setAll(BetaSchedule.values());
        scheduleBox.setValue(BetaSchedule.COSINE);
        scheduleBox.setMaxWidth(Double.MAX_VALUE);
        VBox timesteps = field(Field.TIMESTEPS);

        VBox arch = new VBox(8, labelled("Image size", sizeBox), labelled("Size", presetBox), base, conditional);
        arch.disableProperty().bind(fineTune.selectedProperty());
        VBox diff = new VBox(8, labelled("β schedule", scheduleBox), timesteps, parameterization.node());
        diff.disableProperty().bind(fineTune.selectedProperty());

        for (Field f : Field.values()) {
            if (!fields.containsKey(f)) {
                field(f);
            }
        }
        anyInvalid.bind(Bindings.createBooleanBinding(() -> fields.entrySet().stream()
                        .anyMatch(e -> TrainForm.check(e.getKey(), e.getValue().getText()) != null),
                fields.values().stream().map(TextField::textProperty).toArray(javafx.beans.Observable[]::new)));

        choiceBox.setId("run-choice");
        choiceBox.getItems().setAll(TrainForm.Choice.values());
        choiceBox.setMaxWidth(Double.MAX_VALUE);
        choiceBox.setTooltip(Widgets.tooltip("Quick run: a small class-conditional U-Net predicting x₀ on Fashion-MNIST for 10 minutes, "
                + "with a sample grid every minute. Every field below can still be changed."));
        choiceBox.valueProperty().addListener((o, a, ch) -> {
            if (ch != null) {
                applyChoice(ch);
            }
        });
        Label choiceHelp = muted("");
        choiceHelp.setId("run-choice-help");
        choiceHelp.textProperty().bind(Bindings.createStringBinding(() -> (choiceBox.getValue() == null ? ""
                : choiceBox.getValue().help + ". ") + "Sets the fields below; change any of them as you like.",
                choiceBox.valueProperty()));
        choiceHelp.setWrapText(true);
        choiceHelp.setMinHeight(Region.USE_PREF_SIZE);

        VBox box = new VBox(18,
                section("Start from", choiceBox, choiceHelp, fieldBox(Field.MINUTES)),
                section("Data", fmnist, fmnistNote, folderChoice, folderBox),
                section("Model", fineTune, fineHelp, arch),
                section("Diffusion", diff),
                section("Optimisation", fieldBox(Field.STEPS), fieldBox(Field.BATCH), fieldBox(Field.LEARNING_RATE),
                        fieldBox(Field.EMA), fieldBox(Field.PREVIEW_EVERY)));
        box.setPadding(new Insets(14, 18, 14, 18));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setId("train-settings");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(SIDEBAR_WIDTH);
        scroll.setMinWidth(SIDEBAR_WIDTH);
        scroll.getStyleClass().addAll("sidebar", "edge-to-edge");
        scroll.disableProperty().bind(Bindings.createBooleanBinding(() -> c.phaseProperty().get().active(), c.phaseProperty()));
        choiceBox.setValue(TrainForm.Choice.QUICK_RUN); // what a new user who presses Start gets
        return scroll;
    }

    /** The Fashion-MNIST choice's label: which images a run uses. */
    static String fmnistLabel(boolean checked, Path trainDir) {
        return !checked ? "Fashion-MNIST" : trainDir != null ? "Fashion-MNIST (60,000 training images)"
                : "Fashion-MNIST (bundled, 10,000 images)";
    }

    /**
     * Under the Fashion-MNIST choice: where the 60,000 training images come from, or that they were not
     * found, what a run uses instead, and where to put them (the quick run's reference figures are for them).
     */
    static String fmnistNote(boolean checked, Path trainDir, boolean quick) {
        if (!checked) {
            return "";
        }
        if (trainDir != null) {
            return "From " + trainDir;
        }
        return "The 60,000 training images were not found: " + (quick
                ? "the quick run trains on the 10,000 bundled ones (its reference figures are for the 60,000). "
                : "runs use the 10,000 bundled images. ")
                + "To use them, put train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz in "
                + home(TrainController.userFashionMnistDir()) + ".";
    }

    /** A path under the user's home folder written as ~/…, as users know it. */
    static String home(Path p) {
        Path home = Path.of(System.getProperty("user.home"));
        return p.startsWith(home) ? "~/" + home.relativize(p).toString().replace(File.separatorChar, '/') : p.toString();
    }

    /** Fills the form with a choice's settings: Fashion-MNIST, its fields, classes, schedule; a new model. */
    void applyChoice(TrainForm.Choice ch) {
        TrainSettings s = ch.settings;
        fineTune.setSelected(false);
        fmnist.setSelected(true);
        conditional.setSelected(s.conditional());
        scheduleBox.setValue(s.schedule());
        parameterization.prediction.setValue(s.prediction());
        parameterization.variance.setValue(s.variance());
        ch.texts().forEach((f, text) -> fields.get(f).setText(text));
    }

    private final Map<Field, VBox> fieldBoxes = new EnumMap<>(Field.class);

    private VBox fieldBox(Field f) {
        return fieldBoxes.containsKey(f) ? fieldBoxes.get(f) : field(f);
    }

    /** A labelled text field that says under it what is wrong with its value. */
    private VBox field(Field f) {
        TextField t = new TextField(f.defaultText);
        t.setId("field-" + f.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        Label err = new Label();
        err.setId(t.getId() + "-error");
        err.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        err.setWrapText(true);
        Runnable check = () -> {
            String msg = TrainForm.check(f, t.getText());
            err.setText(msg == null ? "" : msg);
            err.setVisible(msg != null);
            err.setManaged(msg != null);
            t.pseudoClassStateChanged(Styles.STATE_DANGER, msg != null);
            t.pseudoClassStateChanged(INVALID, msg != null);
        };
        t.textProperty().addListener((o, a, b) -> check.run());
        check.run();
        fields.put(f, t);
        fieldErrors.put(f, err);
        Label l = new Label(f.label);
        l.getStyleClass().add(Styles.TEXT_SMALL);
        VBox v = new VBox(4, l, t, err);
        fieldBoxes.put(f, v);
        return v;
    }

    private void useFolder(Path dir) {
        folderChoice.setSelected(true);
        c.chooseFolder(dir);
    }

    private void installFolderDrop(Region target) {
        for (Node n : new Node[] {target, this}) {
            n.setOnDragOver(e -> {
                if (e.getDragboard().hasFiles() && !c.phaseProperty().get().active()) {
                    e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
                }
                e.consume();
            });
            n.setOnDragDropped(e -> {
                boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
                if (ok) {
                    File f = e.getDragboard().getFiles().get(0);
                    useFolder(f.isDirectory() ? f.toPath() : f.toPath().getParent());
                }
                e.setDropCompleted(ok);
                e.consume();
            });
        }
    }

    /** The settings of the form (only when every field is valid). */
    TrainSettings settings() {
        Path folder = folderChoice.isSelected() ? c.folderProperty().get() : null;
        return new TrainSettings(folder, folder == null ? 32 : sizeBox.getValue(),
                (int) TrainForm.value(Field.BASE_CHANNELS, fields.get(Field.BASE_CHANNELS).getText()),
                scheduleBox.getValue(), (int) TrainForm.value(Field.TIMESTEPS, fields.get(Field.TIMESTEPS).getText()),
                (int) TrainForm.value(Field.BATCH, fields.get(Field.BATCH).getText()),
                TrainForm.value(Field.LEARNING_RATE, fields.get(Field.LEARNING_RATE).getText()),
                (long) TrainForm.value(Field.STEPS, fields.get(Field.STEPS).getText()),
                TrainForm.value(Field.EMA, fields.get(Field.EMA).getText()),
                folder == null && conditional.isSelected(), fineTune.isSelected(),
                (int) TrainForm.value(Field.PREVIEW_EVERY, fields.get(Field.PREVIEW_EVERY).getText()),
                TrainForm.value(Field.MINUTES, fields.get(Field.MINUTES).getText()))
                .withParameterization(parameterization.prediction.getValue(), parameterization.variance.getValue());
    }

    // ---- dashboard ----------------------------------------------------------------------

    private Node dashboard() {
        startButton.setId("start-button");
        startButton.getStyleClass().add(Styles.ACCENT);
        BooleanBinding folderBad = folderChoice.selectedProperty().and(c.folderProperty().isNull()
                .or(c.folderErrorProperty().isNotNull()));
        startButton.disableProperty().bind(anyInvalid.or(folderBad).or(Bindings.createBooleanBinding(
                () -> c.phaseProperty().get().active(), c.phaseProperty())));
        startButton.setOnAction(e -> c.startTraining(settings()));
        Label startReason = muted("");
        startReason.setId("start-reason");
        startReason.textProperty().bind(Bindings.createStringBinding(() -> {
            if (c.phaseProperty().get().active()) {
                return "";
            }
            if (anyInvalid.get()) {
                return "Fix the fields marked in red to start.";
            }
            if (folderBad.get()) {
                return c.folderProperty().get() == null ? "Choose a folder of images to start." : "This folder cannot be used.";
            }
            return "";
        }, anyInvalid, folderBad, c.phaseProperty()));

        pauseButton.setId("pause-button");
        pauseButton.textProperty().bind(Bindings.when(c.phaseProperty().isEqualTo(Phase.PAUSED)).then("Resume").otherwise("Pause"));
        pauseButton.graphicProperty().bind(Bindings.createObjectBinding(() -> new FontIcon(c.phaseProperty().get() == Phase.PAUSED
                ? Material2OutlinedMZ.PLAY_ARROW : Material2OutlinedMZ.PAUSE), c.phaseProperty()));
        pauseButton.disableProperty().bind(c.phaseProperty().isNotEqualTo(Phase.RUNNING).and(c.phaseProperty().isNotEqualTo(Phase.PAUSED)));
        pauseButton.setOnAction(e -> {
            if (c.phaseProperty().get() == Phase.PAUSED) {
                c.resume();
            } else {
                c.pause();
            }
        });
        stopButton.setId("stop-button");
        stopButton.getStyleClass().add(Styles.DANGER);
        stopButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !c.phaseProperty().get().active()
                || c.phaseProperty().get() == Phase.STOPPING, c.phaseProperty()));
        stopButton.setOnAction(e -> c.stop());
        saveButton.setId("save-button");
        saveButton.disableProperty().bind(c.canSaveProperty().not());
        saveButton.setOnAction(e -> {
            Path f = c.checkpointFileProperty().get();
            ModelFiles.chooseSave(getScene().getWindow(), f == null ? "model.ckpt" : f.getFileName().toString())
                    .ifPresent(c::saveTo);
        });

        ProgressBar bar = new ProgressBar(0);
        bar.setId("train-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            Snapshot s = c.snapshotProperty().get();
            Phase p = c.phaseProperty().get();
            return p == Phase.LOADING_DATA ? -1 : s == null ? 0 : s.progress();
        }, c.snapshotProperty(), c.phaseProperty()));
        Label progress = new Label("Not started");
        progress.setId("train-progress-text");
        progress.getStyleClass().add("t-label");
        // right of the buttons, wrapping onto a second line on a narrow window; the buttons keep their labels
        progress.setWrapText(true);
        progress.setMinWidth(0);
        progress.setMinHeight(Region.USE_PREF_SIZE);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setAlignment(Pos.CENTER_RIGHT);
        progress.setTextAlignment(javafx.scene.text.TextAlignment.RIGHT);
        HBox.setHgrow(progress, Priority.ALWAYS);
        for (Button b : new Button[] {startButton, pauseButton, stopButton, saveButton}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        progress.textProperty().bind(Bindings.createStringBinding(() -> progressText(c.snapshotProperty().get(), c.phaseProperty().get()),
                c.snapshotProperty(), c.phaseProperty()));
        HBox buttons = new HBox(8, startButton, pauseButton, stopButton, saveButton, progress);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox controls = new VBox(6, buttons, bar); // the bar under the buttons, full width

        Message error = new Message("Training problem", "", new FontIcon(Material2OutlinedAL.ERROR_OUTLINE));
        error.getStyleClass().add(Styles.DANGER);
        error.setId("train-error");
        error.descriptionProperty().bind(Bindings.createStringBinding(() -> c.errorProperty().get() == null ? ""
                : c.errorProperty().get(), c.errorProperty()));
        error.visibleProperty().bind(c.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        error.setOnClose(e -> c.clearError());
        Label info = new Label();
        info.setId("train-info");
        info.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        info.setWrapText(true);
        info.setMinHeight(Region.USE_PREF_SIZE);
        info.managedProperty().bind(info.textProperty().isNotEmpty());
        startReason.managedProperty().bind(startReason.textProperty().isNotEmpty());
        info.textProperty().bind(Bindings.createStringBinding(() -> {
            String i = c.infoProperty().get();
            Path f = c.checkpointFileProperty().get();
            return (i == null ? "" : i) + (f != null && c.phaseProperty().get().active() ? "\nAutosaves to " + f : "");
        }, c.infoProperty(), c.checkpointFileProperty(), c.phaseProperty()));

        lossChart.setId("loss-chart");
        lossChart.setAnimated(false);
        lossChart.setCreateSymbols(false);
        lossChart.titleProperty().bind(Bindings.createStringBinding(() -> ParameterizationChoices.lossTitle(
                parameterization.prediction.getValue(), parameterization.variance.getValue()),
                parameterization.prediction.valueProperty(), parameterization.variance.valueProperty()));
        lossChart.getXAxis().setLabel("step");
        rawLoss.setName("loss");
        smoothLoss.setName("smoothed");
        lossChart.getData().addAll(rawLoss, smoothLoss);
        lossChart.getStyleClass().add("loss-chart");

        bucketChart.setId("bucket-chart");
        bucketChart.setAnimated(false);
        bucketChart.setLegendVisible(false);
        bucketChart.setTitle("Loss by timestep (which t are hard)");
        bucketChart.getXAxis().setLabel("t (tenths of T)");
        bucketChart.setCategoryGap(4);
        bucketChart.getData().add(bucketLoss);
        for (int b = 0; b < Trainer.BUCKETS; b++) {
            bucketLoss.getData().add(new XYChart.Data<>(bucketName(b), 0));
        }
        // fixed categories: an auto-ranging category axis lays its ten labels out again on every update
        CategoryAxis buckets = (CategoryAxis) bucketChart.getXAxis();
        buckets.setCategories(javafx.collections.FXCollections.observableArrayList(
                bucketLoss.getData().stream().map(XYChart.Data::getXValue).toList()));
        buckets.setAutoRanging(false);

        PixelPane preview = new PixelPane("Samples from the EMA weights (fixed seeds)", c.previewProperty());
        preview.setId("preview-pane");
        preview.setPlaceholder("Previews appear here while training");
        preview.getStyleClass().add("image-stage");
        preview.setPadding(new Insets(8));
        Label previewStep = new Label();
        previewStep.setId("preview-caption");
        previewStep.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        previewStep.textProperty().bind(Bindings.createStringBinding(() -> {
            Snapshot s = c.snapshotProperty().get();
            String typed = fields.get(Field.PREVIEW_EVERY).getText().strip();
            String minutes = fields.get(Field.MINUTES).getText();
            boolean budget = s != null ? s.hasBudget()
                    : TrainForm.check(Field.MINUTES, minutes) == null && TrainForm.value(Field.MINUTES, minutes) > 0;
            String every = budget ? "refreshed every minute"
                    : typed.matches("[1-9][0-9,]*") ? "refreshed every " + typed + " steps" : "refreshed while training";
            return s == null || s.previewStep() < 0 ? "16 samples, DDIM with 20 steps, " + every
                    : String.format(Locale.ROOT, "At step %,d · DDIM, 20 steps · %s", s.previewStep(), every);
        }, c.snapshotProperty(), fields.get(Field.PREVIEW_EVERY).textProperty(), fields.get(Field.MINUTES).textProperty()));
        previewStep.setWrapText(true);
        previewStep.setMinHeight(Region.USE_PREF_SIZE);
        VBox previewBox = new VBox(6, preview, previewStep);
        VBox.setVgrow(preview, Priority.ALWAYS);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setPercentWidth(58);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setPercentWidth(42);
        grid.getColumnConstraints().addAll(c0, c1);
        RowConstraints r0 = new RowConstraints();
        r0.setPercentHeight(58);
        RowConstraints r1 = new RowConstraints();
        r1.setPercentHeight(42);
        grid.getRowConstraints().addAll(r0, r1);
        grid.add(lossChart, 0, 0);
        grid.add(bucketChart, 0, 1);
        grid.add(previewBox, 1, 0, 1, 2);
        VBox.setVgrow(grid, Priority.ALWAYS);
        lossChart.setMinSize(100, 100);
        bucketChart.setMinSize(100, 100);

        VBox centre = new VBox(10, controls, startReason, error, info, grid);
        centre.setPadding(new Insets(12, 16, 12, 16));
        centre.setMinWidth(420);
        return centre;
    }

    static String bucketName(int b) {
        return (b * 10) + "–" + ((b + 1) * 10) + "%";
    }

    static String progressText(Snapshot s, Phase p) {
        return switch (p) {
            case LOADING_DATA -> "Loading data…";
            case IDLE -> s == null ? "Not started" : "Stopped at step " + s.step();
            default -> {
                if (s == null) {
                    yield p == Phase.FAILED ? "Failed" : "Starting…";
                }
                String head = s.hasBudget()
                        ? String.format(Locale.ROOT, "%s of %s · step %,d · %.1f steps/s", eta(s.elapsedSeconds()),
                                eta(s.budgetSeconds()), s.step(), s.stepsPerSecond())
                        : String.format(Locale.ROOT, "%,d / %,d · %.1f steps/s", s.step(), s.totalSteps(), s.stepsPerSecond());
                yield switch (p) {
                    case PAUSED -> head + " · paused";
                    case STOPPING -> head + " · stopping…";
                    case FINISHED -> String.format(Locale.ROOT, "Done: %,d steps · loss %.4f", s.step(), s.lossEma());
                    case FAILED -> "Failed at step " + s.step();
                    default -> head + " · " + eta(s.etaSeconds()) + " left";
                };
            }
        };
    }

    static String eta(double s) {
        if (!Double.isFinite(s)) {
            return "–";
        }
        long r = Math.round(s);
        return r < 60 ? r + " s" : r < 3600 ? (r / 60) + " min" + (r % 60 == 0 ? "" : " " + (r % 60) + " s")
                : (r / 3600) + " h " + (r % 3600 / 60) + " min";
    }

    /** Draws a snapshot: the loss curves and the buckets (the preview image is updated by the controller). */
    private void showSnapshot(Snapshot s) {
        if (s == null) {
            rawLoss.getData().clear();
            smoothLoss.getData().clear();
            for (XYChart.Data<String, Number> d : bucketLoss.getData()) {
                d.setYValue(0);
            }
            return;
        }
        setInPlace(rawLoss.getData(), s.chartSteps(), s.chartLoss());
        setInPlace(smoothLoss.getData(), s.chartSteps(), s.chartSmooth());
        if (s.chartSteps().length > 0) {
            // the step axis runs to the end of the run, so the curve fills it as training goes on
            stepAxis.fit(s.chartSteps()[0], Math.max(s.totalSteps(), s.step()), 5);
            lossAxis.fit(0, max(s.chartLoss()), 5);
        }
        double bucketMax = max(s.buckets());
        if (bucketMax > 0) {
            bucketLossAxis.fit(0, bucketMax, 4);
        }
        for (int b = 0; b < s.buckets().length; b++) {
            double v = s.buckets()[b];
            bucketLoss.getData().get(b).setYValue(Double.isNaN(v) ? 0 : v);
        }
    }

    /** The largest finite value, or NaN when there is none. */
    static double max(double[] v) {
        double m = Double.NaN;
        for (double x : v) {
            if (Double.isFinite(x) && !(x <= m)) {
                m = x;
            }
        }
        return m;
    }

    /**
     * Makes {@code data} the points (xs[i], ys[i]), reusing the points already there: replacing all
     * of a chart's points each snapshot made JavaFX's next layout pass take 20-120 ms (the pulse
     * logger, while training), where changing values and adding the new ones keeps it short.
     */
    static void setInPlace(javafx.collections.ObservableList<XYChart.Data<Number, Number>> data, double[] xs, double[] ys) {
        int n = xs.length;
        if (data.size() > n) {
            data.remove(n, data.size());
        }
        for (int i = 0; i < data.size(); i++) {
            XYChart.Data<Number, Number> d = data.get(i);
            if (d.getXValue().doubleValue() != xs[i]) {
                d.setXValue(xs[i]);
            }
            if (Double.compare(d.getYValue().doubleValue(), ys[i]) != 0) {
                d.setYValue(ys[i]);
            }
        }
        if (data.size() < n) {
            var more = new java.util.ArrayList<XYChart.Data<Number, Number>>(n - data.size());
            for (int i = data.size(); i < n; i++) {
                more.add(new XYChart.Data<>(xs[i], ys[i]));
            }
            data.addAll(more);
        }
    }
}
