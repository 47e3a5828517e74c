package org.ddpmexplorer.app;

import java.nio.file.Path;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.ddpmexplorer.ui.common.ImageFileChooser;
import org.ddpmexplorer.ui.common.ModelFiles;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The main window's content: a menu bar, one tab per {@link Feature}, and a status bar. It knows
 * the features only through the interface; File &gt; Open sends the file to the selected tab if
 * it opens images, else to the first one that does.
 */
public final class MainWindow {
    private final Stage stage;
    private final AppContext ctx;
    private final List<Feature> features;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final StatusBar statusBar = new StatusBar();
    private final Menu recentMenu = new Menu("Open recent");
    private boolean closed;

    public MainWindow(Stage stage, AppContext ctx, List<Feature> features) {
        this.stage = stage;
        this.ctx = ctx;
        this.features = List.copyOf(features);
        for (Feature f : features) {
            // a tab's view is built when the tab is first shown, or once the window is up (below):
            // building and styling all three before the first frame doubled the startup time
            Tab tab = new Tab(f.title());
            tab.setGraphic(new FontIcon(f.icon()));
            tab.setClosable(false);
            tab.setUserData(f);
            tab.selectedProperty().addListener((o, was, is) -> {
                if (is) {
                    ensureContent(tab);
                }
                f.setActive(is);
            });
            tabs.getTabs().add(tab);
        }
        tabs.getTabs().stream().filter(Tab::isSelected).forEach(MainWindow::ensureContent);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> buildHiddenTabsSoon());
        tabs.setId("feature-tabs");
        tabs.getStyleClass().add("feature-tabs");
        root.setTop(menuBar());
        root.setCenter(tabs);
        root.setBottom(statusBar);
        statusBar.setId("status-bar");
        statusBar.textProperty().bind(ctx.status().messageProperty());
        statusBar.progressProperty().bind(ctx.status().progressProperty());
        // the selected tab's own keys
        Label hint = new Label();
        hint.setId("key-hint");
        hint.getStyleClass().add("status-hint");
        hint.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> selectedFeature() == null ? "" : selectedFeature().keyHint(), tabs.getSelectionModel().selectedItemProperty()));
        hint.visibleProperty().bind(hint.textProperty().isNotEmpty());
        statusBar.getRightItems().add(hint);
    }

    private static void ensureContent(Tab tab) {
        if (tab.getContent() == null) {
            tab.setContent(((Feature) tab.getUserData()).view());
        }
    }

    /**
     * Once the first frames are on screen, builds the other tabs' views one per idle moment, so
     * that switching to them later is instant.
     */
    private void buildHiddenTabsSoon() {
        var delay = new javafx.animation.PauseTransition(javafx.util.Duration.millis(PREBUILD_DELAY_MS));
        delay.setOnFinished(e -> {
            for (Tab tab : tabs.getTabs()) {
                javafx.application.Platform.runLater(() -> {
                    if (!closed) {
                        ensureContent(tab);
                    }
                });
            }
        });
        delay.play();
    }

    /** How long after the window appears the hidden tabs are built (ms): after the first frames. */
    private static final int PREBUILD_DELAY_MS = 1500;

    public Parent root() {
        return root;
    }

    public List<Feature> features() {
        return features;
    }

    public AppContext context() {
        return ctx;
    }

    public TabPane tabs() {
        return tabs;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open image…", new FontIcon(Material2OutlinedAL.FOLDER_OPEN));
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> ImageFileChooser.show(stage, ctx.recentFiles()).ifPresent(this::openImage));
        recentMenu.setGraphic(new FontIcon(Material2OutlinedAL.HISTORY));
        rebuildRecent();
        ctx.recentFiles().files().addListener((ListChangeListener<Path>) ch -> rebuildRecent());
        MenuItem exit = new MenuItem("Exit", new FontIcon(Material2OutlinedAL.EXIT_TO_APP));
        exit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        exit.setOnAction(e -> {
            if (requestClose()) {
                close();
                stage.close();
            }
        });
        MenuItem export = new MenuItem("Export animation…", new FontIcon(Material2OutlinedAL.GIF));
        export.setId("export-animation-item");
        export.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN));
        export.setOnAction(e -> exportAnimation());
        Menu file = new Menu("File", null, open, recentMenu, new SeparatorMenuItem(), export, new SeparatorMenuItem(), exit);
        file.setOnShowing(e -> export.setDisable(selectedFeature() == null || !selectedFeature().exportsAnimation()));

        MenuItem openModel = new MenuItem("Open model…", new FontIcon(Material2OutlinedAL.FOLDER_OPEN));
        openModel.setId("open-model-item");
        openModel.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openModel.setOnAction(e -> ModelFiles.chooseOpen(stage).ifPresent(this::openModel));
        MenuItem saveModel = new MenuItem("Save model…", new FontIcon(Material2OutlinedMZ.SAVE));
        saveModel.setId("save-model-item");
        saveModel.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        saveModel.disableProperty().bind(ctx.models().modelProperty().isNull());
        saveModel.setOnAction(e -> {
            var m = ctx.models().get();
            String name = m == null ? "model.ckpt" : m.checkpoint().header().dataset() + "-" + m.checkpoint().header().step() + ".ckpt";
            ModelFiles.chooseSave(stage, name).ifPresent(p -> ctx.models().save(p));
        });
        MenuItem loaded = new MenuItem();
        loaded.setDisable(true);
        loaded.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> ctx.models().get() == null
                ? "No model loaded" : "Loaded: " + ctx.models().get().summary(), ctx.models().modelProperty()));
        Menu model = new Menu("Model", null, openModel, saveModel, new SeparatorMenuItem(), loaded);
        model.setId("model-menu");

        Menu view = new Menu("View");
        ToggleGroup group = new ToggleGroup();
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            Tab tab = tabs.getTabs().get(i);
            RadioMenuItem item = new RadioMenuItem(tab.getText());
            item.setToggleGroup(group);
            item.setSelected(tab.isSelected());
            if (i < 9) {
                item.setAccelerator(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN));
            }
            item.setOnAction(e -> tabs.getSelectionModel().select(tab));
            tab.selectedProperty().addListener((o, was, is) -> item.setSelected(is));
            view.getItems().add(item);
        }
        MenuItem fullScreen = new MenuItem("Full screen", new FontIcon(Material2OutlinedAL.FULLSCREEN));
        fullScreen.setAccelerator(new KeyCodeCombination(KeyCode.F11));
        fullScreen.setOnAction(e -> stage.setFullScreen(!stage.isFullScreen()));
        view.getItems().addAll(new SeparatorMenuItem(), fullScreen);

        MenuItem keys = new MenuItem("Keyboard shortcuts", new FontIcon(Material2OutlinedAL.KEYBOARD));
        keys.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        keys.setOnAction(e -> showShortcuts());
        MenuItem about = new MenuItem("About DDPM Explorer", new FontIcon(Material2OutlinedAL.INFO));
        about.setOnAction(e -> showAbout());
        Menu help = new Menu("Help", null, keys, about);
        MenuBar bar = new MenuBar(file, model, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : ctx.recentFiles().files()) {
            MenuItem item = new MenuItem(p.getFileName() + "   —   " + (p.getParent() == null ? "" : p.getParent()));
            item.setMnemonicParsing(false);
            item.setOnAction(e -> openImage(p));
            recentMenu.getItems().add(item);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No recent files");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        } else {
            MenuItem clear = new MenuItem("Clear list", new FontIcon(Material2OutlinedAL.DELETE_SWEEP));
            clear.setOnAction(e -> ctx.recentFiles().clear());
            recentMenu.getItems().addAll(new SeparatorMenuItem(), clear);
        }
    }

    /** Sends a file to the selected tab if it opens images, else to the first tab that does. */
    public void openImage(Path file) {
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        Feature target = selected != null && ((Feature) selected.getUserData()).opensImages()
                ? (Feature) selected.getUserData()
                : features.stream().filter(Feature::opensImages).findFirst().orElse(null);
        if (target == null) {
            ctx.status().show("No tab opens images");
            return;
        }
        tabs.getTabs().stream().filter(t -> t.getUserData() == target).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
        target.openImage(file);
    }

    /** Model &gt; Open model… with the chosen file: loads it in the background as the app's model. */
    public void openModel(Path file) {
        ctx.models().open(file);
    }

    private Feature selectedFeature() {
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        return selected == null ? null : (Feature) selected.getUserData();
    }

    /** File &gt; Export animation…: the selected tab's animation as a GIF. */
    public void exportAnimation() {
        Feature f = selectedFeature();
        if (f == null || !f.exportsAnimation()) {
            ctx.status().show("This tab has no animation to export");
            return;
        }
        f.exportAnimation();
    }

    private void showShortcuts() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        grid.setPadding(new Insets(8, 20, 8, 8));
        String[][] rows = {
                {"Ctrl+O", "Open an image"}, {"Space", "Play / pause the timeline"}, {"← / →", "Step t by one"},
                {"Shift+← / →", "Step t by T/100"}, {"Page Up / Down", "Step t by T/10"},
                {"Home / End", "Jump to t = 0 / t = T"}, {"N", "Draw new noise ε"}, {"C", "Compare linear and cosine"},
                {"Ctrl+G", "Generate: sample from pure noise"}, {"Esc", "Generate: cancel sampling"},
                {"Space, ← / →, Home / End", "Generate: play and scrub the trajectory"},
                {"Ctrl+E", "Export the animation as a GIF"}, {"Ctrl+Shift+O", "Open a model"}, {"Ctrl+S", "Save the model"},
                {"Ctrl+1…9", "Switch tab"}, {"F11", "Full screen"}, {"Ctrl+Q", "Exit"}};
        for (int i = 0; i < rows.length; i++) {
            Label k = new Label(rows[i][0]);
            k.getStyleClass().add("kbd");
            grid.addRow(i, k, new Label(rows[i][1]));
        }
        Alert a = new Alert(Alert.AlertType.NONE, null, ButtonType.CLOSE);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(grid);
        a.show();
    }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        a.initOwner(stage);
        a.setTitle("About DDPM Explorer");
        a.setHeaderText("DDPM Explorer");
        a.setGraphic(new FontIcon(Material2OutlinedMZ.SCIENCE));
        Label text = new Label("See how denoising diffusion models work, and train one.\n\n"
                + "Forward and reverse process after Ho et al. 2020, \"Denoising Diffusion Probabilistic Models\",\n"
                + "and Nichol & Dhariwal 2021, \"Improved Denoising Diffusion Probabilistic Models\".\n\n"
                + "Built with JavaFX, AtlantaFX, ControlsFX, Ikonli, TwelveMonkeys ImageIO, picocli and ND4J.\n"
                + "Sample images: scikit-image's data set (public domain and CC0; see sample-images/SOURCES.md).");
        text.setWrapText(true);
        text.setMaxWidth(560);
        a.getDialogPane().setContent(text);
        a.show();
    }

    /**
     * Asks every feature whether the window may close (a training run asks the user what to do).
     * Returns false to keep the window open; a feature that closes it later calls back.
     */
    public boolean requestClose() {
        for (Feature f : features) {
            if (!f.requestClose(() -> {
                close();
                stage.close();
            })) {
                return false;
            }
        }
        return true;
    }

    /** Stops every feature's work and the background threads. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Feature f : features) {
            try {
                f.dispose();
            } catch (RuntimeException e) {
                // one feature failing to stop must not keep the others running
            }
        }
        ctx.executor().shutdown();
    }
}
