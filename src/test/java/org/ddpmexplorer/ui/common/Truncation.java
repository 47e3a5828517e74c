package org.ddpmexplorer.ui.common;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/**
 * Whether controls show their whole text: a Labeled's skin draws its text in a child Text node
 * (style class "text") that holds the clipped string ("Sa…") when the control is too narrow.
 * JavaFX 21 has no {@code Labeled.isTextTruncated()} (it came in 23), so the tests compare the two.
 */
public final class Truncation {
    private Truncation() {
    }

    /** True if the control is showing and its drawn text is not its whole text. Call after a layout pass. */
    public static boolean isTruncated(Labeled l) {
        if (l.getText() == null || l.getText().isEmpty() || !l.isVisible() || l.getScene() == null) {
            return false;
        }
        for (Node n : l.getChildrenUnmodifiable()) {
            if (n instanceof Text t && n.getStyleClass().contains("text")) {
                String shown = t.getText() == null ? "" : t.getText();
                String whole = l.isMnemonicParsing() ? l.getText().replace("_", "") : l.getText();
                return !shown.equals(whole) && !shown.replace("\n", " ").equals(whole.replace("\n", " "));
            }
        }
        return false;
    }

    /** The texts of the visible controls under {@code root} whose text is clipped. */
    public static List<String> truncatedUnder(Parent root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && isTruncated(l)) {
            out.add(l.getClass().getSimpleName() + " '" + l.getText() + "' shows '" + shown(l) + "'");
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }

    private static String shown(Labeled l) {
        for (Node n : l.getChildrenUnmodifiable()) {
            if (n instanceof Text t && n.getStyleClass().contains("text")) {
                return t.getText();
            }
        }
        return "";
    }
}
