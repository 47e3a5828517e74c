package org.ddpmexplorer.ui.generate;

import static org.ddpmexplorer.ui.common.Widgets.muted;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.ParameterizationText;
import org.ddpmexplorer.ui.common.PixelPane;
import org.ddpmexplorer.ui.common.TimelineBar;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The reverse-process explorer: the sampler settings on the left ({@link GenerateSidebar}); x_t, x̂_0
 * and ε̂ side by side in the middle with the timeline and the step's equation under them; the
 * trajectory chart on the right.
 * It reads the controller's properties and calls its verbs, nothing else.
 */
public final class GenerateView extends BorderPane {
    static final double CHART_WIDTH = 360;

    private final GenerateController c;
    private final AppContext ctx;
    final GenerateSidebar sidebar;
    final Button cancelButton = Widgets.button("Cancel", Material2OutlinedAL.CLOSE, "Stop sampling (Esc); what is done stays on the timeline");
    final Slider timeline = new Slider();
    final EquationPanel equation = new EquationPanel();
    final TrajectoryChart chart = new TrajectoryChart();
    final VarianceChart varianceChart = new VarianceChart();

    public GenerateView(GenerateController controller, AppContext ctx) {
        this.c = controller;
        this.ctx = ctx;
        getStyleClass().add("generate-view");
        sidebar = new GenerateSidebar(controller, ctx);
        setLeft(sidebar);
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
            if (e.getCode() == javafx.scene.input.KeyCode.G && !sidebar.generateButton.isDisabled()) {
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
        eps.visibleProperty().bind(c.settings().showNoiseProperty());
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
        emptyOpen.setOnAction(e -> sidebar.openModel());
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
}
