package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.control.Spinner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

@ExtendWith(ApplicationExtension.class)
class WidgetsTest {
    @Test
    void anIntegerSpinnerKeepsItsValueWhenTheTextIsNotANumber(FxRobot robot) {
        robot.interact(() -> {
            Spinner<Integer> s = new Spinner<>(0, 100, 7);
            Widgets.keepValueOnNonsense(s);
            var c = s.getValueFactory().getConverter();
            assertEquals(7, c.fromString("abc"));
            assertEquals(42, c.fromString(" 42 "));
            assertEquals("13", c.toString(13));
            assertEquals("", c.toString(null));
        });
    }

    @Test
    void aLongModelNameWrapsAtItsSeparatorsNotMidWord(FxRobot robot) {
        String name = "fashion_mnist_pretrained_ema_weights_step_120000.ckpt";
        robot.interact(() -> {
            javafx.scene.text.Text t = new javafx.scene.text.Text(Widgets.breakable(name));
            t.setFont(javafx.scene.text.Font.font(13));
            t.setWrappingWidth(150); // the name needs three or more lines at this width
            new javafx.scene.Scene(new javafx.scene.Group(t));
            String s = t.getText();
            double lastY = Double.NaN;
            int lines = 1;
            for (int i = 0; i < s.length(); i++) {
                double y = t.caretShape(i, true)[0] instanceof javafx.scene.shape.MoveTo m ? m.getY() : Double.NaN;
                if (i > 0 && y > lastY + 1) {
                    lines++;
                    char before = s.charAt(i - 1);
                    org.junit.jupiter.api.Assertions.assertTrue(before == '\u200A',
                            "a line starts mid-word at '" + s.substring(i).replace("\u200A", "") + "'");
                }
                lastY = y;
            }
            org.junit.jupiter.api.Assertions.assertTrue(lines >= 3, lines + " lines");
            assertEquals(name, s.replace("\u200A", ""), "the same name, with break points");
        });
    }
}
