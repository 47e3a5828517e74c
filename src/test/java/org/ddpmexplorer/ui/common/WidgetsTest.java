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
}
