package org.ddpmexplorer.ui.plane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The loss chart's text: the empty state's note, then the title left and the newest loss right. */
@ExtendWith(ApplicationExtension.class)
class LossChartTest {
    private final LossChart chart = new LossChart();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(chart), 300, 84));
        stage.sizeToScene();
        stage.show();
    }

    private List<String> texts(FxRobot robot, List<Bounds> bounds) {
        List<String> out = new ArrayList<>();
        robot.interact(() -> {
            for (Text t : chart.labels().shown()) {
                out.add(t.getText());
                bounds.add(t.getBoundsInParent());
            }
        });
        return out;
    }

    @Test
    void theEmptyNoteGivesWayToTheTitleAndTheNewestLoss(FxRobot robot) {
        robot.interact(() -> chart.setLoss(null));
        List<Bounds> b = new ArrayList<>();
        assertEquals(List.of("The loss appears here while training"), texts(robot, b));
        double w = chart.getWidth();
        assertEquals(w / 2, (b.get(0).getMinX() + b.get(0).getMaxX()) / 2, 0.5, "centred");

        robot.interact(() -> chart.setLoss(new double[] {1.0, 0.5, 0.25, 0.125}));
        b.clear();
        assertEquals(List.of("loss (log scale)", "0.125"), texts(robot, b));
        assertEquals(8, b.get(0).getMinX(), 0.5, "the title from the left margin");
        assertEquals(w - 8, b.get(1).getMaxX(), 0.5, "the newest loss up to the right margin");
        assertEquals(4, b.get(1).getMinY(), 0.5, "from the top margin");

        robot.interact(() -> chart.setLoss(new double[0]));
        b.clear();
        assertEquals(List.of("The loss appears here while training"), texts(robot, b));
        assertEquals(2, chart.labels().getChildren().size());
        assertFalse(chart.labels().getChildren().get(1).isVisible(), "the newest loss is hidden");
    }
}
