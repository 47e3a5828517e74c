package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.Widgets.labelled;
import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.ModelFiles;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.ParameterizationText;
import org.ddpmexplorer.ui.common.PixelPane;
import org.ddpmexplorer.ui.common.TimelineBar;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The reverse-process explorer: sampler settings on the left; x_t, x̂_0 and ε̂ side by side in the
 * middle with the timeline and the step's equation under them; the trajectory chart on the right.
 * It reads the controller's properties and calls its verbs, nothing else.
 */
public final class GenerateView extends BorderPane {
    static final double SIDEBAR_WIDTH = 288, CHART_WIDTH = 360;

    private final GenerateController c;
    private final AppContext ctx;
    final Button generateButton = Widgets.button("Generate", Material2OutlinedMZ.PLAY_ARROW, "Sample from pure noise x_T (Ctrl+G)");
    final Button denoiseButton = Widgets.button("Denoise from here", Material2OutlinedAL.BLUR_LINEAR,
            "SDEdit: noise the Forward tab's image to the t shown there, then run the reverse process from that t");
    final Button cancelButton = Widgets.button("Cancel", Material2OutlinedAL.CLOSE, "Stop sampling (Esc); what is done stays on the timeline");
    final Slider timeline = new Slider();
    final EquationPanel equation = new EquationPanel();
    final TrajectoryChart chart = new TrajectoryChart();
    final VarianceChart varianceChart = new VarianceChart();

    public GenerateView(GenerateController controller, AppContext ctx) {
        this.c = controller;
        this.ctx = ctx;
        getStyleClass().add("generate-view");
        setLeft(sidebar());
        setCenter(centre());
        setRight(chartPanel());
        // keys at the scene, only while this view shows: Ctrl+G generate, Esc cancel, Space play, arrows scrub
        Widgets.keysWhileInScene(this, this::onKey);
    }

    private void onKey(javafx.scene.input.KeyEvent e) {
        if (!Widgets.isShowing(this) || e.isAltDown()) {
            return;
        }
        if (e.isShortcutDown()) {
            if (e.getCode() == javafx.scene.input.KeyCode.G && !generateButton.isDisabled()) {
                c.generate();
                e.consume();
            }
            return;
        }
        Node focus = getScene().getFocusOwner();
        if (focus instanceof javafx.scene.control.TextInputControl || focus instanceof javafx.scene.control.ComboBoxBase
                || focus instanceof Spinner) {
            return;
        }
        switch (e.getCode()) {
            case ESCAPE -> c.cancel();
            case SPACE -> {
                if (focus instanceof javafx.scene.control.ButtonBase) {
                    return;
                }
                c.togglePlay();
            }
            case LEFT -> c.stepPosition(-1);
            case RIGHT -> c.stepPosition(1);
            case HOME -> c.setPosition(0);
            case END -> c.setPosition(Integer.MAX_VALUE);
            default -> {
                return;
            }
        }
        e.consume();
    }

    // ---- left ---------------------------------------------------------------------------

