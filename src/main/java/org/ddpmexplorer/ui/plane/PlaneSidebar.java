package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.Widgets.labelled;
import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.train.PointPreset;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.ParameterizationChoices;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The plane tab's left column: data, model and training, sampler. Controls are fields for the tests. */
final class PlaneSidebar {
    static final double WIDTH = 300;

    /** An entry of the data chooser: a preset, or one of the two other kinds of data. */
    record DataChoice(PointPreset preset, String label) {
        static final DataChoice TEXT = new DataChoice(null, "Text…");
        static final DataChoice SKETCH = new DataChoice(null, "Sketch…");
        /** Shown (not listed) once a sketch is the data, so that choosing "Sketch…" again starts a new one. */
        static final DataChoice SKETCHED = new DataChoice(null, "Your sketch");

        /** Whether choosing this entry does something (a listed entry; not one that only names the data). */
        boolean action() {
            return preset != null || this == TEXT || this == SKETCH;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    final ComboBox<DataChoice> dataChoice = new ComboBox<>();
    final TextField word = new TextField("DDPM");
    final Slider brush = new Slider(0.05, 0.6, 0.18);
    final ToggleButton drawTool = new ToggleButton("Draw");
    final ToggleButton eraseTool = new ToggleButton("Erase");
    final Label dataMessage = new Label();
    final Spinner<Integer> timesteps = new Spinner<>(PlaneController.MIN_T, PlaneController.MAX_T, PlaneController.DEFAULT_T, 10);
    final ComboBox<BetaSchedule> schedule = new ComboBox<>();
    final Button train = Widgets.button("Train", Material2OutlinedMZ.PLAY_ARROW, "Train a fresh model on the data (Ctrl+Enter)");
    final Button stop = Widgets.button("Stop", Material2OutlinedMZ.STOP, "Stop after the current step; the model so far is kept");
    final Button cont = Widgets.button("Continue", Material2OutlinedMZ.REDO, "Train the same model for another round");
    final Button reset = Widgets.button("Reset", Material2OutlinedMZ.REPLAY, "Forget the model (T and the schedule can change again)");
    final Label trainStatus = new Label("Not trained yet");
    final LossChart lossChart = new LossChart();
    final SamplerControls samplerControls = new SamplerControls();
    final ModelFileControls modelFiles = new ModelFileControls();
    /** What the next model predicts and its variance (the Train tab's boxes). */
    final ParameterizationChoices parameterization = new ParameterizationChoices();
    final CompareControls compare = new CompareControls();
    private final PlaneController c;
    private final AppContext ctx;
    /** Set while the chooser is made to show the current data (no action follows). */
    private boolean showingData;

    PlaneSidebar(PlaneController c, AppContext ctx) {
        this.c = c;
        this.ctx = ctx;
    }

    Node build() {
        VBox box = new VBox(18, dataSection(), new Separator(), modelSection(), new Separator(), samplerControls.build(c),
                new Separator(), compare.build(c));
        box.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(WIDTH);
        scroll.setMinWidth(WIDTH);
        scroll.getStyleClass().addAll("sidebar", "edge-to-edge");
        return scroll;
    }

    // ---- data ----------------------------------------------------------------------------------

    private Node dataSection() {
        List<DataChoice> choices = new ArrayList<>();
        for (PointPreset p : PointPreset.values()) {
            choices.add(new DataChoice(p, p.label()));
        }
        choices.add(DataChoice.TEXT);
        choices.add(DataChoice.SKETCH);
        dataChoice.getItems().setAll(choices);
        dataChoice.setId("preset-box");
        dataChoice.setMaxWidth(Double.MAX_VALUE);
        dataChoice.getSelectionModel().select(0);
        dataChoice.valueProperty().addListener((o, a, b) -> chosen(b));
        c.data.pointsProperty().addListener((o, a, b) -> showData());
        c.data.sketchingProperty().addListener((o, a, b) -> showData());

        word.setId("word-field");
        word.setPromptText("A word");
        word.setOnAction(e -> c.data.useText(word.getText()));
        Button useWord = new Button("Use");
        useWord.setId("word-button");
        useWord.setOnAction(e -> c.data.useText(word.getText()));
        HBox.setHgrow(word, Priority.ALWAYS);
        HBox wordRow = new HBox(6, word, useWord);
        showWhen(wordRow, dataChoice.valueProperty().isEqualTo(DataChoice.TEXT).and(c.data.sketchingProperty().not()));

        Label description = muted("");
        description.setId("data-description");
        description.textProperty().bind(c.data.descriptionProperty());

        dataMessage.setId("data-message");
        dataMessage.setWrapText(true);
        dataMessage.textProperty().bind(c.data.messageProperty());
        showWhen(dataMessage, c.data.messageProperty().isNotNull());
        c.data.errorProperty().addListener((o, a, err) -> styleMessage(err));
        styleMessage(c.data.errorProperty().get());

        Button load = Widgets.button("Load…", Material2OutlinedAL.FOLDER_OPEN, "Read points from a CSV file with header x,y");
        load.setId("load-csv");
        load.setOnAction(e -> chooseLoad());
        Button save = Widgets.button("Save…", Material2OutlinedMZ.SAVE_ALT, "Write the (standardised) points as CSV");
        save.setId("save-csv");
        save.setOnAction(e -> chooseSave());
        save.disableProperty().bind(c.data.pointsProperty().isNull());
        load.setMaxWidth(Double.MAX_VALUE);
        save.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(load, Priority.ALWAYS);
        HBox.setHgrow(save, Priority.ALWAYS);
        HBox files = new HBox(6, load, save);

        return section("Data", dataChoice, wordRow, sketchTools(), description, dataMessage, files);
    }

    private Node sketchTools() {
        ToggleGroup tools = new ToggleGroup();
        drawTool.setToggleGroup(tools);
        eraseTool.setToggleGroup(tools);
        drawTool.setSelected(true);
        drawTool.setId("sketch-draw");
        eraseTool.setId("sketch-erase");
        drawTool.setGraphic(new FontIcon(Material2OutlinedAL.BRUSH));
        eraseTool.setGraphic(new FontIcon(Material2OutlinedAL.CLEANING_SERVICES));
        drawTool.getStyleClass().add(Styles.LEFT_PILL);
        eraseTool.getStyleClass().add(Styles.RIGHT_PILL);
        tools.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one tool is always chosen
            }
        });
        Button clear = Widgets.iconButton(Material2OutlinedAL.DELETE_OUTLINE, "Clear the sketch");
        clear.setId("sketch-clear");
        clear.setOnAction(e -> c.data.clearSketch());
        HBox toolRow = new HBox(0, drawTool, eraseTool, new javafx.scene.layout.Region(), clear);
        HBox.setHgrow(toolRow.getChildren().get(2), Priority.ALWAYS);
        brush.setId("brush-slider");
        brush.setTooltip(Widgets.tooltip("Brush radius, in data units"));
        Button done = Widgets.button("Use sketch", Material2OutlinedAL.CHECK, "Make the sketch the data (standardised)");
        done.setId("sketch-done");
        done.getStyleClass().add(Styles.ACCENT);
        done.setMaxWidth(Double.MAX_VALUE);
        done.setOnAction(e -> c.data.finishSketch());
        Label hint = muted("Drag on the plot to draw; right-drag erases. Points are standardised when you use the sketch.");
        VBox box = new VBox(8, toolRow, labelled("Brush", brush), done, hint);
        box.getStyleClass().add("plane-sketch-tools");
        showWhen(box, c.data.sketchingProperty());
        return box;
    }

    private void chosen(DataChoice d) {
        if (d == null || showingData || !d.action()) {
            return;
        }
        if (d == DataChoice.SKETCH) {
            c.data.startSketch();
        } else if (d == DataChoice.TEXT) {
            c.data.useText(word.getText());
        } else {
            c.data.choosePreset(d.preset());
        }
    }

    /**
     * Makes the chooser name the data in use when it came from elsewhere than the entry shown: a used
     * sketch shows "Your sketch" (so "Sketch…" can be chosen again at once), a file its name, a
     * preset its entry (after a sketch was left).
     */
    private void showData() {
        var src = c.data.sourceProperty().get();
        if (src == null || c.data.sketchingProperty().get()) {
            return;
        }
        DataChoice shown = dataChoice.getValue(), now = switch (src.kind()) {
            case PRESET -> dataChoice.getItems().stream().filter(d -> d.preset() == src.preset()).findFirst().orElse(shown);
            case TEXT -> DataChoice.TEXT;
            case SKETCH -> DataChoice.SKETCHED;
            case FILE -> shown != null && !shown.action() && shown.label().equals(src.name()) ? shown : new DataChoice(null, src.name());
        };
        if (now != shown) {
            showingData = true;
            try {
                dataChoice.setValue(now);
            } finally {
                showingData = false;
            }
        }
    }

    private void styleMessage(boolean err) {
        dataMessage.getStyleClass().removeAll(Styles.DANGER, Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        dataMessage.getStyleClass().addAll(err ? Styles.DANGER : Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    }

    private void chooseLoad() {
        FileChooser fc = csvChooser("Load points");
        var f = fc.showOpenDialog(window());
        if (f != null) {
            c.data.load(f.toPath());
        }
    }

    private void chooseSave() {
        FileChooser fc = csvChooser("Save points");
        fc.setInitialFileName("points.csv");
        var f = fc.showSaveDialog(window());
        if (f != null) {
            Path p = f.toPath();
            c.data.save(p, msg -> ctx.status().show(msg));
        }
    }

    private static FileChooser csvChooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV points (*.csv)", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        return fc;
    }

    private javafx.stage.Window window() {
        return dataChoice.getScene() == null ? null : dataChoice.getScene().getWindow();
    }

    // ---- model ---------------------------------------------------------------------------------

    private Node modelSection() {
        timesteps.setId("timesteps");
        timesteps.setEditable(true);
        Widgets.keepValueOnNonsense(timesteps);
        bindSpinner(timesteps, c.timeline.timesteps);
        timesteps.setTooltip(Widgets.tooltip("T, the number of diffusion steps (small T keeps sampling live)"));
        schedule.setId("schedule-box");
        schedule.getItems().setAll(BetaSchedule.LINEAR, BetaSchedule.COSINE);
        schedule.valueProperty().bindBidirectional(c.schedule);
        schedule.setConverter(new StringConverter<>() {
            @Override
            public String toString(BetaSchedule s) {
                return s == null ? "" : s == BetaSchedule.LINEAR ? "Linear β" : "Cosine ᾱ";
            }

            @Override
            public BetaSchedule fromString(String s) {
                return s.startsWith("Cos") ? BetaSchedule.COSINE : BetaSchedule.LINEAR;
            }
        });
        timesteps.setMaxWidth(Double.MAX_VALUE);
        schedule.setMaxWidth(Double.MAX_VALUE);
        var idle = c.training.phaseProperty().isEqualTo(PlaneTraining.Phase.IDLE);
        timesteps.disableProperty().bind(idle.not());
        schedule.disableProperty().bind(idle.not());
        parameterization.prediction.valueProperty().bindBidirectional(c.prediction);
        parameterization.variance.valueProperty().bindBidirectional(c.variance);
        parameterization.prediction.disableProperty().bind(idle.not());
        parameterization.variance.disableProperty().bind(idle.not());
        GridPane settings = new GridPane();
        settings.setHgap(8);
        settings.add(labelled("Steps T", timesteps), 0, 0);
        settings.add(labelled("Schedule", schedule), 1, 0);
        settings.getColumnConstraints().addAll(half(), half());

        train.setId("train-button");
        train.getStyleClass().add(Styles.ACCENT);
        stop.setId("stop-button");
        cont.setId("continue-button");
        reset.setId("reset-button");
        var phase = c.training.phaseProperty();
        train.setOnAction(e -> c.train());
        stop.setOnAction(e -> c.stop());
        cont.setOnAction(e -> c.continueTraining());
        reset.setOnAction(e -> c.reset());
        train.disableProperty().bind(Bindings.createBooleanBinding(() -> phase.get().running()
                || c.data.pointsProperty().get() == null, phase, c.data.pointsProperty()));
        // the comparison's second model may train on its own (Compare turned on after training)
        stop.disableProperty().bind(phase.isNotEqualTo(PlaneTraining.Phase.TRAINING)
                .and(c.compare.b.training.phaseProperty().isNotEqualTo(PlaneTraining.Phase.TRAINING)));
        cont.disableProperty().bind(phase.isNotEqualTo(PlaneTraining.Phase.READY).or(c.training.continuableProperty().not()));
        reset.disableProperty().bind(phase.isEqualTo(PlaneTraining.Phase.IDLE));
        for (Button b : List.of(train, stop, cont, reset)) {
            b.setMaxWidth(Double.MAX_VALUE);
        }
        GridPane buttons = new GridPane();
        buttons.setHgap(6);
        buttons.setVgap(6);
        buttons.add(train, 0, 0);
        buttons.add(stop, 1, 0);
        buttons.add(cont, 0, 1);
        buttons.add(reset, 1, 1);
        buttons.getColumnConstraints().addAll(half(), half());

        trainStatus.setId("train-status");
        trainStatus.getStyleClass().add(Styles.TEXT_SMALL);
        trainStatus.setWrapText(true);
        trainStatus.textProperty().bind(Bindings.createStringBinding(this::statusText, phase,
                c.training.progressProperty(), c.training.errorProperty(), c.sampling.runningProperty()));
        c.training.progressProperty().addListener((o, a, p) -> lossChart.setLoss(p == null ? null : p.lossCurve()));
        return section("Model · MLP denoiser", settings, parameterization.node(), buttons, trainStatus, lossChart, modelFiles.build(c));
    }

    private String statusText() {
        if (c.training.errorProperty().get() != null) {
            return c.training.errorProperty().get();
        }
        var p = c.training.progressProperty().get();
        return switch (c.training.phaseProperty().get()) {
            case IDLE -> "Not trained yet. Train fits the model in seconds.";
            case TRAINING -> p == null ? "Starting…" : "Training: " + p.summary();
            case STOPPING -> "Stopping…";
            case READY -> (p == null ? "Trained" : "Trained: " + p.summary())
                    + (c.sampling.runningProperty().get() ? " · sampling…" : "");
        };
    }

    static javafx.scene.layout.ColumnConstraints half() {
        var cc = new javafx.scene.layout.ColumnConstraints();
        cc.setPercentWidth(50);
        return cc;
    }

    /** Keeps a spinner and an integer property in step both ways (asObject() bindings can be collected). */
    static void bindSpinner(Spinner<Integer> s, javafx.beans.property.IntegerProperty p) {
        s.getValueFactory().setValue(p.get());
        s.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != p.get()) {
                p.set(b);
            }
        });
        p.addListener((o, a, b) -> {
            if (!b.equals(s.getValue())) {
                s.getValueFactory().setValue(b.intValue());
            }
        });
    }

    static void showWhen(Node n, javafx.beans.value.ObservableBooleanValue condition) {
        n.visibleProperty().bind(condition);
        n.managedProperty().bind(n.visibleProperty());
    }
}
