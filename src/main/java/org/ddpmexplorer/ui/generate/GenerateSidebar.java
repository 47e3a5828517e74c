package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.Widgets.labelled;
import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;

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
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.ModelFiles;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The Generate tab's left column: the model, the sampler settings, the number of samples and seed, the
 * class and guidance of a conditional model, and the run buttons. It reads the settings and the
 * controller's state and calls their verbs.
 */
final class GenerateSidebar extends ScrollPane {
    static final double WIDTH = 288;

    private final GenerateController c;
    private final GenerateSettings s;
    private final AppContext ctx;
    final Button generateButton = Widgets.button("Generate", Material2OutlinedMZ.PLAY_ARROW, "Sample from pure noise x_T (Ctrl+G)");
    final Button denoiseButton = Widgets.button("Denoise from here", Material2OutlinedAL.BLUR_LINEAR,
            "SDEdit: noise the Forward tab's image to the t shown there, then run the reverse process from that t");

    GenerateSidebar(GenerateController controller, AppContext ctx) {
        this.c = controller;
        this.s = controller.settings();
        this.ctx = ctx;
        setContent(content());
        setFitToWidth(true);
        setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setPrefWidth(WIDTH);
        setMinWidth(WIDTH);
        getStyleClass().addAll("sidebar", "edge-to-edge");
    }