    private Node sidebar() {
        Label modelName = new Label();
        modelName.setId("model-summary");
        modelName.getStyleClass().addAll(Styles.TEXT_BOLD);
        modelName.setWrapText(true);
        Label modelInfo = muted("");
        modelName.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelStore.LoadedModel m = c.modelProperty().get();
            return m == null ? "No model loaded" : Widgets.breakable(m.source());
        }, c.modelProperty()));
        modelInfo.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelStore.LoadedModel m = c.modelProperty().get();
            if (m == null) {
                return "Open a model file, or train one in the Train tab.";
            }
            var h = m.checkpoint().header();
            return m.summary() + (h.unet().conditional() ? " · conditional on " + h.classNames().size() + " classes" : "");
        }, c.modelProperty()));
        Button open = Widgets.button("Open model…", Material2OutlinedAL.FOLDER_OPEN, "Open a model file (*.ckpt)");
        open.setMaxWidth(Double.MAX_VALUE);
        open.setOnAction(e -> openModel());

        ComboBox<SamplerConfig.Kind> kind = new ComboBox<>();
        kind.setId("kind-box");
        kind.getItems().setAll(SamplerConfig.Kind.values());
        kind.setMaxWidth(Double.MAX_VALUE);
        kind.setValue(c.kindProperty().get());
        kind.valueProperty().addListener((o, a, b) -> c.setKind(b));
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(SamplerConfig.Kind k) {
                return k == null ? "" : k == SamplerConfig.Kind.DDPM ? "DDPM (Algorithm 2)" : "DDIM (Song et al.)";
            }

            @Override
            public SamplerConfig.Kind fromString(String s) {
                return s.startsWith("DDIM") ? SamplerConfig.Kind.DDIM : SamplerConfig.Kind.DDPM;
            }
        });
        kind.setTooltip(Widgets.tooltip("DDPM adds fresh noise at every step; DDIM can skip steps and, with η = 0, is deterministic"));

        Spinner<Integer> steps = intSpinner(1, 4000, c.stepsProperty().get(), 10);
        steps.setId("sample-steps-spinner");
        steps.valueProperty().addListener((o, a, b) -> c.setSteps(b));
        c.stepsProperty().addListener((o, a, b) -> steps.getValueFactory().setValue(b.intValue()));
        steps.setTooltip(Widgets.tooltip("Denoising steps; fewer than T uses an evenly respaced subsequence of 1..T"));

        ComboBox<SamplerConfig.Variance> variance = new ComboBox<>();
        variance.setId("variance-box");
        variance.getItems().setAll(SamplerConfig.Variance.values());
        variance.setValue(c.varianceProperty().get());
        variance.setMaxWidth(Double.MAX_VALUE);
        variance.valueProperty().addListener((o, a, b) -> c.setVariance(b));
        variance.setConverter(new StringConverter<>() {
            @Override
            public String toString(SamplerConfig.Variance v) {
                return v == null ? "" : v == SamplerConfig.Variance.BETA ? "βₜ  (forward step)" : "β˜ₜ  (posterior)"; // the formula is in the tooltip
            }

            @Override
            public SamplerConfig.Variance fromString(String s) {
                return s.contains("posterior") ? SamplerConfig.Variance.POSTERIOR : SamplerConfig.Variance.BETA;
            }
        });
        variance.setTooltip(Widgets.tooltip("σₜ² of Algorithm 2: βₜ, or the posterior's β˜ₜ = βₜ (1−ᾱₜ₋₁)/(1−ᾱₜ)"));
        VBox varianceBox = labelled("Variance σₜ²", variance);
        Label learnedNote = muted("This model learned its σₜ²: the choice applies to fixed-variance models only.");
        learnedNote.setId("learned-variance-note");
        learnedNote.visibleProperty().bind(Bindings.createBooleanBinding(() -> learnedVariance(c.modelProperty().get()),
                c.modelProperty()));
        learnedNote.managedProperty().bind(learnedNote.visibleProperty());
        variance.disableProperty().bind(learnedNote.visibleProperty());
        varianceBox.getChildren().add(learnedNote);

        Slider eta = new Slider(0, 1, c.etaProperty().get());
        eta.setId("eta-slider");
        eta.setMajorTickUnit(0.25);
        eta.setShowTickMarks(true);
        eta.valueProperty().addListener((o, a, b) -> c.setEta(b.doubleValue()));
        Label etaValue = new Label();
        etaValue.textProperty().bind(Bindings.format(Locale.ROOT, "η = %.2f", c.etaProperty()));
        VBox etaBox = new VBox(4, etaValue, eta);
        etaBox.getChildren().add(muted("0: deterministic; 1: as much noise as DDPM"));
        varianceBox.visibleProperty().bind(c.kindProperty().isEqualTo(SamplerConfig.Kind.DDPM));
        varianceBox.managedProperty().bind(varianceBox.visibleProperty());
        etaBox.visibleProperty().bind(c.kindProperty().isEqualTo(SamplerConfig.Kind.DDIM));
        etaBox.managedProperty().bind(etaBox.visibleProperty());

        ToggleSwitch clip = new ToggleSwitch("Clip x̂₀ to [−1, 1]");
        clip.setId("clip-switch");
        clip.setSelected(c.clipProperty().get());
        clip.selectedProperty().addListener((o, a, b) -> c.setClip(b));
        ToggleSwitch noise = new ToggleSwitch("Show ε̂");
        noise.setId("noise-switch");
        noise.setSelected(c.showNoiseProperty().get());
        noise.selectedProperty().addListener((o, a, b) -> c.setShowNoise(b));

        HBox counts = new HBox();
        counts.getStyleClass().add("segmented");
        ToggleGroup countGroup = new ToggleGroup();
        for (int n : GenerateController.SAMPLE_COUNTS) {
            ToggleButton b = new ToggleButton(Integer.toString(n));
            b.setId("count-" + n);
            b.setToggleGroup(countGroup);
            b.setSelected(n == c.sampleCountProperty().get());
            b.setOnAction(e -> {
                c.setSampleCount(n);
                b.setSelected(true);
            });
            b.setTooltip(Widgets.tooltip(n == 1 ? "One sample" : n + " samples, shown as a grid"));
            b.getStyleClass().add(n == 1 ? Styles.LEFT_PILL : n == 16 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            b.setPrefWidth(52);
            counts.getChildren().add(b);
        }

        Spinner<Integer> seed = intSpinner(0, Integer.MAX_VALUE, (int) c.seedProperty().get(), 1);
        seed.setId("sample-seed-spinner");
        seed.valueProperty().addListener((o, a, b) -> c.setSeed(b));
        c.seedProperty().addListener((o, a, b) -> seed.getValueFactory().setValue((int) b.longValue()));
        seed.setPrefWidth(130);
        Button dice = Widgets.iconButton(Material2OutlinedAL.CASINO, "A random seed");
        dice.setId("dice-button");
        dice.setOnAction(e -> c.rollSeed());
        HBox seedRow = new HBox(6, seed, dice);
        seedRow.setAlignment(Pos.CENTER_LEFT);

        ComboBox<Integer> klass = new ComboBox<>();
        klass.setId("class-box");
        klass.setMaxWidth(Double.MAX_VALUE);
        klass.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer i) {
                ModelStore.LoadedModel m = c.modelProperty().get();
                if (i != null && i == GenerateController.NO_CLASS) {
                    return "No class (the unconditional half)";
                }
                if (i == null || i < 0 || m == null) {
                    return "Any class (each in turn)";
                }
                List<String> names = m.checkpoint().header().classNames();
                return i < names.size() ? names.get(i) : "class " + i;
            }

            @Override
            public Integer fromString(String s) {
                return -1;
            }
        });
        klass.valueProperty().addListener((o, a, b) -> c.setClassIndex(b == null ? GenerateController.ANY_CLASS : b));
        Spinner<Double> guidance = new Spinner<>(0.0, SamplerConfig.MAX_GUIDANCE, c.guidanceProperty().get(), 0.5);
        guidance.setId("guidance-spinner");
        guidance.setEditable(true);
        guidance.setMaxWidth(Double.MAX_VALUE);
        guidance.valueProperty().addListener((o, a, b) -> c.setGuidance(b));
        guidance.setTooltip(Widgets.tooltip("Classifier-free guidance w: ε̂ = ε_u + w (ε_c − ε_u); 1 is plain conditional sampling"));
        // with the no-class label both halves of guidance are the same prediction: w changes nothing
        guidance.disableProperty().bind(c.classIndexProperty().isEqualTo(GenerateController.NO_CLASS));
        klass.setTooltip(Widgets.tooltip("Any class: the classes in turn. No class: the label the model learns from the steps "
                + "whose label was dropped, its unconditional half, which guidance pushes away from"));
        VBox classSection = section("Class", klass, labelled("Guidance scale w", guidance));
        Runnable updateClasses = () -> {
            ModelStore.LoadedModel m = c.modelProperty().get();
            int n = m == null ? 0 : m.checkpoint().header().unet().numClasses();
            klass.getItems().clear();
            klass.getItems().add(GenerateController.ANY_CLASS);
            for (int i = 0; i < n; i++) {
                klass.getItems().add(i);
            }
            klass.getItems().add(GenerateController.NO_CLASS);
            klass.setValue(GenerateController.ANY_CLASS);
            classSection.setVisible(n > 0);
            classSection.setManaged(n > 0);
        };
        c.modelProperty().addListener((o, a, b) -> updateClasses.run());
        updateClasses.run();

        generateButton.setId("generate-button");
        generateButton.getStyleClass().addAll(Styles.ACCENT, Styles.LARGE);
        generateButton.setMaxWidth(Double.MAX_VALUE);
        generateButton.setDefaultButton(false);
        generateButton.setOnAction(e -> c.generate());
        generateButton.disableProperty().bind(c.modelProperty().isNull().or(c.runningProperty()));
        denoiseButton.setId("denoise-button");
        denoiseButton.setMaxWidth(Double.MAX_VALUE);
        denoiseButton.setOnAction(e -> c.denoiseFromHere());
        denoiseButton.disableProperty().bind(c.modelProperty().isNull().or(c.runningProperty())
                .or(ctx.forwardImage().imageProperty().isNull()));
        Label denoiseHelp = muted("");
        denoiseHelp.textProperty().bind(Bindings.createStringBinding(() -> {
            var img = ctx.forwardImage().get();
            ModelStore.LoadedModel m = c.modelProperty().get();
            if (img == null) {
                return "Load an image in the Forward process tab to denoise it from its t.";
            }
            int T = m == null ? img.timesteps() : m.checkpoint().header().timesteps();
            return String.format(Locale.ROOT, "%s at t = %d of %d (Forward tab): how much of it survives?", img.name(),
                    m == null ? img.t() : GenerateController.modelT(img, T), T);
        }, ctx.forwardImage().imageProperty(), c.modelProperty()));

        VBox box = new VBox(18,
                section("Model", modelName, modelInfo, open),
                section("Sampler", kind, labelled("Steps", steps), varianceBox, etaBox, clip, noise),
                section("Samples", counts, labelled("Seed", seedRow)),
                classSection,
                section("Run", generateButton, denoiseButton, denoiseHelp));
        box.setPadding(new Insets(14, 18, 14, 18));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(SIDEBAR_WIDTH);
        scroll.setMinWidth(SIDEBAR_WIDTH);
        scroll.getStyleClass().addAll("sidebar", "edge-to-edge");
        return scroll;
    }

    private void openModel() {
        ModelFiles.chooseOpen(getScene().getWindow()).ifPresent(p -> ctx.models().open(p));
    }

    // ---- centre -------------------------------------------------------------------------

    private Node centre() {
        Message error = new Message("Cannot sample", "", new FontIcon(Material2OutlinedAL.ERROR_OUTLINE));
        error.getStyleClass().add(Styles.DANGER);
        error.setId("generate-error");
        error.descriptionProperty().bind(Bindings.createStringBinding(() -> c.errorProperty().get() == null ? ""
                : c.errorProperty().get(), c.errorProperty()));
        error.visibleProperty().bind(c.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        error.setOnClose(e -> c.clearError());
        Message modelError = new Message("Cannot open the model", "", new FontIcon(Material2OutlinedAL.ERROR_OUTLINE));
        modelError.getStyleClass().add(Styles.DANGER);
        modelError.descriptionProperty().bind(Bindings.createStringBinding(() -> ctx.models().errorProperty().get() == null ? ""
                : ctx.models().errorProperty().get() + (ctx.models().get() != null ? ". The previous model is still loaded." : ""),
                ctx.models().errorProperty(), ctx.models().modelProperty()));
        modelError.visibleProperty().bind(ctx.models().errorProperty().isNotNull());
        modelError.managedProperty().bind(modelError.visibleProperty());
        modelError.setOnClose(e -> ctx.models().clearError());

        PixelPane xt = new PixelPane("xₜ  (current)", "xₜ", c.xtImageProperty());
        xt.setId("xt-pane");
        xt.setPlaceholder("Press Generate");
        PixelPane x0 = new PixelPane("x̂₀  (the model's guess of the result)", "x̂₀  (guess)", c.x0ImageProperty());
        x0.setId("x0-pane");
        PixelPane eps = new PixelPane("ε̂  (predicted noise)", "ε̂", c.epsImageProperty());
        eps.setId("eps-pane");
        // which of x̂₀ and ε̂ is the network's output: that of the shown run, or before a run the loaded model's
        Runnable captions = () -> {
            StepInfo s = c.stepProperty().get();
            ModelStore.LoadedModel m = c.modelProperty().get();
            Prediction p = s != null ? s.prediction() : m != null ? m.checkpoint().header().unet().prediction()
                    : Prediction.EPSILON;
            x0.setCaptions(ParameterizationText.startCaption(p), p == Prediction.START_X ? "x̂₀ (predicted)" : "x̂₀ (derived)");
            eps.setCaptions(ParameterizationText.noiseCaption(p), p == Prediction.EPSILON ? "ε̂ (predicted)" : "ε̂ (derived)");
        };
        c.stepProperty().addListener((o, was, is) -> captions.run());
        c.modelProperty().addListener((o, was, is) -> captions.run());
        captions.run();
        // ε̂ exists for every step but the final sample; before any run the pane stays empty
        c.trajectoryProperty().addListener((o, a, b) -> eps.setPlaceholder(b == null ? "" : "No ε̂ for the final sample"));
        c.runningProperty().addListener((o, a, b) -> eps.setPlaceholder(b || c.trajectoryProperty().get() != null
                ? "No ε̂ for the final sample" : ""));
        eps.visibleProperty().bind(c.showNoiseProperty());
        eps.managedProperty().bind(eps.visibleProperty());
        HBox images = new HBox(10, xt, x0, eps);
        images.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        images.setPadding(new Insets(10));
        images.getStyleClass().add("image-stage");
        images.setId("generate-stage");
        VBox.setVgrow(images, Priority.ALWAYS);
        for (PixelPane p : List.of(xt, x0, eps)) {
            p.setPrefWidth(100);
            p.setMaxWidth(Double.MAX_VALUE);
        }

        VBox empty = new VBox(12);
        empty.setId("empty-state");
        empty.setAlignment(Pos.CENTER);
        FontIcon icon = new FontIcon(Material2OutlinedMZ.MEMORY);
        icon.getStyleClass().add("empty-icon");
        Label emptyTitle = new Label("No model loaded — open a model file or train one");
        emptyTitle.getStyleClass().addAll(Styles.TITLE_3, "empty-title");
        Label emptyHelp = new Label("Generate needs a trained denoiser. Open a .ckpt file, or train a model on Fashion-MNIST"
                + " or a folder of your images in the Train tab (Ctrl+3); it appears here when training ends.");
        emptyHelp.setWrapText(true);
        emptyHelp.setMaxWidth(520);
        emptyHelp.getStyleClass().add("empty-help");
        Button emptyOpen = Widgets.button("Open model…", Material2OutlinedAL.FOLDER_OPEN, "Open a model file (*.ckpt)");
        emptyOpen.setId("empty-open-button");
        emptyOpen.getStyleClass().add(Styles.ACCENT);
        emptyOpen.setOnAction(e -> openModel());
        empty.getChildren().addAll(icon, emptyTitle, emptyHelp, emptyOpen);
        empty.visibleProperty().bind(c.modelProperty().isNull().and(ctx.models().loadingProperty().not()));
        Label loadingLabel = new Label();
        loadingLabel.textProperty().bind(ctx.models().loadingTextProperty());
        loadingLabel.setWrapText(true);
        loadingLabel.getStyleClass().add("drop-hint");
        loadingLabel.visibleProperty().bind(ctx.models().loadingProperty());
        images.visibleProperty().bind(c.modelProperty().isNotNull());
        StackPane stage = new StackPane(images, empty, loadingLabel);
        stage.getStyleClass().add("generate-stage-holder");
        VBox.setVgrow(stage, Priority.ALWAYS);

        VBox centre = new VBox(10, error, modelError, runBar(), stage, timelineBar(), equation);
        centre.setPadding(new Insets(12, 16, 12, 16));
        centre.setMinWidth(420);
        c.stepProperty().addListener((o, a, b) -> equation.show(b));
        return centre;
    }

    private Node runBar() {
        Label title = new Label();
        title.getStyleClass().addAll(Styles.TEXT_BOLD);
        title.textProperty().bind(c.runTitleProperty());
        ProgressBar bar = new ProgressBar();
        bar.setId("sample-progress");
        bar.progressProperty().bind(c.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label text = new Label();
        text.setId("sample-progress-text");
        text.textProperty().bind(c.progressTextProperty());
        text.getStyleClass().add(Styles.TEXT_SMALL);
        text.setMinWidth(Region.USE_PREF_SIZE);
        cancelButton.setId("cancel-button");
        cancelButton.getStyleClass().add(Styles.DANGER);
        cancelButton.setOnAction(e -> c.cancel());
        cancelButton.visibleProperty().bind(c.runningProperty());
        cancelButton.managedProperty().bind(cancelButton.visibleProperty());
        HBox row = new HBox(10, title, bar, text, cancelButton);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(c.runTitleProperty().isNotEmpty());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    private Node timelineBar() {
        Button first = Widgets.iconButton(Material2OutlinedAL.FIRST_PAGE, "Go to the start, x_T");
        first.setOnAction(e -> c.setPosition(0));
        Button back = Widgets.iconButton(Material2OutlinedAL.CHEVRON_LEFT, "One kept step back (←)");
        back.setOnAction(e -> c.stepPosition(-1));
        Button play = Widgets.iconButton(Material2OutlinedMZ.PLAY_ARROW, "Play / pause the trajectory (Space)");
        play.setId("trajectory-play");
        play.getStyleClass().removeAll(Styles.FLAT);
        play.getStyleClass().addAll(Styles.ACCENT, Styles.BUTTON_CIRCLE);
        play.graphicProperty().bind(Bindings.createObjectBinding(() -> new FontIcon(c.playingProperty().get()
                ? Material2OutlinedMZ.PAUSE : Material2OutlinedMZ.PLAY_ARROW), c.playingProperty()));
        play.setOnAction(e -> c.togglePlay());
        Button fwd = Widgets.iconButton(Material2OutlinedAL.CHEVRON_RIGHT, "One kept step forward (→)");
        fwd.setOnAction(e -> c.stepPosition(1));
        Button last = Widgets.iconButton(Material2OutlinedAL.LAST_PAGE, "Go to the end, the sample x₀");
        last.setOnAction(e -> c.setPosition(Integer.MAX_VALUE));

        timeline.setId("trajectory-slider");
        timeline.setMin(0);
        timeline.setMax(1);
        timeline.setBlockIncrement(1);
        HBox.setHgrow(timeline, Priority.ALWAYS);
        timeline.setMaxWidth(Double.MAX_VALUE);
        c.trajectoryProperty().addListener((o, a, tr) -> {
            timeline.setMax(tr == null ? 1 : Math.max(1, tr.size() - 1));
            chart.setTrajectory(tr);
            chart.setCursor(tr, c.positionProperty().get());
            varianceChart.setTrajectory(tr);
            varianceChart.setCursor(tr, c.positionProperty().get());
        });
        timeline.valueProperty().addListener((o, a, b) -> c.setPosition((int) Math.round(b.doubleValue())));
        c.positionProperty().addListener((o, a, b) -> {
            timeline.setValue(b.intValue());
            chart.setCursor(c.trajectoryProperty().get(), b.intValue());
            varianceChart.setCursor(c.trajectoryProperty().get(), b.intValue());
        });

        ComboBox<Double> speed = new ComboBox<>();
        speed.setId("speed-box");
        speed.getItems().setAll(0.25, 0.5, 1.0, 2.0, 4.0);
        speed.setValue(c.speedProperty().get());
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : (v == Math.rint(v) ? Integer.toString(v.intValue()) : v.toString()) + "×";
            }

            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replace("×", ""));
            }
        });
        speed.valueProperty().addListener((o, a, b) -> c.setSpeed(b));
        speed.setTooltip(Widgets.tooltip("Playback speed (1×: the whole run in 6 s)"));

        Label label = new Label();
        label.setId("trajectory-label");
        label.getStyleClass().add("t-label");
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.textProperty().bind(Bindings.createStringBinding(() -> {
            StepInfo s = c.stepProperty().get();
            if (s == null) {
                return "t = –";
            }
            return s.isFinal() ? "t = 0 (sample)" : "t = " + s.t();
        }, c.stepProperty()));
        // on a narrow window the slider takes a row of its own instead of shrinking to nothing
        TimelineBar bar = new TimelineBar(List.of(first, back, play, fwd, last), timeline, List.of(speed, label), 6);
        bar.setId("generate-timeline");
        bar.disableProperty().bind(c.trajectoryProperty().isNull().or(c.runningProperty()));
        return bar;
    }

    // ---- right --------------------------------------------------------------------------

    private Node chartPanel() {
        Label title = new Label("Trajectory", new FontIcon(Material2OutlinedMZ.SHOW_CHART));
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = muted("Per step: the spread of xₜ (from pure noise down to the data's) and how far the model's"
                + " guess of x₀ still is from the final sample: it shows when the result is decided.");
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.setMinWidth(0);
        Label waiting = new Label("Drawn while sampling");
        waiting.getStyleClass().addAll(Styles.TEXT_MUTED);
        // the std curve grows with the live frames; the whole trajectory replaces it when the run ends
        c.liveStdProperty().addListener((o, was, live) -> {
            if (live == null) {
                chart.clearLive();
            } else {
                chart.showLive(live);
            }
        });
        chart.visibleProperty().bind(c.trajectoryProperty().isNotNull().or(c.runningProperty()));
        waiting.visibleProperty().bind(chart.visibleProperty().not());
        StackPane chartHolder = new StackPane(chart, waiting);
        VBox.setVgrow(chartHolder, Priority.ALWAYS);
        Label varianceTitle = new Label("Variance σₜ² per step (log scale)");
        varianceTitle.getStyleClass().add(Styles.TEXT_BOLD);
        varianceTitle.setTooltip(Widgets.tooltip("The noise each step adds: βₜ and β˜ₜ are the fixed choices and the ends "
                + "of the range a learned variance may take; a model that learns σₜ² shows its value between them"));
        Label readout = varianceChart.readout();
        VBox varianceBox = new VBox(2, varianceTitle, varianceChart.legend(), varianceChart, readout);
        VBox.setVgrow(varianceChart, Priority.ALWAYS);
        varianceChart.setMinHeight(140);
        varianceChart.setPrefHeight(220);
        varianceBox.visibleProperty().bind(c.trajectoryProperty().isNotNull());
        varianceBox.managedProperty().bind(varianceBox.visibleProperty());
        VBox box = new VBox(6, title, hint, chartHolder, varianceBox);
        hint.maxWidthProperty().bind(box.prefWidthProperty().subtract(28)); // wrap inside the panel (its width comes from the window)
        readout.maxWidthProperty().bind(box.prefWidthProperty().subtract(28));
        box.setPadding(new Insets(16, 16, 12, 4));
        box.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(280, Math.min(CHART_WIDTH, getWidth() * 0.24)), widthProperty()));
        box.setMinWidth(280);
        box.getStyleClass().add("chart-panel");
        return box;
    }

    // ---- helpers ------------------------------------------------------------------------

    private static boolean learnedVariance(ModelStore.LoadedModel m) {
        return m != null && m.checkpoint().header().unet().variance().learned();
    }

    static Spinner<Integer> intSpinner(int min, int max, int value, int step) {
        Spinner<Integer> s = new Spinner<>(min, max, value, step);
        s.setEditable(true);
        s.setMaxWidth(Double.MAX_VALUE);
        s.getStyleClass().add(Spinner.STYLE_CLASS_SPLIT_ARROWS_HORIZONTAL);
        org.ddpmexplorer.ui.common.Widgets.keepValueOnNonsense(s);
        s.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                s.increment(0); // commit typed text on focus loss
            }
        });
        return s;
    }


}
