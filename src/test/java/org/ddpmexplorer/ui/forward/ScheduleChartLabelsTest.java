package org.ddpmexplorer.ui.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The schedule chart's text, shown as labels over its canvas: the legend's values at the cursor, the y
 * tick labels right-aligned beside the axis, each panel's subtitle after its title, and the cursor's "t = …" centred under it.
 */
@ExtendWith(ApplicationExtension.class)
class ScheduleChartLabelsTest {
    private final ScheduleChart chart = new ScheduleChart();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(chart), 440, 600));
        stage.sizeToScene();
        stage.show();
    }

    private record Shown(String text, Bounds b) {
    }

    private List<Shown> shown(FxRobot robot) {
        List<Shown> out = new ArrayList<>();
        robot.interact(() -> {
            for (Text t : chart.labels().shown()) {
                out.add(new Shown(t.getText(), t.getBoundsInParent()));
            }
        });
        return out;
    }

    private static Shown find(List<Shown> shown, String text) {
        return shown.stream().filter(s -> s.text().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("'" + text + "' not among " + shown.stream().map(Shown::text).toList()));
    }

    @Test
    void theLabelsFollowTheCursorAndSitBesideTheAxes(FxRobot robot) {
        robot.interact(() -> {
            chart.setData(BetaSchedule.COSINE, 1000);
            chart.setCursor(500);
        });
        List<Shown> a = shown(robot);
        find(a, "at t = 500");
        find(a, "Cosine  (chosen)");
        find(a, "Linear");
        Shown cursor = find(a, "t = 500");
        double w = chart.getWidth();
        double plotMid = 52 + (w - 14 - 52) / 2; // x of t = T/2 between the margins
        assertEquals(plotMid, (cursor.b().getMinX() + cursor.b().getMaxX()) / 2, 1, "centred under the cursor");
        // the y tick labels of the ᾱ panel end 6 px left of the plot
        for (String tick : List.of("0", "0.25", "0.50", "0.75", "1")) {
            assertEquals(52 - 6, find(a, tick).b().getMaxX(), 0.5, tick);
        }
        // each panel's subtitle starts 8 px after its title ends, however wide the title
        for (String[] ts : new String[][] {{"ᾱₜ", "signal kept"}, {"SNR = ᾱₜ / (1 − ᾱₜ)", "log axis"}}) {
            Shown title = a.stream().filter(x -> x.text().equals(ts[0])).reduce((p, q) -> q).orElseThrow(); // the legend's header comes first
            assertEquals(title.b().getMaxX() + 8, find(a, ts[1]).b().getMinX(), 1, ts[1]);
        }
        int count = a.size();

        robot.interact(() -> chart.setCursor(250));
        List<Shown> b = shown(robot);
        find(b, "at t = 250");
        find(b, "t = 250");
        assertTrue(b.stream().noneMatch(s -> s.text().equals("t = 500")), "the old cursor label is gone");
        assertTrue(Math.abs(b.size() - count) <= 1, "about as many labels: " + count + " then " + b.size());
    }
}
