package org.ddpmexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.ddpmexplorer.ui.common.Feature;
import org.ddpmexplorer.ui.forward.ForwardFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The whole window as the app builds it. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        DdpmExplorerApp.applyTheme();
        window = DdpmExplorerApp.createWindow(stage);
        stage.show();
    }

    @Test
    void startsWithTheForwardTabAndASampleLoaded(FxRobot robot) throws Exception {
        assertEquals(List.of("Forward process", "Generate", "Train", "Plane"),
                window.tabs().getTabs().stream().map(javafx.scene.control.Tab::getText).toList());
        ForwardFeature forward = (ForwardFeature) window.features().get(0);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> forward.controller().xtImageProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("astronaut.png", forward.controller().imageProperty().get().name());
        StatusBar status = robot.lookup("#status-bar").queryAs(StatusBar.class);
        // the status bar shows the latest message: the sample's, or the bundled model's once it has loaded
        assertTrue(status.getText().contains("astronaut.png") || status.getText().contains("pretrained model"),
                status.getText());
        window.close();
    }

    @Test
    void keyboardWorksInTheWholeWindowWhereverTheFocusIs(FxRobot robot) throws Exception {
        ForwardFeature forward = (ForwardFeature) window.features().get(0);
        var c = forward.controller();
        robot.interact(() -> window.tabs().requestFocus()); // the tab header has the focus
        int t = c.tProperty().get();
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        assertEquals(t + 1, c.tProperty().get());
        robot.type(javafx.scene.input.KeyCode.END);
        assertEquals(c.timestepsProperty().get(), c.tProperty().get());
        robot.clickOn("#image-stage");
        robot.type(javafx.scene.input.KeyCode.HOME);
        assertEquals(0, c.tProperty().get());
        robot.type(javafx.scene.input.KeyCode.C);
        assertTrue(c.compareProperty().get());
        // typing in a field is not taken over
        robot.clickOn("#seed-spinner .text-field");
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        assertEquals(0, c.tProperty().get());
        window.close();
    }

    @Test
    void openRecentReopensAFile(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path png = dir.resolve("recent.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        ForwardFeature forward = (ForwardFeature) window.features().get(0);
        try {
            robot.interact(() -> window.openImage(png)); // what File > Open does with the chosen file
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> forward.controller().imageProperty().get() != null
                    && forward.controller().imageProperty().get().name().equals("recent.png"));
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(png.toAbsolutePath(), window.context().recentFiles().files().get(0));
            MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
            Menu recent = (Menu) bar.getMenus().get(0).getItems().get(1);
            MenuItem first = recent.getItems().get(0);
            assertTrue(first.getText().startsWith("recent.png"), first.getText());
            robot.interact(() -> forward.controller().loadSample("coins.png"));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> forward.controller().imageProperty().get().name().equals("coins.png"));
            robot.interact(first::fire);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> forward.controller().imageProperty().get().name().equals("recent.png"));
        } finally {
            robot.interact(() -> window.context().recentFiles().remove(png));
            window.close();
        }
    }

    @Test
    void exportAnimationOpensTheGifDialogForTheForwardTab(FxRobot robot) throws Exception {
        ForwardFeature forward = (ForwardFeature) window.features().get(0);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> forward.controller().x0Property().get() != null);
        assertTrue(forward.exportsAnimation());
        robot.interact(window::exportAnimation); // File > Export animation… (Ctrl+E)
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.DialogPane pane = robot.lookup("#gif-export-dialog").queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(pane.getHeaderText().startsWith("Noising astronaut.png"), pane.getHeaderText());
        assertTrue(pane.getHeaderText().contains("1001 frames"), pane.getHeaderText());
        robot.interact(() -> pane.getScene().getWindow().hide());
        window.close();
    }

    @Test
    void theStatusBarHintShowsTheSelectedTabsOwnKeys(FxRobot robot) {
        javafx.scene.control.Label hint = robot.lookup("#key-hint").queryAs(javafx.scene.control.Label.class);
        assertTrue(hint.getText().contains("N new noise"), hint.getText());
        List<javafx.scene.Node> headers = List.copyOf(robot.lookup(".tab-header-area .tab").queryAll());
        assertEquals(4, headers.size());
        robot.clickOn(headers.get(1)); // Generate
        assertEquals(1, window.tabs().getSelectionModel().getSelectedIndex());
        assertEquals(window.features().get(1).keyHint(), hint.getText());
        assertTrue(hint.getText().contains("Ctrl+G generate"), hint.getText());
        assertFalse(hint.getText().contains("N new noise"), hint.getText());
        robot.clickOn(headers.get(2)); // Train
        assertEquals(window.features().get(2).keyHint(), hint.getText());
        assertTrue(hint.getText().contains("folder of images"), hint.getText());
        robot.clickOn(headers.get(3)); // Plane
        assertEquals(window.features().get(3).keyHint(), hint.getText());
        assertTrue(hint.getText().contains("Ctrl+Enter train"), hint.getText());
        robot.clickOn(headers.get(0)); // back to Forward process
        assertEquals(window.features().get(0).keyHint(), hint.getText());
        assertTrue(hint.getText().contains("N new noise"), hint.getText());
        window.close();
    }

    @Test
    void menusAreThere(FxRobot robot) {
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        List<String> menus = bar.getMenus().stream().map(Menu::getText).toList();
        assertEquals(List.of("File", "Model", "View", "Help"), menus);
        List<String> model = bar.getMenus().get(1).getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList();
        assertEquals("Open model…", model.get(0));
        assertEquals("Save model…", model.get(1));
        List<String> file = bar.getMenus().get(0).getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList();
        assertEquals(List.of("Open image…", "Open recent", "Export animation…", "Exit"), file);
        assertTrue(bar.getMenus().get(3).getItems().stream().anyMatch(i -> "About DDPM Explorer".equals(i.getText())));
        window.close();
    }

    @Test
    void everyIconButtonHasATooltip(FxRobot robot) {
        for (ButtonBase b : robot.lookup(n -> n instanceof ButtonBase).queryAllAs(ButtonBase.class)) {
            boolean iconOnly = (b.getText() == null || b.getText().isBlank()) && b.getGraphic() != null
                    && !b.getStyleClass().contains("sample-thumb") && b instanceof Button;
            if (iconOnly || b.getStyleClass().contains("sample-thumb")) {
                assertTrue(b.getTooltip() != null && !b.getTooltip().getText().isBlank(), "tooltip on " + b);
            }
        }
        window.close();
    }

    @Test
    void generateSaysWhatToDoWithoutAModelAndSaveModelIsDisabled(FxRobot robot) throws Exception {
        org.ddpmexplorer.ui.generate.GenerateFeature generate = (org.ddpmexplorer.ui.generate.GenerateFeature) window.features().get(1);
        robot.interact(() -> window.tabs().getSelectionModel().select(1));
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        MenuItem save = bar.getMenus().get(1).getItems().get(1);
        if (org.ddpmexplorer.train.Models.hasPretrained()) {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> generate.controller().modelProperty().get() != null);
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(save.isDisable());
        } else {
            assertTrue(robot.lookup("#empty-state").query().isVisible());
            assertTrue(save.isDisable());
            assertTrue(robot.lookup("#generate-button").queryAs(Button.class).isDisabled());
        }
        window.close();
    }

    @Test
    void theForwardImageIsSharedForDenoiseFromHere(FxRobot robot) throws Exception {
        ForwardFeature forward = (ForwardFeature) window.features().get(0);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.context().forwardImage().get() != null);
        robot.interact(() -> forward.controller().setT(321));
        assertEquals(321, window.context().forwardImage().get().t());
        assertEquals(forward.controller().timestepsProperty().get(), window.context().forwardImage().get().timesteps());
        window.close();
    }

    @Test
    void closingCancelsAllBackgroundWork(FxRobot robot) {
        Feature f = window.features().get(0);
        ForwardFeature forward = (ForwardFeature) f;
        robot.interact(() -> forward.controller().play());
        assertTrue(forward.controller().playingProperty().get());
        robot.interact(stage::hide);
        assertTrue(window.context().executor().isShutdown());
        assertFalse(forward.controller().playingProperty().get());
    }

    @Test
    void hiddenTabsAreBuiltWhenFirstShownOrOnceTheWindowIsUp(FxRobot robot) throws Exception {
        MainWindow[] fresh = new MainWindow[1];
        Stage[] other = new Stage[1];
        robot.interact(() -> {
            other[0] = new Stage();
            fresh[0] = DdpmExplorerApp.createWindow(other[0]);
        });
        var tabs = fresh[0].tabs().getTabs();
        // before the window shows, only the selected tab has its view
        assertTrue(tabs.get(0).getContent() != null);
        assertTrue(tabs.get(1).getContent() == null && tabs.get(2).getContent() == null);
        robot.interact(() -> fresh[0].tabs().getSelectionModel().select(2));
        assertTrue(tabs.get(2).getContent() != null, "selecting a tab builds its view");
        assertTrue(tabs.get(1).getContent() == null);
        robot.interact(other[0]::show);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tabs.get(1).getContent() != null);
        robot.interact(() -> {
            other[0].hide();
            fresh[0].close();
        });
        window.close();
    }

    @Test
    void theAppHoldsBackgroundWorkUntilTheFirstFrame(FxRobot robot) throws Exception {
        org.ddpmexplorer.ui.common.TaskExecutor ex = new org.ddpmexplorer.ui.common.TaskExecutor(1);
        ex.hold();
        Stage[] other = new Stage[1];
        robot.interact(() -> {
            other[0] = new Stage();
            other[0].setScene(new javafx.scene.Scene(new javafx.scene.control.Label("first frame")));
            DdpmExplorerApp.releaseAfterFirstFrame(other[0].getScene(), ex);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ex.isHeld(), "no frame yet: still held");
        robot.interact(other[0]::show);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !ex.isHeld());
        robot.interact(other[0]::hide);
        ex.shutdown();
        window.close();
    }
}
