package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * {@link CanvasLabels}: each label is placed as {@code GraphicsContext.fillText} would place it, in the
 * context's font and fill; the nodes are reused from one redraw to the next and the unused ones hidden.
 */
@ExtendWith(ApplicationExtension.class)
class CanvasLabelsTest {
    private static final Font BOLD = Font.font("System", FontWeight.BOLD, 12), SMALL = Font.font(10.5);
    private final Canvas canvas = new Canvas(300, 200);
    private final CanvasLabels labels = new CanvasLabels(canvas);
    /** A text the stylesheet styles. */
    private final Text probe = new Text("probe");

    @Start
    void start(Stage stage) {
        probe.setFont(SMALL);
        probe.setFill(Color.RED);
        Pane root = new Pane(canvas, labels, probe);
        Scene scene = new Scene(root, 300, 200);
        // a stylesheet's font and fill for text do not replace the context's
        scene.getStylesheets().add("data:text/css;base64," + Base64.getEncoder().encodeToString(
                ".root { -fx-font-size: 23px; } Text { -fx-font-size: 23px; -fx-fill: green; }".getBytes(StandardCharsets.UTF_8)));
        stage.setScene(scene);
        stage.show();
    }

    /** Bounds of a label in the canvas's coordinates. */
    private Bounds inCanvas(Text t) {
        return canvas.sceneToLocal(t.localToScene(t.getLayoutBounds()));
    }

    @Test
    void labelsAreAlignedAroundXAsOnTheCanvas(FxRobot robot) {
        List<Bounds> b = new ArrayList<>();
        List<Text> shown = new ArrayList<>();
        robot.interact(() -> {
            GraphicsContext g = canvas.getGraphicsContext2D();
            labels.begin();
            g.setFont(SMALL);
            g.setFill(Color.RED);
            g.setTextBaseline(VPos.TOP);
            g.setTextAlign(TextAlignment.RIGHT);
            labels.fillText(g, "right of it", 150, 20);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            labels.fillText(g, "centred", 150, 80);
            g.setFont(BOLD);
            g.setFill(Color.BLUE);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BOTTOM);
            labels.fillText(g, "left", 150, 150);
            labels.end();
            root().applyCss();
            root().layout();
            shown.addAll(labels.shown());
            shown.forEach(t -> b.add(inCanvas(t)));
        });
        assertEquals(3, shown.size());
        Bounds right = b.get(0), centre = b.get(1), left = b.get(2);
        assertEquals(150, right.getMaxX(), 0.01, "a RIGHT-aligned label ends at x");
        assertEquals(20, right.getMinY(), 0.01, "TOP: its top at y");
        assertTrue(right.getWidth() > 20);
        assertEquals(150, (centre.getMinX() + centre.getMaxX()) / 2, 0.01, "a CENTER label is centred on x");
        assertEquals(80, (centre.getMinY() + centre.getMaxY()) / 2, 0.5, "CENTER: its middle at y");
        assertEquals(150, left.getMinX(), 0.01, "a LEFT label starts at x");
        assertEquals(150, left.getMaxY(), 0.01, "BOTTOM: its bottom at y");
        assertEquals(23, probe.getFont().getSize(), 0.01, "the stylesheet overrides a plain Text's font set in code");
        assertEquals(Color.GREEN, probe.getFill());
        assertSame(SMALL, shown.get(0).getFont(), "the context's font, not the stylesheet's");
        assertSame(BOLD, shown.get(2).getFont());
        assertEquals(Color.RED, shown.get(1).getFill());
        assertEquals(Color.BLUE, shown.get(2).getFill());
        assertEquals(VPos.BOTTOM, shown.get(2).getTextOrigin());
        assertTrue(labels.isMouseTransparent());
    }

    @Test
    void theBaselineLabelSitsOnY(FxRobot robot) {
        double[] got = new double[2];
        robot.interact(() -> {
            GraphicsContext g = canvas.getGraphicsContext2D();
            g.setFont(SMALL);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BASELINE);
            labels.begin();
            labels.fillText(g, "on the line", 10, 100);
            labels.end();
            Text t = labels.shown().get(0);
            got[0] = canvas.sceneToLocal(t.localToScene(0, 0)).getY();
            got[1] = inCanvas(t).getMinY();
        });
        assertEquals(100, got[0], 0.01, "the text's origin (its baseline) at y");
        assertTrue(got[1] < 100, "the text above it");
    }

    @Test
    void thePoolReusesItsNodesAndHidesTheRest(FxRobot robot) {
        List<Text> first = new ArrayList<>(), second = new ArrayList<>();
        int[] pooled = new int[2];
        robot.interact(() -> {
            GraphicsContext g = canvas.getGraphicsContext2D();
            g.setFont(SMALL);
            labels.begin();
            for (int i = 0; i < 5; i++) {
                labels.fillText(g, "label " + i, 10, 20 * i);
            }
            labels.end();
            first.addAll(labels.shown());
            pooled[0] = labels.pooled();
            for (int frame = 0; frame < 10; frame++) { // redraws with fewer labels make no new nodes
                labels.begin();
                for (int i = 0; i < 3; i++) {
                    labels.fillText(g, "frame " + frame + " label " + i, 10, 20 * i);
                }
                labels.end();
            }
            second.addAll(labels.shown());
            pooled[1] = labels.pooled();
        });
        assertEquals(5, pooled[0]);
        assertEquals(5, pooled[1], "no new node once warmed");
        assertEquals(5, labels.getChildren().size());
        assertEquals(3, second.size());
        for (int i = 0; i < 3; i++) {
            assertSame(first.get(i), second.get(i), "label " + i + " reuses its node");
            assertTrue(second.get(i).isVisible());
            assertEquals("frame 9 label " + i, second.get(i).getText());
        }
        assertFalse(first.get(3).isVisible(), "end() hides the nodes left over");
        assertFalse(first.get(4).isVisible());
    }

    private Pane root() {
        return (Pane) canvas.getParent();
    }
}
