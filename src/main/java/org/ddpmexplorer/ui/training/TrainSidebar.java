package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.Widgets.labelled;
import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;

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
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.train.FashionMnist;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.ParameterizationChoices;
import org.ddpmexplorer.ui.common.Widgets;
import org.ddpmexplorer.ui.training.TrainForm.Field;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/**
 * The Train tab's settings, on the left: what to start from (the quick run or the full settings), the
 * data, the model, the diffusion and the optimisation; every field says what is wrong with its value.
 * {@link #settings()} gives the run they describe.
 */
final class TrainSidebar {
    static final double SIDEBAR_WIDTH = 300;
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final TrainController c;
    private final AppContext ctx;
    /** The whole tab, where a dropped folder is taken too. */
    private final Node view;
    final Map<Field, TextField> fields = new EnumMap<>(Field.class);
    final Map<Field, Label> fieldErrors = new EnumMap<>(Field.class);
    final RadioButton fmnist = new RadioButton("Fashion-MNIST");
    /** Which Fashion-MNIST images a run uses: the 60,000 training images when found, else the 10,000 bundled ones. */
    final Label fmnistNote = new Label();
    final RadioButton folderChoice = new RadioButton("A folder of my images");
    final ComboBox<Integer> sizeBox = new ComboBox<>();
    final ComboBox<ModelPreset> presetBox = new ComboBox<>();
    final ComboBox<BetaSchedule> scheduleBox = new ComboBox<>();
    /** Quick run (first in the list, chosen when the tab opens) or the full settings: sets the fields below. */
    final ComboBox<TrainForm.Choice> choiceBox = new ComboBox<>();
    final CheckBox conditional = new CheckBox("Conditional on the classes (for guidance)");
    final CheckBox fineTune = new CheckBox("Fine-tune the loaded model");
    final ParameterizationChoices parameterization = new ParameterizationChoices();
    /** Whether any field holds a value that is not valid (Start stays disabled). */
    final SimpleBooleanProperty anyInvalid = new SimpleBooleanProperty();
    /** The quick run is chosen and the 60,000 training images were not found (a field: a binding with listeners only is collected). */
    private BooleanBinding quickWithoutTrainSet;
    private final Node node;

    TrainSidebar(TrainController c, AppContext ctx, Node view) {
        this.c = c;
        this.ctx = ctx;
        this.view = view;
        node = build();
    }

    /** The sidebar's node (a scroll pane). */
    Node node() {
        return node;
    }

    private Node build() {
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
        fmnist.textProperty().bind(Bindings.createStringBinding(() -> fmnistLabel(c.data().fmnistCheckedProperty().get(),
                c.data().fmnistTrainDirProperty().get()), c.data().fmnistCheckedProperty(), c.data().fmnistTrainDirProperty()));
        fmnistNote.setId("fmnist-note");
        fmnistNote.setWrapText(true);
        fmnistNote.setMinHeight(Region.USE_PREF_SIZE);
        fmnistNote.getStyleClass().add(Styles.TEXT_SMALL);
        fmnistNote.textProperty().bind(Bindings.createStringBinding(() -> fmnistNote(c.data().fmnistCheckedProperty().get(),
                c.data().fmnistTrainDirProperty().get(), choiceBox.getValue() == TrainForm.Choice.QUICK_RUN),
                c.data().fmnistCheckedProperty(), c.data().fmnistTrainDirProperty(), choiceBox.valueProperty()));
        // a warning when the quick run would train on fewer images than its reference figures
        quickWithoutTrainSet = c.data().fmnistCheckedProperty().and(c.data().fmnistTrainDirProperty().isNull())
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
        folderLabel.textProperty().bind(Bindings.createStringBinding(() -> c.data().folderProperty().get() == null
                ? "Choose a folder, or drop one here" : c.data().folderProperty().get().toString(), c.data().folderProperty()));
        Button browse = Widgets.button("Choose folder…", Material2OutlinedAL.FOLDER_OPEN, "Choose a folder of images (PNG, JPEG, …; sub-folders too)");
        browse.setId("browse-folder");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder of training images");
            File f = dc.showDialog(view.getScene().getWindow());
            if (f != null) {
                useFolder(f.toPath());
            }
        });
        Label folderInfo = new Label();
        folderInfo.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.SUCCESS);
        folderInfo.textProperty().bind(c.data().folderInfoProperty());
        Label folderError = new Label();
        folderError.setId("folder-error");
        folderError.setWrapText(true);
        folderError.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        folderError.textProperty().bind(c.data().folderErrorProperty());
        folderError.visibleProperty().bind(c.data().folderErrorProperty().isNotNull().and(folderChoice.selectedProperty()));
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
                + home(FashionMnist.userDir()) + ".";
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
        c.data().chooseFolder(dir);
    }

    private void installFolderDrop(Region target) {
        for (Node n : new Node[] {target, view}) {
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
        Path folder = folderChoice.isSelected() ? c.data().folderProperty().get() : null;
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
}
