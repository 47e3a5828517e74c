package org.ddpmexplorer.ui.common;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.ddpmexplorer.io.GifExport;
import org.ddpmexplorer.io.GifOptions;
import org.ddpmexplorer.io.GifWriter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/**
 * The "Export animation" dialog: frames (every k-th or N evenly spaced, the last held), delay,
 * zoom, loop, layout, caption and the file. Export runs {@link GifExport} on the app's executor;
 * the dialog stays open with a progress bar (mirrored in the status bar) and Cancel stops it,
 * leaving no file. Errors (an unwritable folder, a full disk) are shown in the dialog. Any view
 * can use it: {@code GifExportDialog.show(owner, ctx, new AnimationExport(...))}.
 */
public final class GifExportDialog {
    private final AppContext ctx;
    private final AnimationExport request;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    final TextField file = new TextField();
    final RadioButton evenly = new RadioButton("Frames, spaced evenly");
    final RadioButton every = new RadioButton("Every k-th step");
    final Spinner<Integer> frameCount = intSpinner(2, GifOptions.MAX_FRAMES, 50, 5);
    final Spinner<Integer> everyK = intSpinner(1, 1_000_000, 10, 1);
    final Spinner<Integer> delay = intSpinner(GifOptions.MIN_DELAY_MS, GifOptions.MAX_DELAY_MS, 40, 10);
    final Spinner<Integer> hold = intSpinner(0, GifOptions.MAX_HOLD_MS, 1000, 250);
    final Spinner<Integer> scale;
    final ComboBox<GifOptions.Layout> layout = new ComboBox<>();
    final CheckBox loop = new CheckBox("Loop forever");
    final CheckBox caption = new CheckBox("Burn “t = …” into each frame");
    final Label problem = new Label();
    final Label summary = new Label();
    final ProgressBar progress = new ProgressBar(0);
    private final Button exportButton;
    private final Button cancelButton;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<double[]> latestProgress = new AtomicReference<>();
    private final AtomicBoolean progressScheduled = new AtomicBoolean();

