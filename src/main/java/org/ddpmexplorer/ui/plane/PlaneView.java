package org.ddpmexplorer.ui.plane;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The "Plane" tab: the sidebar ({@link PlaneSidebar}) on the left; on the right the view switcher
 * and its overlays, the square plot ({@link PlotCanvas} drawn by {@link PlanePainter}), a legend and
 * the shared time slider. Mouse: drag to sketch (right-drag erases), click a particle to follow it.
 * Redraws at most once per frame, whatever changed.
 */
final class PlaneView extends BorderPane {
    final PlaneController c;
    final PlaneSidebar sidebar;
    final PlanePlots plots;
    final PlotCanvas plot;
    final PlotCanvas plotB;
    final Slider slider = new Slider(0, PlaneController.DEFAULT_T, 0);
    final ToggleButton forward = new ToggleButton(PlaneController.Mode.FORWARD.label);
    final ToggleButton reverse = new ToggleButton(PlaneController.Mode.REVERSE.label);
    final ToggleButton field = new ToggleButton(PlaneController.Mode.FIELD.label);
    final CheckBox density = new CheckBox("Density");
    final CheckBox trails = new CheckBox("Trails");
    final CheckBox predicted = new CheckBox("x̂₀ arrows");
    final CheckBox exact = new CheckBox("Exact field");
    final CheckBox score = new CheckBox("Score");
    final Label tLabel = new Label();
    final HBox legend = new HBox(14);
    private boolean redrawScheduled;
    private final AppContext ctx;

    PlaneView(PlaneController c, AppContext ctx) {
        this.c = c;
        this.ctx = ctx;
        this.sidebar = new PlaneSidebar(c, ctx);
        this.plots = new PlanePlots(c, sidebar);
        this.plot = plots.plot;
        this.plotB = plots.plotB;
        getStyleClass().add("plane-view");
        setLeft(sidebar.build());
        setCenter(centre());
        for (Observable o : new Observable[] {c.timeline.t, c.mode, c.data.pointsProperty(), c.data.sketchVersionProperty(),
                c.data.sketchingProperty(), c.training.progressProperty(), c.training.phaseProperty(),
                c.sampling.trajectoryProperty(), c.showDensity, c.showTrails, c.showPredicted, c.showExact, c.showScore,
                c.followedProperty(), c.redrawsProperty(), c.diffusionProperty(), c.compare.enabled, c.compare.what,
                c.compare.b.sampling.trajectoryProperty(), c.compare.b.training.progressProperty(),
                c.compare.b.training.phaseProperty(), c.compare.third.sampling.trajectoryProperty(),
                c.compare.third.training.progressProperty(), c.compare.third.training.phaseProperty(), c.sampling.kind,
                c.sampling.eta}) {
            o.addListener(x -> requestRedraw());
        }
        Widgets.keysWhileInScene(this, this::keys);
    }

    /** Redraws on the next pulse (once, however many changes come before it). */
    void requestRedraw() {
        if (!redrawScheduled) {
            redrawScheduled = true;
            Platform.runLater(() -> {
                redrawScheduled = false;
                updateLegend();
                plots.redraw();
            });
        }
    }

    private Node centre() {
        VBox box = new VBox(10, toolbar(), plots.node(), legend, timelineBar());
        box.setPadding(new Insets(14, 18, 12, 18));
        VBox.setVgrow(box.getChildren().get(1), Priority.ALWAYS);
        legend.setAlignment(Pos.CENTER);
        legend.getStyleClass().add("plane-legend");
        return box;
    }

