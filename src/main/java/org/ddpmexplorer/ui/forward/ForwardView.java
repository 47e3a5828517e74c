package org.ddpmexplorer.ui.forward;

import static org.ddpmexplorer.ui.common.Widgets.muted;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.ui.common.AnimationExport;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.GifExportDialog;
import org.ddpmexplorer.ui.common.ResponsiveRow;
import org.ddpmexplorer.ui.common.TimelineBar;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The forward-process explorer, built in code: settings on the left, x_t large in the middle
 * with the timeline and the readouts under it, the noising curves on the right. It only reads
 * the controller's properties and calls its verbs.
 */
public final class ForwardView extends BorderPane {
    /** Widths of the side panels in px; the image takes the rest. */
    static final double SIDEBAR_WIDTH = 288, CHART_WIDTH = 430;
    /** Narrowest readout card: "−43.9 dB" in the 16 px value font plus padding; below it they wrap. */
    static final double READOUT_MIN_WIDTH = 100;

    private final ForwardController c;
    private final AppContext ctx;
    final Slider slider = new Slider();
    final ScheduleChart chart = new ScheduleChart();
    final StackPane imageStage = new StackPane();
    final ImageView xtView = new ImageView();
    final Label tLabel = new Label();
    /** Whether x_0 is shown small in the corner of x_t. */
    final ToggleSwitch insetSwitch = new ToggleSwitch("Show x₀ in the corner");

    public ForwardView(ForwardController controller, AppContext ctx) {
        this.c = controller;
        this.ctx = ctx;
        getStyleClass().add("forward-view");
        setLeft(new ForwardSidebar(controller, ctx, insetSwitch));
        setCenter(centre());
        setRight(chartPanel());
        // Keys are handled at the scene, so they work wherever the focus is (a tab header, a
        // button) except in text fields; only while this view is showing.
        Widgets.keysWhileInScene(this, this::onKey);
    }

    // ---- centre: image, timeline, readouts ----------------------------------------------

