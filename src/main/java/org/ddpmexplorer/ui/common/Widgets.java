package org.ddpmexplorer.ui.common;

import javafx.scene.layout.VBox;

import javafx.scene.Node;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small shared widgets. */
public final class Widgets {
    private Widgets() {
    }

    /** A flat icon-only button with a tooltip (every icon button has one). */
    public static Button iconButton(Ikon icon, String tooltip) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(tooltip(tooltip));
        b.setAccessibleText(tooltip);
        return b;
    }

    /** A button with an icon and text, and a tooltip. */
    public static Button button(String text, Ikon icon, String tooltip) {
        Button b = new Button(text, new FontIcon(icon));
        b.setTooltip(tooltip(tooltip));
        return b;
    }

    public static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(400)); // quicker than the default 1 s
        return t;
    }

    /** A small upper-case section heading for side panels. */
    public static Label sectionTitle(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            b.append(ch < 128 ? Character.toUpperCase(ch) : ch); // keep Greek letters (ε) as they are
        }
        Label l = new Label(b.toString());
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "section-title");
        return l;
    }

    /** A small, muted, wrapping note. */
    public static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    /** A sidebar section: its title, then the content. */
    public static VBox section(String title, Node... content) {
        VBox v = new VBox(8);
        v.getChildren().add(sectionTitle(title));
        v.getChildren().addAll(content);
        return v;
    }

    /** A control with a small label above it. */
    public static VBox labelled(String label, Node n) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_SMALL);
        return new VBox(4, l, n);
    }

    /** An integer spinner's text converter that keeps the current value when the text is not a number. */
    public static void keepValueOnNonsense(javafx.scene.control.Spinner<Integer> s) {
        s.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    return Integer.valueOf(text.trim());
                } catch (NumberFormatException e) {
                    return s.getValue(); // nonsense: keep the old value
                }
            }
        });
    }

    /**
     * Sends the key presses of whatever scene {@code view} is in to {@code keys} (an event filter
     * on the scene, so keys work wherever the focus is), moving with the view between scenes.
     */
    public static void keysWhileInScene(javafx.scene.Node view, javafx.event.EventHandler<javafx.scene.input.KeyEvent> keys) {
        view.sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removeEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, keys);
            }
            if (now != null) {
                now.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, keys);
            }
        });
    }

    /** Whether the node is in a scene and it and all its parents are visible (not in an unselected tab). */
    public static boolean isShowing(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /**
     * A file or model name that a wrapping label breaks after "-", "_", "." or "/" (a hair space
     * there, the narrowest space JavaFX's line breaking honours; it ignores the zero-width space)
     * instead of in the middle of a word.
     */
    public static String breakable(String name) {
        return name == null ? null : name.replaceAll("([-_./\\\\])(?=.)", "$1\u200A");
    }
}