    private Node toolbar() {
        ToggleGroup modes = new ToggleGroup();
        forward.setId("mode-forward");
        reverse.setId("mode-reverse");
        field.setId("mode-field");
        forward.setGraphic(new FontIcon(Material2OutlinedAL.BLUR_ON));
        reverse.setGraphic(new FontIcon(Material2OutlinedAL.FLARE));
        field.setGraphic(new FontIcon(Material2OutlinedMZ.NEAR_ME));
        forward.getStyleClass().add(Styles.LEFT_PILL);
        reverse.getStyleClass().add(Styles.CENTER_PILL);
        field.getStyleClass().add(Styles.RIGHT_PILL);
        forward.setTooltip(Widgets.tooltip("The data noised to xₜ, over the exact marginal q(xₜ) (F)"));
        reverse.setTooltip(Widgets.tooltip("Particles denoised from pure noise by the model (R)"));
        field.setTooltip(Widgets.tooltip("What the model predicts at every point: ε̂ or the score (D)"));
        for (ToggleButton b : new ToggleButton[] {forward, reverse, field}) {
            b.setToggleGroup(modes);
            b.setMinWidth(Region.USE_PREF_SIZE); // never "Forw…": the check boxes give way first
        }
        selectMode(c.mode.get());
        c.mode.addListener((o, a, m) -> selectMode(m));
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                c.mode.set(b == forward ? PlaneController.Mode.FORWARD : b == reverse ? PlaneController.Mode.REVERSE
                        : PlaneController.Mode.FIELD);
            }
        });
        HBox segmented = new HBox(0, forward, reverse, field);

        density.setId("show-density");
        trails.setId("show-trails");
        predicted.setId("show-predicted");
        exact.setId("show-exact");
        score.setId("show-score");
        density.selectedProperty().bindBidirectional(c.showDensity);
        trails.selectedProperty().bindBidirectional(c.showTrails);
        predicted.selectedProperty().bindBidirectional(c.showPredicted);
        exact.selectedProperty().bindBidirectional(c.showExact);
        score.selectedProperty().bindBidirectional(c.showScore);
        density.setTooltip(Widgets.tooltip("The marginal of the data's Gaussian mixture, (1/n) Σ N(√ᾱₜ xᵢ, (1−ᾱₜ) I), as a heat map"));
        score.setTooltip(Widgets.tooltip("Arrows of the score −ε̂/√(1−ᾱₜ), which points towards the data, instead of ε̂"));
        exact.setTooltip(Widgets.tooltip("The optimal denoiser of the training points (posterior mean of the mixture), in green"));
        var m = c.mode;
        visibleIn(density, m.isNotEqualTo(PlaneController.Mode.REVERSE));
        visibleIn(trails, m.isEqualTo(PlaneController.Mode.REVERSE));
        visibleIn(predicted, m.isEqualTo(PlaneController.Mode.REVERSE));
        visibleIn(exact, m.isEqualTo(PlaneController.Mode.FIELD));
        visibleIn(score, m.isEqualTo(PlaneController.Mode.FIELD));
        HBox overlays = new HBox(14, density, trails, predicted, exact, score);
        overlays.setAlignment(Pos.CENTER_LEFT);

        Button png = Widgets.iconButton(Material2OutlinedMZ.PHOTO_CAMERA, "Save this frame as PNG");
        png.setId("save-png");
        png.setOnAction(e -> PlaneExport.savePng(this, ctx));
        Button gif = Widgets.iconButton(Material2OutlinedAL.GIF, "Export the animation as GIF (Ctrl+E)");
        gif.setId("export-gif");
        gif.setOnAction(e -> PlaneExport.exportGif(this, ctx));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(14, segmented, overlays, spacer, png, gif);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("plane-toolbar");
        return bar;
    }

    private static void visibleIn(Node n, javafx.beans.value.ObservableBooleanValue when) {
        n.visibleProperty().bind(when);
        n.managedProperty().bind(n.visibleProperty());
    }

    private void selectMode(PlaneController.Mode m) {
        (m == PlaneController.Mode.FORWARD ? forward : m == PlaneController.Mode.REVERSE ? reverse : field).setSelected(true);
    }

    private Node timelineBar() {
        Button play = Widgets.iconButton(Material2OutlinedMZ.PLAY_ARROW, "Play / pause (Space)");
        play.setId("plane-play");
        play.getStyleClass().removeAll(Styles.FLAT);
        play.getStyleClass().addAll(Styles.ACCENT, Styles.BUTTON_CIRCLE);
        play.graphicProperty().bind(Bindings.createObjectBinding(() -> new FontIcon(c.timeline.playingProperty().get()
                ? Material2OutlinedMZ.PAUSE : Material2OutlinedMZ.PLAY_ARROW), c.timeline.playingProperty()));
        play.setOnAction(e -> c.timeline.togglePlay());
        slider.setId("t-slider");
        slider.setBlockIncrement(1);
        slider.setMajorTickUnit(10);
        slider.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.maxProperty().bind(c.timeline.timesteps);
        slider.setValue(c.timeline.t.get());
        slider.valueProperty().addListener((o, a, b) -> {
            int v = (int) Math.round(b.doubleValue());
            if (v != c.timeline.t.get()) {
                c.timeline.t.set(v);
            }
        });
        c.timeline.t.addListener((o, a, b) -> {
            if ((int) Math.round(slider.getValue()) != b.intValue()) {
                slider.setValue(b.intValue());
            }
        });
        tLabel.setId("t-label");
        tLabel.getStyleClass().add("t-label");
        tLabel.setMinWidth(200); // room for "t = 1000 / 1000   ᾱₜ = 0.000": the slider keeps its length
        tLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            var d = c.diffusionProperty().get();
            int t = c.timeline.t.get();
            return d == null ? "t = " + t : String.format(Locale.ROOT, "t = %d / %d   ᾱₜ = %.3f", t, d.timesteps(), d.alphaBar(t));
        }, c.timeline.t, c.diffusionProperty()));
        HBox bar = new HBox(10, play, slider, tLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("timeline-bar");
        return bar;
    }

    private void updateLegend() {
        legend.getChildren().clear();
        if (c.data.sketchingProperty().get()) {
            return;
        }
        switch (c.mode.get()) {
            case FORWARD -> {
                key(PlanePainter.FORWARD, "xₜ of each point (fixed ε)");
                if (c.showDensity.get() && c.timeline.t.get() > 0) {
                    key(0x6E8EF0, "q(xₜ), exact");
                }
            }
            case REVERSE -> {
                key(PlanePainter.DATA, "training data");
                key(PlanePainter.SAMPLE, "particles");
                if (c.showPredicted.get()) {
                    key(0xBC4C00, "x̂₀: where the model thinks each ends");
                }
                if (c.sampling.trajectoryProperty().get() != null) {
                    key(0xCF222E, c.followedProperty().get() < 0 ? "click a particle to follow it" : "followed path");
                }
            }
            case FIELD -> {
                boolean model = c.training.modelProperty().get() != null;
                if (model) {
                    key(0x0969DA, "model");
                }
                if (!model || c.showExact.get()) {
                    key(0x1A7F37, "exact (optimal denoiser of the data)");
                }
            }
        }
    }

    private void key(int rgb, String text) {
        Circle dot = new Circle(5, javafx.scene.paint.Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF));
        Label l = new Label(text, dot);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        legend.getChildren().add(l);
    }

    // ---- mouse and keys ------------------------------------------------------------------------

    private void keys(KeyEvent e) {
        if (!Widgets.isShowing(this) || e.getTarget() instanceof javafx.scene.control.TextInputControl) {
            return;
        }
        if ((e.isShortcutDown() || e.isAltDown()) && e.getCode() != KeyCode.ENTER) {
            return; // the menus' accelerators
        }
        if (e.getTarget() instanceof javafx.scene.control.Spinner<?>) {
            return;
        }
        switch (e.getCode()) {
            case SPACE -> c.timeline.togglePlay();
            case LEFT -> c.timeline.step(-1);
            case RIGHT -> c.timeline.step(1);
            case HOME -> c.timeline.t.set(0);
            case END -> c.timeline.t.set(c.timeline.timesteps.get());
            case F -> c.mode.set(PlaneController.Mode.FORWARD);
            case R -> c.mode.set(PlaneController.Mode.REVERSE);
            case D -> c.mode.set(PlaneController.Mode.FIELD);
            case A -> c.showPredicted.set(!c.showPredicted.get());
            case ESCAPE -> {
                if (c.training.phaseProperty().get() != PlaneTraining.Phase.TRAINING) {
                    return; // Esc means something else elsewhere
                }
                c.stop();
            }
            default -> {
                if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                    c.train();
                } else {
                    return;
                }
            }
        }
        e.consume();
    }
}
