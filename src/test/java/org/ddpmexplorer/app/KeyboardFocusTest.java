package org.ddpmexplorer.app;

import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The keyboard user's view: a visible focus ring on every button and switch, and the F1 sheet. */
class KeyboardFocusTest extends AppWindowTest {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Test
    void f1ListsTheGenerateKeysToo(FxRobot robot) {
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> keys = new ArrayList<>();
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage) {
                    w.getScene().getRoot().lookupAll(".kbd").forEach(n -> keys.add(((Label) n).getText()));
                    w.hide();
                }
            }
        });
        assertTrue(keys.contains("Ctrl+G") && keys.contains("Esc"), keys.toString());
    }

    @Test
    void everyFocusableButtonAndSwitchShowsAFocusRing(FxRobot robot) {
        List<String> noRing = new ArrayList<>();
        int checked = 0;
        for (var tab : window.tabs().getTabs()) {
            robot.interact(() -> window.tabs().getSelectionModel().select(tab));
            WaitForAsyncUtils.waitForFxEvents();
            List<Node> nodes = new ArrayList<>();
            robot.interact(() -> tab.getContent().lookupAll("*").stream()
                    .filter(n -> (n instanceof ButtonBase || n instanceof atlantafx.base.controls.ToggleSwitch)
                            && n.isFocusTraversable() && !n.isDisabled() && visible(n))
                    .forEach(nodes::add));
            for (Node n : nodes) {
                int[][] px = new int[2][];
                robot.interact(() -> {
                    window.tabs().requestFocus();
                    px[0] = pixels(n);
                    n.requestFocus();
                });
                robot.interact(() -> px[1] = pixels(n));
                checked++;
                if (Arrays.equals(px[0], px[1])) {
                    noRing.add(tab.getText() + ": " + n.getClass().getSimpleName() + " " + n.getId()
                            + (n instanceof javafx.scene.control.Labeled l ? " '" + l.getText() + "'" : ""));
                }
            }
        }
        assertTrue(checked > 10, checked + " controls checked");
        assertEquals(List.of(), noRing, "controls that look the same focused and not");
    }

    private static boolean visible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null && n.getLayoutBounds().getWidth() > 0;
    }

    /** The node as drawn (with its effects), in its parent's coordinates so a ring outside it counts. */
    private static int[] pixels(Node n) {
        n.applyCss();
        javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
        var img = n.snapshot(p, null);
        return UiTestBench.pixelsNow(img);
    }
}