    /** Builds the dialog (FX thread); {@link #show()} opens it. */
    public GifExportDialog(Window owner, AppContext ctx, AnimationExport request) {
        this.ctx = ctx;
        this.request = request;
        scale = intSpinner(1, GifOptions.MAX_SCALE, request.defaultScale(), 1);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle("Export animation");
        dialog.setHeaderText(request.title() + "  ·  " + request.frames() + " frames");
        dialog.setGraphic(new FontIcon(Material2OutlinedAL.GIF));
        ButtonType exportType = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(exportType, ButtonType.CANCEL);
        dialog.getDialogPane().setContent(form());
        dialog.getDialogPane().setId("gif-export-dialog");
        exportButton = (Button) dialog.getDialogPane().lookupButton(exportType);
        exportButton.setId("gif-export-button");
        cancelButton = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancelButton.setId("gif-cancel-button");
        exportButton.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume(); // the dialog stays open while the GIF is written
            startExport();
        });
        cancelButton.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (running.get()) {
                e.consume(); // closes once the export has stopped
                cancelled.set(true);
                summary.setText("Cancelling…");
            }
        });
        dialog.setOnCloseRequest(e -> {
            if (running.get()) {
                e.consume();
                cancelled.set(true);
            }
        });
        validate();
    }

    /** Opens the export dialog for an animation (FX thread). */
    public static GifExportDialog show(Window owner, AppContext ctx, AnimationExport request) {
        GifExportDialog d = new GifExportDialog(owner, ctx, request);
        d.show();
        return d;
    }

    public void show() {
        dialog.show();
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    /** True while a GIF is being written. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    private Node form() {
        ToggleGroup mode = new ToggleGroup();
        evenly.setToggleGroup(mode);
        every.setToggleGroup(mode);
        evenly.setSelected(true);
        frameCount.disableProperty().bind(evenly.selectedProperty().not());
        everyK.disableProperty().bind(every.selectedProperty().not());
        everyK.getValueFactory().setValue(Math.max(1, (request.frames() - 1) / 49)); // about 50 frames
        layout.getItems().add(GifOptions.Layout.X_T_ONLY);
        if (request.hasPredictedStart()) {
            layout.getItems().add(GifOptions.Layout.SIDE_BY_SIDE);
        }
        if (request.batch() > 1) {
            layout.getItems().add(GifOptions.Layout.GRID);
        }
        layout.setValue(GifOptions.Layout.X_T_ONLY);
        layout.setMaxWidth(Double.MAX_VALUE);
        loop.setSelected(true);
        caption.setSelected(true);
        file.setText(defaultFile().toString());
        file.setPrefColumnCount(28);
        Button browse = new Button("Browse…", new FontIcon(Material2OutlinedAL.FOLDER_OPEN));
        browse.setOnAction(e -> browse());
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox fileRow = new HBox(6, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);

        file.setId("gif-file");
        evenly.setId("gif-evenly");
        every.setId("gif-every");
        frameCount.setId("gif-frames");
        everyK.setId("gif-every-k");
        delay.setId("gif-delay");
        hold.setId("gif-hold");
        scale.setId("gif-scale");
        layout.setId("gif-layout");
        loop.setId("gif-loop");
        caption.setId("gif-caption");
        problem.setId("gif-problem");
        summary.setId("gif-summary");
        progress.setId("gif-progress");

        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(8);
        int r = 0;
        g.addRow(r++, evenly, frameCount);
        g.addRow(r++, every, everyK);
        g.addRow(r++, new Label("Delay per frame (ms)"), delay);
        g.addRow(r++, new Label("Hold the last frame (ms)"), hold);
        g.addRow(r++, new Label("Zoom (nearest neighbour)"), scale);
        g.addRow(r++, new Label("Each frame shows"), layout);
        g.add(loop, 0, r);
        g.add(caption, 1, r++);
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.visibleProperty());
        summary.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        summary.setWrapText(true);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(running);
        progress.managedProperty().bind(running);
        VBox box = new VBox(10, g, new Label("Save as"), fileRow, summary, problem, progress);
        box.setPadding(new Insets(6, 4, 0, 4));
        box.setPrefWidth(460);
        box.setAlignment(Pos.TOP_LEFT);
        for (Node n : new Node[] {evenly, every, loop, caption, layout}) {
            n.addEventHandler(javafx.event.ActionEvent.ACTION, e -> validate());
        }
        for (Spinner<Integer> s : java.util.List.of(frameCount, everyK, delay, hold, scale)) {
            s.valueProperty().addListener((o, a, b) -> validate());
        }
        mode.selectedToggleProperty().addListener((o, a, b) -> validate());
        layout.valueProperty().addListener((o, a, b) -> validate());
        file.textProperty().addListener((o, a, b) -> validate());
        box.disableProperty().bind(running);
        return box;
    }

    private Path defaultFile() {
        Path dir = ctx.recentFiles().lastDirectory();
        if (dir == null || !Files.isDirectory(dir)) {
            dir = Path.of(System.getProperty("user.home"));
        }
        return dir.resolve(request.suggestedFileName());
    }

    private void browse() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export animation as GIF");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("GIF animation", "*.gif"));
        Path current = target();
        if (current != null && current.getParent() != null && Files.isDirectory(current.getParent())) {
            fc.setInitialDirectory(current.getParent().toFile());
            fc.setInitialFileName(current.getFileName().toString());
        }
        File f = fc.showSaveDialog(dialog.getDialogPane().getScene().getWindow());
        if (f != null) {
            file.setText(f.getPath());
        }
    }

    /** The target path, with ".gif" added if it has no extension; null if the text is blank or not a path. */
    Path target() {
        String text = file.getText() == null ? "" : file.getText().trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            Path p = Path.of(text);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            return name.contains(".") ? p : p.resolveSibling(name + ".gif");
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The options the form describes, or null with the reason in the problem label. */
    GifOptions options() {
        try {
            GifOptions.FrameSelection sel = evenly.isSelected() ? GifOptions.FrameSelection.evenly(frameCount.getValue())
                    : GifOptions.FrameSelection.everyK(everyK.getValue());
            GifOptions o = new GifOptions(sel, delay.getValue(), hold.getValue(), scale.getValue(), loop.isSelected(),
                    layout.getValue(), caption.isSelected());
            GifExport.check(o, request.frames(), request.batch(), request.hasPredictedStart(), request.imageWidth(),
                    request.imageHeight());
            return o;
        } catch (IllegalArgumentException | NullPointerException e) {
            problem.setText(capitalise(e.getMessage()));
            return null;
        }
    }

    /** Checks the form; shows what is wrong and enables Export only when all is well. */
    boolean validate() {
        GifOptions o = options();
        Path p = target();
        String why = null;
        if (o == null) {
            why = problem.getText();
        } else if (p == null) {
            why = "Choose a file to write.";
        } else if (p.toAbsolutePath().getParent() == null || !Files.isDirectory(p.toAbsolutePath().getParent())) {
            why = "The folder " + p.toAbsolutePath().getParent() + " does not exist.";
        } else if (Files.isDirectory(p)) {
            why = p + " is a folder.";
        }
        problem.setText(why == null ? "" : why);
        problem.setVisible(why != null);
        exportButton().setDisable(why != null || running.get());
        if (o != null) {
            int n = o.frames().select(request.frames()).length;
            double seconds = (n * (double) o.delayMs() + o.holdLastMs()) / 1000;
            summary.setText(String.format(Locale.ROOT, "%d frames, %.1f s%s", n, seconds, o.loop() ? ", looping" : ""));
        }
        return why == null;
    }

    private Button exportButton() {
        return exportButton != null ? exportButton : new Button();
    }

    private static String capitalise(String s) {
        if (s == null || s.isEmpty()) {
            return "Invalid settings.";
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + (s.endsWith(".") ? "" : ".");
    }

    /** Starts writing the GIF in the background (FX thread). */
    void startExport() {
        if (running.get() || !validate()) {
            return;
        }
        GifOptions o = options();
        Path target = target();
        cancelled.set(false);
        running.set(true);
        exportButton.setDisable(true);
        progress.setProgress(0);
        String name = target.getFileName().toString();
        ctx.status().progress("Exporting " + name + "…", StatusModel.INDETERMINATE);
        ctx.executor().submit(() -> GifExport.export(request.source().get(), o, target,
                        () -> cancelled.get() || ctx.executor().isShutdown(),
                        (done, size, written) -> publishProgress(name, done, size, written)))
                .whenComplete((result, ex) -> Platform.runLater(() -> finished(name, result, ex)));
    }

    /** Hands the latest progress to the FX thread, one runLater however many steps come in meanwhile. */
    private void publishProgress(String name, int done, int size, int written) {
        latestProgress.set(new double[] {done, size, written});
        if (progressScheduled.compareAndSet(false, true)) {
            Platform.runLater(() -> {
                progressScheduled.set(false);
                double[] p = latestProgress.get();
                if (p == null || !running.get()) {
                    return;
                }
                double f = p[0] / p[1];
                progress.setProgress(f);
                summary.setText(String.format(Locale.ROOT, "Step %d of %d, %d frames written", (int) p[0], (int) p[1], (int) p[2]));
                ctx.status().progress("Exporting " + name + ": step " + (int) p[0] + " of " + (int) p[1], f);
            });
        }
    }

    private void finished(String name, GifExport.Result r, Throwable ex) {
        running.set(false);
        Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause == null) {
            ctx.status().show(String.format(Locale.ROOT, "Exported %s: %d frames, %d×%d px, %s", name, r.frames(), r.width(),
                    r.height(), size(r.bytes())));
            dialog.close();
            return;
        }
        if (cause instanceof GifWriter.CancelledException || cause instanceof java.util.concurrent.CancellationException) {
            ctx.status().show("Export of " + name + " cancelled; no file written");
            dialog.close();
            return;
        }
        String msg = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        ctx.status().show("Export failed: " + msg);
        validate();
        problem.setText(capitalise(msg));
        problem.setVisible(true);
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%d kB", Math.max(1, bytes / 1024));
    }

    private static Spinner<Integer> intSpinner(int min, int max, int value, int step) {
        Spinner<Integer> s = new Spinner<>(min, max, Math.max(min, Math.min(max, value)), step);
        s.setEditable(true);
        s.setPrefWidth(130);
        // typed text is committed when the field loses focus; nonsense restores the last value
        s.getEditor().focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                commit(s);
            }
        });
        org.ddpmexplorer.ui.common.Widgets.keepValueOnNonsense(s);
        return s;
    }

    /** Commits a spinner's typed text (clamped to its range). */
    static void commit(Spinner<Integer> s) {
        try {
            s.increment(0);
        } catch (RuntimeException e) {
            s.getEditor().setText(String.valueOf(s.getValue()));
        }
    }
}