    private Node content() {
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
        kind.setValue(s.kindProperty().get());
        kind.valueProperty().addListener((o, a, b) -> s.setKind(b));
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

        Spinner<Integer> steps = intSpinner(1, 4000, s.stepsProperty().get(), 10);
        steps.setId("sample-steps-spinner");
        steps.valueProperty().addListener((o, a, b) -> s.setSteps(b));
        s.stepsProperty().addListener((o, a, b) -> steps.getValueFactory().setValue(b.intValue()));
        steps.setTooltip(Widgets.tooltip("Denoising steps; fewer than T uses an evenly respaced subsequence of 1..T"));

        ComboBox<SamplerConfig.Variance> variance = new ComboBox<>();
        variance.setId("variance-box");
        variance.getItems().setAll(SamplerConfig.Variance.values());
        variance.setValue(s.varianceProperty().get());
        variance.setMaxWidth(Double.MAX_VALUE);
        variance.valueProperty().addListener((o, a, b) -> s.setVariance(b));
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

        Slider eta = new Slider(0, 1, s.etaProperty().get());
        eta.setId("eta-slider");
        eta.setMajorTickUnit(0.25);
        eta.setShowTickMarks(true);
        eta.valueProperty().addListener((o, a, b) -> s.setEta(b.doubleValue()));
        Label etaValue = new Label();
        etaValue.textProperty().bind(Bindings.format(Locale.ROOT, "η = %.2f", s.etaProperty()));
        VBox etaBox = new VBox(4, etaValue, eta);
        etaBox.getChildren().add(muted("0: deterministic; 1: as much noise as DDPM"));
        varianceBox.visibleProperty().bind(s.kindProperty().isEqualTo(SamplerConfig.Kind.DDPM));
        varianceBox.managedProperty().bind(varianceBox.visibleProperty());
        etaBox.visibleProperty().bind(s.kindProperty().isEqualTo(SamplerConfig.Kind.DDIM));
        etaBox.managedProperty().bind(etaBox.visibleProperty());

        ToggleSwitch clip = new ToggleSwitch("Clip x̂₀ to [−1, 1]");
        clip.setId("clip-switch");
        clip.setSelected(s.clipProperty().get());
        clip.selectedProperty().addListener((o, a, b) -> s.setClip(b));
        ToggleSwitch noise = new ToggleSwitch("Show ε̂");
        noise.setId("noise-switch");
        noise.setSelected(s.showNoiseProperty().get());
        noise.selectedProperty().addListener((o, a, b) -> c.setShowNoise(b));

        HBox counts = new HBox();
        counts.getStyleClass().add("segmented");
        ToggleGroup countGroup = new ToggleGroup();
        for (int n : GenerateSettings.SAMPLE_COUNTS) {
            ToggleButton b = new ToggleButton(Integer.toString(n));
            b.setId("count-" + n);
            b.setToggleGroup(countGroup);
            b.setSelected(n == s.sampleCountProperty().get());
            b.setOnAction(e -> {
                s.setSampleCount(n);
                b.setSelected(true);
            });
            b.setTooltip(Widgets.tooltip(n == 1 ? "One sample" : n + " samples, shown as a grid"));
            b.getStyleClass().add(n == 1 ? Styles.LEFT_PILL : n == 16 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            b.setPrefWidth(52);
            counts.getChildren().add(b);
        }

        Spinner<Integer> seed = intSpinner(0, Integer.MAX_VALUE, (int) s.seedProperty().get(), 1);
        seed.setId("sample-seed-spinner");
        seed.valueProperty().addListener((o, a, b) -> s.setSeed(b));
        s.seedProperty().addListener((o, a, b) -> seed.getValueFactory().setValue((int) b.longValue()));
        seed.setPrefWidth(130);
        Button dice = Widgets.iconButton(Material2OutlinedAL.CASINO, "A random seed");
        dice.setId("dice-button");
        dice.setOnAction(e -> s.rollSeed());
        HBox seedRow = new HBox(6, seed, dice);
        seedRow.setAlignment(Pos.CENTER_LEFT);

        ComboBox<Integer> klass = new ComboBox<>();
        klass.setId("class-box");
        klass.setMaxWidth(Double.MAX_VALUE);
        klass.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer i) {
                ModelStore.LoadedModel m = c.modelProperty().get();
                if (i != null && i == GenerateSettings.NO_CLASS) {
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
        klass.valueProperty().addListener((o, a, b) -> s.setClassIndex(b == null ? GenerateSettings.ANY_CLASS : b));
        Spinner<Double> guidance = new Spinner<>(0.0, SamplerConfig.MAX_GUIDANCE, s.guidanceProperty().get(), 0.5);
        guidance.setId("guidance-spinner");
        guidance.setEditable(true);
        guidance.setMaxWidth(Double.MAX_VALUE);
        guidance.valueProperty().addListener((o, a, b) -> s.setGuidance(b));
        guidance.setTooltip(Widgets.tooltip("Classifier-free guidance w: ε̂ = ε_u + w (ε_c − ε_u); 1 is plain conditional sampling"));
        // with the no-class label both halves of guidance are the same prediction: w changes nothing
        guidance.disableProperty().bind(s.classIndexProperty().isEqualTo(GenerateSettings.NO_CLASS));
        klass.setTooltip(Widgets.tooltip("Any class: the classes in turn. No class: the label the model learns from the steps "
                + "whose label was dropped, its unconditional half, which guidance pushes away from"));
        VBox classSection = section("Class", klass, labelled("Guidance scale w", guidance));
        Runnable updateClasses = () -> {
            ModelStore.LoadedModel m = c.modelProperty().get();
            int n = m == null ? 0 : m.checkpoint().header().unet().numClasses();
            klass.getItems().clear();
            klass.getItems().add(GenerateSettings.ANY_CLASS);
            for (int i = 0; i < n; i++) {
                klass.getItems().add(i);
            }
            klass.getItems().add(GenerateSettings.NO_CLASS);
            klass.setValue(GenerateSettings.ANY_CLASS);
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
                    m == null ? img.t() : GenerateImages.modelT(img, T), T);
        }, ctx.forwardImage().imageProperty(), c.modelProperty()));

        VBox box = new VBox(18,
                section("Model", modelName, modelInfo, open),
                section("Sampler", kind, labelled("Steps", steps), varianceBox, etaBox, clip, noise),
                section("Samples", counts, labelled("Seed", seedRow)),
                classSection,
                section("Run", generateButton, denoiseButton, denoiseHelp));
        box.setPadding(new Insets(14, 18, 14, 18));
        return box;
    }

    void openModel() {
        ModelFiles.chooseOpen(getScene().getWindow()).ifPresent(p -> ctx.models().open(p));
    }

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
