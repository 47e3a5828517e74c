package org.ddpmexplorer.app;

import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Tab;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.ddpmexplorer.ui.common.Truncation;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every tab of the app's window at its smallest size and at a 1024x700 screen's: no button or label
 * shows a clipped text ("Sa…"), and no button lies outside the window. With
 * {@code -Dui.snapshots=DIR} it also saves what each tab looks like as PNGs there.
 */
class SmallWindowLayoutTest extends AppWindowTest {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Test
    void everyTabFitsTheSmallestWindow(FxRobot robot) throws IOException {
        var forward = (org.ddpmexplorer.ui.forward.ForwardFeature) window.features().get(0);
        UiTestBench.waitUntil(() -> forward.controller().framesProperty().get() > 0, "the Forward tab's first frame");
        List<String> problems = new ArrayList<>();
        // the minimum window, and a 1024x700 screen less a title bar and a panel
        double[][] sizes = {{stage.getMinWidth(), stage.getMinHeight()}, {1024, 700 - 60}};
        for (double[] size : sizes) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            for (Tab tab : window.tabs().getTabs()) {
                robot.interact(() -> window.tabs().getSelectionModel().select(tab));
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> stage.getScene().getRoot().layout());
                String where = tab.getText() + " at " + (int) size[0] + "x" + (int) size[1] + ": ";
                for (String t : Truncation.truncatedUnder((Parent) tab.getContent())) {
                    problems.add(where + t);
                }
                double sceneWidth = stage.getScene().getWidth();
                for (Node n : tab.getContent().lookupAll(".button")) {
                    if (n instanceof ButtonBase b && b.isVisible() && b.getScene() != null && visibleUp(b)) {
                        Bounds bb = b.localToScene(b.getLayoutBounds());
                        if (bb.getMaxX() > sceneWidth + 0.5 || bb.getWidth() < 8) {
                            problems.add(where + "button '" + b.getText() + "' at " + bb + " is out of the window");
                        }
                    }
                }
                snapshot(robot, tab.getText().replaceAll("\\W+", "-").toLowerCase() + "-" + (int) size[0] + "x" + (int) size[1]);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static boolean visibleUp(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Saves the window as a PNG under -Dui.snapshots, if set. */
    private void snapshot(FxRobot robot, String name) throws IOException {
        String out = System.getProperty("ui.snapshots");
        if (out == null || out.isBlank()) {
            return;
        }
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        int w = (int) img[0].getWidth(), h = (int) img[0].getHeight();
        int[] px = UiTestBench.pixels(robot, img[0]);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        b.setRGB(0, 0, w, h, px, 0, w);
        Files.createDirectories(Path.of(out));
        ImageIO.write(b, "png", Path.of(out, name + ".png").toFile());
    }
}