    private Node centre() {
        Message error = new Message("Cannot open this image", "", new FontIcon(Material2OutlinedAL.ERROR_OUTLINE));
        error.getStyleClass().add(Styles.DANGER);
        error.setId("error-message");
        error.descriptionProperty().bind(Bindings.createStringBinding(
                () -> c.errorProperty().get() == null ? "" : c.errorProperty().get() + ". The previous image is still shown.",
                c.errorProperty()));
        error.visibleProperty().bind(c.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        error.setOnClose(e -> c.clearError());

        // single view: x_t large, x_0 inset
        xtView.imageProperty().bind(c.xtImageProperty());
        xtView.setId("xt-view");
        ImageView x0View = new ImageView();
        x0View.imageProperty().bind(c.x0ImageProperty());
        Label xtCaption = chip("");
        xtCaption.textProperty().bind(Bindings.createStringBinding(() -> "xₜ  ·  " + c.scheduleProperty().get()
                        + "  ·  t = " + c.tProperty().get() + (c.iterativeProperty().get() ? "  ·  chain" : ""),
                c.scheduleProperty(), c.tProperty(), c.iterativeProperty()));
        FitImage single = new FitImage(xtView, xtCaption, x0View, chip("x₀"));
        insetSwitch.selectedProperty().addListener((o, a, b) -> single.requestLayout());
        single.insetShown = insetSwitch::isSelected;

        // compare view: linear | cosine
        ImageView lin = new ImageView(), cos = new ImageView();
        lin.imageProperty().bind(c.linearImageProperty());
        cos.imageProperty().bind(c.cosineImageProperty());
        Label linCap = chip(""), cosCap = chip("");
        linCap.textProperty().bind(Bindings.createStringBinding(() -> caption(BetaSchedule.LINEAR), c.tProperty(), c.timestepsProperty()));
        cosCap.textProperty().bind(Bindings.createStringBinding(() -> caption(BetaSchedule.COSINE), c.tProperty(), c.timestepsProperty()));
        HBox compareBox = new HBox(12, new FitImage(lin, linCap, null, null), new FitImage(cos, cosCap, null, null));
        compareBox.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        compareBox.setId("compare-view");
        single.visibleProperty().bind(c.compareProperty().not());
        compareBox.visibleProperty().bind(c.compareProperty());

        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(56, 56);
        busy.visibleProperty().bind(c.loadingProperty());
        Label dropHint = new Label("Drop an image here", new FontIcon(Material2OutlinedAL.FILE_UPLOAD));
        dropHint.getStyleClass().add("drop-hint");
        dropHint.visibleProperty().bind(c.xtImageProperty().isNull().and(c.loadingProperty().not()));
        imageStage.getChildren().addAll(single, compareBox, dropHint, busy);
        imageStage.getStyleClass().add("image-stage");
        imageStage.setId("image-stage");
        imageStage.setMinSize(200, 200);
        imageStage.setFocusTraversable(true);
        imageStage.setOnMousePressed(e -> imageStage.requestFocus());
        imageStage.setPadding(new Insets(14));
        VBox.setVgrow(imageStage, Priority.ALWAYS);
        installDrop(imageStage);

        VBox centre = new VBox(12, error, imageStage, timeline(), readouts());
        centre.setMinWidth(420);
        centre.setPadding(new Insets(16, 16, 12, 16));
        return centre;
    }

    private String caption(BetaSchedule s) {
        int t = c.tProperty().get();
        var d = new org.ddpmexplorer.diffusion.GaussianDiffusion(s, c.timestepsProperty().get());
        return String.format(Locale.ROOT, "%s  ·  t = %d  ·  ᾱₜ = %.3f", s, t, d.alphaBar(t));
    }

    private static Label chip(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("image-chip");
        return l;
    }

    private void installDrop(Region target) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragEntered(e -> {
            if (e.getDragboard().hasFiles()) {
                target.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("drop"), true);
            }
        });
        target.setOnDragExited(e -> target.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("drop"), false));
        target.setOnDragDropped(this::onDrop);
    }

    private void onDrop(DragEvent e) {
        Dragboard db = e.getDragboard();
        boolean ok = db.hasFiles() && !db.getFiles().isEmpty();
        if (ok) {
            c.loadImage(db.getFiles().get(0).toPath());
        }
        e.setDropCompleted(ok);
        e.consume();
    }

    private Node timeline() {
        Button first = Widgets.iconButton(Material2OutlinedAL.FIRST_PAGE, "Go to t = 0, the clean image (Home)");
        first.setOnAction(e -> c.setT(0));
        Button back = Widgets.iconButton(Material2OutlinedAL.CHEVRON_LEFT, "One step back (←; Shift+← for T/100)");
        back.setOnAction(e -> c.stepT(-1));
        Button play = Widgets.iconButton(Material2OutlinedMZ.PLAY_ARROW, "Play / pause (Space)");
        play.setId("play-button");
        play.getStyleClass().removeAll(Styles.FLAT);
        play.getStyleClass().addAll(Styles.ACCENT, Styles.BUTTON_CIRCLE);
        play.graphicProperty().bind(Bindings.createObjectBinding(
                () -> new FontIcon(c.playingProperty().get() ? Material2OutlinedMZ.PAUSE : Material2OutlinedMZ.PLAY_ARROW),
                c.playingProperty()));
        play.setOnAction(e -> c.togglePlay());
        Button fwd = Widgets.iconButton(Material2OutlinedAL.CHEVRON_RIGHT, "One step forward (→; Shift+→ for T/100)");
        fwd.setOnAction(e -> c.stepT(1));
        Button last = Widgets.iconButton(Material2OutlinedAL.LAST_PAGE, "Go to t = T, pure noise (End)");
        last.setOnAction(e -> c.setT(c.timestepsProperty().get()));

        slider.setId("t-slider");
        slider.setMin(0);
        slider.maxProperty().bind(c.timestepsProperty());
        slider.setValue(c.tProperty().get());
        slider.setFocusTraversable(false); // the view's key filter handles arrows, Home and End
        slider.valueProperty().addListener((o, a, b) -> c.setT((int) Math.round(b.doubleValue())));
        c.tProperty().addListener((o, a, b) -> slider.setValue(b.intValue()));
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMaxWidth(Double.MAX_VALUE);

        tLabel.setId("t-label");
        tLabel.getStyleClass().add("t-label");
        tLabel.textProperty().bind(Bindings.createStringBinding(
                () -> "t = " + c.tProperty().get() + " / " + c.timestepsProperty().get(), c.tProperty(), c.timestepsProperty()));
        tLabel.setMinWidth(Region.USE_PREF_SIZE);

        Button export = Widgets.iconButton(Material2OutlinedAL.GIF, "Export the noising animation t = 0…T as a GIF (Ctrl+E)");
        export.setId("export-gif-button");
        export.disableProperty().bind(c.x0Property().isNull());
        export.setOnAction(e -> exportAnimation());

        // on a narrow window the slider takes a row of its own instead of shrinking to nothing
        TimelineBar bar = new TimelineBar(java.util.List.of(first, back, play, fwd, last), slider, java.util.List.of(tLabel, export), 6);
        bar.setId("forward-timeline");
        return bar;
    }

    /** Opens the GIF export dialog for the noising animation of the loaded image. */
    void exportAnimation() {
        AnimationExport request = c.animationExport();
        if (request == null) {
            ctx.status().show("Load an image first");
            return;
        }
        c.pause();
        GifExportDialog.show(getScene() == null ? null : getScene().getWindow(), ctx, request);
    }


    private Node readouts() {
        ResponsiveRow row = new ResponsiveRow(READOUT_MIN_WIDTH, 10,
                card("β", "noise of step t", r -> Readouts.fmt(r.beta())),
                card("ᾱ", "signal left", r -> Readouts.fmt(r.alphaBar())),
                card("√ᾱ", "weight of x₀", r -> Readouts.fmt(r.sqrtAlphaBar())),
                card("√(1−ᾱ)", "weight of ε", r -> Readouts.fmt(r.sqrtOneMinus())),
                card("SNR", "ᾱ / (1 − ᾱ)", r -> Readouts.fmtDb(r.snrDb())),
                card("PSNR", "xₜ against x₀", r -> Readouts.fmtDb(r.psnr())),
                card("noise σ", r -> String.format(Locale.ROOT, "expect %.3f", r.sqrtOneMinus()),
                        r -> Double.isNaN(r.noiseStd()) ? "–" : String.format(Locale.ROOT, "%.3f", r.noiseStd())));
        row.setId("readouts");
        row.getStyleClass().add("readouts");
        return row;
    }

    private VBox card(String symbol, String meaning, java.util.function.Function<Readouts, String> value) {
        return card(symbol, r -> meaning, value);
    }

    private VBox card(String symbol, java.util.function.Function<Readouts, String> meaning,
                      java.util.function.Function<Readouts, String> value) {
        Label sym = new Label(symbol + "ₜ");
        if (symbol.equals("PSNR") || symbol.equals("noise σ")) {
            sym.setText(symbol);
        }
        sym.getStyleClass().add("readout-symbol");
        Label v = new Label();
        v.getStyleClass().add("readout-value");
        v.textProperty().bind(Bindings.createStringBinding(() -> c.readoutsProperty().get() == null ? "–"
                : value.apply(c.readoutsProperty().get()), c.readoutsProperty()));
        v.setId("readout-" + symbol.replaceAll("[^A-Za-zσ]", ""));
        Label m = new Label();
        m.textProperty().bind(Bindings.createStringBinding(() -> c.readoutsProperty().get() == null ? ""
                : meaning.apply(c.readoutsProperty().get()), c.readoutsProperty()));
        m.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox card = new VBox(1, sym, v, m);
        card.getStyleClass().add("readout-card");
        card.setMaxWidth(Double.MAX_VALUE);
        return card;
    }

    // ---- right: chart -------------------------------------------------------------------

    private Node chartPanel() {
        Label title = new Label("Noising curves", new FontIcon(Material2OutlinedMZ.SHOW_CHART));
        title.getStyleClass().addAll(Styles.TITLE_4);
        Label hint = muted("Click or drag on the chart to move t. The cursor marks the current t; the numbers are the values there.");
        hint.setMinHeight(Region.USE_PREF_SIZE); // wraps on a narrow window rather than ending in "…"
        chart.setId("schedule-chart");
        chart.setData(c.scheduleProperty().get(), c.timestepsProperty().get());
        chart.setCursor(c.tProperty().get());
        c.scheduleProperty().addListener((o, a, b) -> chart.setData(b, c.timestepsProperty().get()));
        c.timestepsProperty().addListener((o, a, b) -> chart.setData(c.scheduleProperty().get(), b.intValue()));
        c.tProperty().addListener((o, a, b) -> chart.setCursor(b.intValue()));
        chart.setOnPick(c::setT);
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox box = new VBox(6, title, hint, chart);
        box.setPadding(new Insets(16, 16, 12, 4));
        // 28 % of the view, between 330 px and CHART_WIDTH: the image keeps most of a small screen
        box.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(330, Math.min(CHART_WIDTH, getWidth() * 0.28)), widthProperty()));
        box.setMinWidth(330);
        box.getStyleClass().add("chart-panel");
        return box;
    }

    // ---- keyboard -----------------------------------------------------------------------

    private void onKey(KeyEvent e) {
        if (!Widgets.isShowing(this) || e.isShortcutDown() || e.isAltDown()) {
            return; // not ours: menu accelerators, other tabs
        }
        Node focus = getScene().getFocusOwner();
        if (focus instanceof TextInputControl || focus instanceof ComboBoxBase || focus instanceof Spinner) {
            return; // typing in a field: keys belong to it
        }
        int big = Math.max(1, c.timestepsProperty().get() / 100); // Shift+arrow: 1% of T
        switch (e.getCode()) {
            case LEFT -> c.stepT(e.isShiftDown() ? -big : -1);
            case RIGHT -> c.stepT(e.isShiftDown() ? big : 1);
            case PAGE_DOWN -> c.stepT(-big * 10);
            case PAGE_UP -> c.stepT(big * 10);
            case HOME -> c.setT(0);
            case END -> c.setT(c.timestepsProperty().get());
            case SPACE -> {
                if (focus instanceof ButtonBase) {
                    return; // Space presses the focused button
                }
                c.togglePlay();
            }
            case N -> c.resample();
            case C -> c.setCompare(!c.compareProperty().get());
            default -> {
                return;
            }
        }
        e.consume();
    }
}
