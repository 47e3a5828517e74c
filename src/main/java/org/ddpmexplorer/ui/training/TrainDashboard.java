package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.Widgets.muted;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.ddpmexplorer.train.Trainer;
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
 * The Train tab's right side: Start, Pause, Stop and Save with the progress, the run's messages, the
 * loss charts and the preview grid. It reads the controller's properties and calls its verbs; Start
 * takes the sidebar's settings.
 */
final class TrainDashboard {
    private final TrainController c;
    private final TrainSidebar form;
    final Button startButton = Widgets.button("Start", Material2OutlinedMZ.PLAY_ARROW, "Start training with these settings");
    final Button pauseButton = Widgets.button("Pause", Material2OutlinedMZ.PAUSE, "Pause between steps (Resume continues)");
    final Button stopButton = Widgets.button("Stop", Material2OutlinedMZ.STOP, "Stop after this step; the model is saved");
    final Button saveButton = Widgets.button("Save…", Material2OutlinedMZ.SAVE, "Save the model now to a file of your choice");
    final XYChart.Series<Number, Number> rawLoss = new XYChart.Series<>();
    final XYChart.Series<Number, Number> smoothLoss = new XYChart.Series<>();
    final XYChart.Series<String, Number> bucketLoss = new XYChart.Series<>();
    // axes with fixed bounds and a remembered size: JavaFX's NumberAxis re-measured its labels on every update
    final FixedAxis stepAxis = new FixedAxis(), lossAxis = new FixedAxis(), bucketLossAxis = new FixedAxis();
    final LineChart<Number, Number> lossChart = new LineChart<>(stepAxis, lossAxis);
    final BarChart<String, Number> bucketChart = new BarChart<>(new CategoryAxis(), bucketLossAxis);
    private final Node node;
    /** Where the step axis ends in this run ({@link #stepAxisEnd}). */
    private double stepAxisEnd;

    TrainDashboard(TrainController c, TrainSidebar form) {
        this.c = c;
        this.form = form;
        node = build();
    }

    /** The dashboard's node. */
    Node node() {
        return node;
    }

    private Node build() {
        startButton.setId("start-button");
        startButton.getStyleClass().add(Styles.ACCENT);
        BooleanBinding folderBad = form.folderChoice.selectedProperty().and(c.data().folderProperty().isNull()
                .or(c.data().folderErrorProperty().isNotNull()));
        startButton.disableProperty().bind(form.anyInvalid.or(folderBad).or(Bindings.createBooleanBinding(
                () -> c.phaseProperty().get().active(), c.phaseProperty())));
        startButton.setOnAction(e -> c.startTraining(form.settings()));
        Label startReason = muted("");
        startReason.setId("start-reason");
        startReason.textProperty().bind(Bindings.createStringBinding(() -> {
            if (c.phaseProperty().get().active()) {
                return "";
            }
            if (form.anyInvalid.get()) {
                return "Fix the fields marked in red to start.";
            }
            if (folderBad.get()) {
                return c.data().folderProperty().get() == null ? "Choose a folder of images to start." : "This folder cannot be used.";
            }
            return "";
        }, form.anyInvalid, folderBad, c.phaseProperty()));

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
            ModelFiles.chooseSave(node.getScene().getWindow(), f == null ? "model.ckpt" : f.getFileName().toString())
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
        progress.textProperty().bind(Bindings.createStringBinding(() -> TrainText.progressText(c.snapshotProperty().get(), c.phaseProperty().get()),
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
                form.parameterization.prediction.getValue(), form.parameterization.variance.getValue()),
                form.parameterization.prediction.valueProperty(), form.parameterization.variance.valueProperty()));
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
            bucketLoss.getData().add(new XYChart.Data<>(TrainText.bucketName(b), 0));
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
            String typed = form.fields.get(Field.PREVIEW_EVERY).getText().strip();
            String minutes = form.fields.get(Field.MINUTES).getText();
            boolean budget = s != null ? s.hasBudget()
                    : TrainForm.check(Field.MINUTES, minutes) == null && TrainForm.value(Field.MINUTES, minutes) > 0;
            String every = budget ? "refreshed every minute"
                    : typed.matches("[1-9][0-9,]*") ? "refreshed every " + typed + " steps" : "refreshed while training";
            return s == null || s.previewStep() < 0 ? "16 samples, DDIM with 20 steps, " + every
                    : String.format(Locale.ROOT, "At step %,d · DDIM, 20 steps · %s", s.previewStep(), every);
        }, c.snapshotProperty(), form.fields.get(Field.PREVIEW_EVERY).textProperty(), form.fields.get(Field.MINUTES).textProperty()));
        previewStep.setWrapText(true);
        previewStep.setMinHeight(Region.USE_PREF_SIZE);
        VBox previewBox = new VBox(6, preview, previewStep, referenceCaption());
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

    /**
     * Under the grid, while the form holds the quick run's settings: what its reference run scored by
     * then ({@link ReferenceCurve}; before the first grid, the whole curve), explained in the tooltip.
     */
    private Label referenceCaption() {
        ReferenceCurve curve = ReferenceCurve.bundled();
        Label reference = new Label();
        reference.setId("reference-caption");
        reference.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        reference.setWrapText(true);
        reference.setMinHeight(Region.USE_PREF_SIZE);
        reference.setTooltip(Widgets.tooltip(curve.explanation()));
        List<javafx.beans.Observable> deps = new ArrayList<>(List.of(form.anyInvalid, form.folderChoice.selectedProperty(),
                form.fineTune.selectedProperty(), form.conditional.selectedProperty(), form.scheduleBox.valueProperty(),
                form.parameterization.prediction.valueProperty(), form.parameterization.variance.valueProperty(),
                c.snapshotProperty()));
        form.fields.values().forEach(f -> deps.add(f.textProperty()));
        reference.textProperty().bind(Bindings.createStringBinding(() -> {
            if (form.anyInvalid.get() || form.folderChoice.isSelected() || !ReferenceCurve.appliesTo(form.settings())) {
                return "";
            }
            Snapshot s = c.snapshotProperty().get();
            return curve.caption(s == null ? -1 : s.previewStep());
        }, deps.toArray(javafx.beans.Observable[]::new)));
        reference.visibleProperty().bind(reference.textProperty().isNotEmpty());
        reference.managedProperty().bind(reference.visibleProperty());
        return reference;
    }

    /**
     * Where the step axis ends: at the run's step count, or with a time budget at the step the budget is
     * expected to end at (the step plus the measured steps/s times the time left, at most the step count:
     * the quick run's count is only a cap far beyond it). It never moves back ({@code previous}, 0 for a
     * new run), so the axis does not jump with the measured speed.
     */
    static double stepAxisEnd(Snapshot s, double previous) {
        double end = Math.max(s.totalSteps(), s.step());
        if (s.hasBudget()) {
            double left = Math.max(0, s.budgetSeconds() - s.elapsedSeconds());
            double expected = s.step() + (Double.isFinite(s.stepsPerSecond()) ? s.stepsPerSecond() * left : 0);
            end = Math.max(s.step(), Math.min(end, expected));
        }
        return Math.max(previous, end);
    }

    /** Draws a snapshot: the loss curves and the buckets (the preview image is updated by the controller). */
    void showSnapshot(Snapshot s) {
        if (s == null) {
            stepAxisEnd = 0;
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
            stepAxisEnd = stepAxisEnd(s, stepAxisEnd);
            stepAxis.fit(s.chartSteps()[0], stepAxisEnd, 5);
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
