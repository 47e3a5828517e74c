package org.ddpmexplorer.ui.common;

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
}
