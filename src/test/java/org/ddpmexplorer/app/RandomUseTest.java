package org.ddpmexplorer.app;

import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Window;
import org.ddpmexplorer.ui.common.ExceptionRecorder;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's window driven by a few hundred random but legal actions from a fixed seed: clicks on the
 * enabled buttons and toggles of the shown tab, choices in its combo boxes, spinner steps, slider
 * drags, its keys and the window's shortcuts, tab switches and window resizes. Fails on any
 * exception the app lets escape (see {@link ExceptionRecorder}). Tabs are found through the main
 * window, so a new tab is covered as soon as it is wired in. Runs that a click starts (sampling,
 * training) are cancelled or stopped by the next action, so the test stays short; buttons that open
 * the system's file choosers, and the GIF export, are left out (their dialogs are native or modal).
 */
class RandomUseTest extends AppWindowTest {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    /** Actions per run; the seed fixes which. */
    static final int ACTIONS = 300;
    static final long SEED = 20;

    @Test
    void aFewHundredRandomActionsOnEveryTabLogNoException(FxRobot robot) {
        long t0 = System.nanoTime();
        Random rnd = new Random(SEED);
        List<String> log = new ArrayList<>();
        try (ExceptionRecorder errors = new ExceptionRecorder()) {
            for (int i = 0; i < ACTIONS; i++) {
                String did = stopRunsIfAny(robot);
                if (did == null) {
                    did = randomAction(robot, rnd);
                }
                closeOtherWindows(robot); // also waits for the FX events the action caused
                log.add(i + ": " + did);
                if (!errors.exceptions().isEmpty()) {
                    throw new AssertionError("after action " + log.subList(Math.max(0, log.size() - 5), log.size())
                            + "\n" + errors.exceptions().get(0));
                }
            }
            // end every run the last actions may have started
            for (int k = 0; k < 50 && stopRunsIfAny(robot) != null; k++) {
                WaitForAsyncUtils.sleep(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            errors.assertNone();
        }
        System.out.printf("RandomUseTest: %d actions in %.1f s%n", ACTIONS, (System.nanoTime() - t0) / 1e9);
    }

    /** Runs r on the FX thread and waits for it (and only for it: quicker than robot.interact). */
    private static void fx(Runnable r) {
        WaitForAsyncUtils.waitForAsyncFx(10_000, r);
    }

    private Tab selectedTab() {
        return window.tabs().getSelectionModel().getSelectedItem();
    }

    /** Visible, enabled nodes of a type in the selected tab. */
    private <T extends Node> List<T> controls(Class<T> type) {
        List<T> out = new ArrayList<>();
        Node content = selectedTab().getContent();
        if (content == null) {
            return out;
        }
        for (Node n : content.lookupAll("*")) {
            if (type.isInstance(n) && usable(n)) {
                out.add(type.cast(n));
            }
        }
        return out;
    }

    private static boolean usable(Node n) {
        if (n.isDisabled() || n.getScene() == null) {
            return false;
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Buttons whose click opens a native file chooser or a modal dialog: left out. */
    private static boolean opensADialog(ButtonBase b) {
        String text = b.getText() == null ? "" : b.getText();
        String id = b.getId() == null ? "" : b.getId().toLowerCase();
        return text.endsWith("…") || id.contains("export") || id.contains("gif") || id.contains("open") || id.contains("browse")
                || id.contains("save"); // the Plane tab's icon-only PNG button and Train's Save ask for a file too
    }

    private static boolean stops(ButtonBase b) {
        String text = b.getText() == null ? "" : b.getText();
        return text.equals("Cancel") || text.equals("Stop");
    }

    /** Presses the shown tab's enabled Cancel or Stop button, if a run is going; null if none. */
    private String stopRunsIfAny(FxRobot robot) {
        String[] did = {null};
        fx(() -> {
            for (Tab t : window.tabs().getTabs()) {
                if (t.getContent() == null) {
                    continue;
                }
                for (Node n : t.getContent().lookupAll(".button")) {
                    if (n instanceof ButtonBase b && stops(b) && !b.isDisabled() && b.isVisible() && b.getScene() != null) {
                        b.fire();
                        did[0] = "stop: " + t.getText() + " " + b.getText();
                    }
                }
            }
        });
        return did[0];
    }

    private static final KeyCode[] KEYS = {KeyCode.LEFT, KeyCode.RIGHT, KeyCode.HOME, KeyCode.END, KeyCode.PAGE_UP,
        KeyCode.PAGE_DOWN, KeyCode.SPACE, KeyCode.N, KeyCode.C, KeyCode.ESCAPE, KeyCode.TAB, KeyCode.F1};

    private String randomAction(FxRobot robot, Random rnd) {
        int kind = rnd.nextInt(100);
        if (kind < 8) {
            int i = rnd.nextInt(window.tabs().getTabs().size());
            if (rnd.nextBoolean() && i < 9) {
                robot.press(KeyCode.CONTROL).type(KeyCode.getKeyCode(Integer.toString(i + 1))).release(KeyCode.CONTROL);
                return "Ctrl+" + (i + 1);
            }
            fx(() -> window.tabs().getSelectionModel().select(i));
            return "tab " + window.tabs().getTabs().get(i).getText();
        }
        if (kind < 14) {
            double w = stage.getMinWidth() + rnd.nextDouble() * (UiTestBench.WIDTH - stage.getMinWidth());
            double h = stage.getMinHeight() + rnd.nextDouble() * (UiTestBench.HEIGHT - stage.getMinHeight());
            fx(() -> {
                stage.setWidth(w);
                stage.setHeight(h);
            });
            return String.format("resize %.0fx%.0f", w, h);
        }
        if (kind < 30) {
            KeyCode k = KEYS[rnd.nextInt(KEYS.length)];
            if (rnd.nextInt(4) == 0 && k != KeyCode.F1 && k != KeyCode.TAB) {
                robot.press(KeyCode.SHIFT).type(k).release(KeyCode.SHIFT);
                return "Shift+" + k;
            }
            robot.type(k);
            return "key " + k;
        }
        if (kind < 36) {
            robot.press(KeyCode.CONTROL).type(KeyCode.G).release(KeyCode.CONTROL);
            return "Ctrl+G";
        }
        if (kind < 46) {
            List<Slider> sliders = controls(Slider.class);
            if (!sliders.isEmpty()) {
                Slider s = sliders.get(rnd.nextInt(sliders.size()));
                Node thumb = s.lookup(".thumb");
                if (thumb != null && onScreen(thumb) && rnd.nextInt(3) == 0) { // a real drag now and then (they are slow)
                    double dx = (rnd.nextDouble() - 0.5) * s.getWidth();
                    robot.drag(thumb, MouseButton.PRIMARY).moveBy(dx, 0).drop();
                    return "drag " + s.getId() + " by " + (int) dx;
                }
                double v = s.getMin() + rnd.nextDouble() * (s.getMax() - s.getMin());
                fx(() -> s.setValue(v));
                return "slide " + s.getId() + " to " + Math.round(v);
            }
        }
        if (kind < 56) {
            @SuppressWarnings("rawtypes")
            List<ComboBox> boxes = controls(ComboBox.class);
            if (!boxes.isEmpty()) {
                @SuppressWarnings("unchecked")
                ComboBox<Object> b = boxes.get(rnd.nextInt(boxes.size()));
                if (!b.getItems().isEmpty()) {
                    Object v = b.getItems().get(rnd.nextInt(b.getItems().size()));
                    fx(() -> b.setValue(v));
                    return "choose " + b.getId() + " = " + v;
                }
            }
        }
        if (kind < 64) {
            @SuppressWarnings("rawtypes")
            List<Spinner> spinners = controls(Spinner.class);
            if (!spinners.isEmpty()) {
                Spinner<?> s = spinners.get(rnd.nextInt(spinners.size()));
                int steps = rnd.nextInt(7) - 3;
                fx(() -> {
                    if (steps >= 0) {
                        s.increment(steps);
                    } else {
                        s.decrement(-steps);
                    }
                });
                return "spin " + s.getId() + " by " + steps;
            }
        }
        if (kind < 72) {
            List<atlantafx.base.controls.ToggleSwitch> switches = controls(atlantafx.base.controls.ToggleSwitch.class);
            if (!switches.isEmpty()) {
                var s = switches.get(rnd.nextInt(switches.size()));
                fx(() -> s.setSelected(!s.isSelected()));
                return "toggle " + s.getId();
            }
        }
        List<ButtonBase> buttons = controls(ButtonBase.class).stream().filter(b -> !opensADialog(b)).toList();
        if (buttons.isEmpty()) {
            return "nothing to click";
        }
        ButtonBase b = buttons.get(rnd.nextInt(buttons.size()));
        if (onScreen(b) && rnd.nextInt(4) == 0) { // a real click now and then (the mouse moves are slow)
            robot.clickOn(b);
            return "click " + describe(b);
        }
        fx(b::fire);
        return "fire " + describe(b);
    }

    private static String describe(ButtonBase b) {
        return (b.getId() == null ? b.getClass().getSimpleName() : b.getId()) + " '" + b.getText() + "'";
    }

    /** Whether the node's centre lies in the window (not scrolled away). */
    private boolean onScreen(Node n) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        double cx = b.getCenterX(), cy = b.getCenterY();
        return cx > 0 && cy > 0 && cx < stage.getScene().getWidth() && cy < stage.getScene().getHeight() && b.getWidth() > 2;
    }

    /** Closes the windows an action opened (the shortcuts sheet, a dialog) so the next acts on the main one. */
    private void closeOtherWindows(FxRobot robot) {
        fx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w.isShowing() && !(w instanceof javafx.stage.PopupWindow)) {
                    w.hide();
                }
            }
        });
    }
}
