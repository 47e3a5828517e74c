package org.ddpmexplorer.ui.forward;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.ui.common.CanvasLabels;

/**
 * The noising curves of the three schedules at one T, in three stacked panels that share the
 * t axis: ᾱ_t (linear axis), β_t and the SNR ᾱ_t/(1-ᾱ_t) (log axes). The chosen schedule is
 * drawn bold. A vertical cursor marks the current t and the values there are printed in each
 * panel's header; hovering shows the values under the mouse, and clicking or dragging picks t.
 * Drawn on a Canvas (JavaFX's charts have no log axis and are slow with thousands of points), with
 * its text as {@link CanvasLabels} over it.
 */
public final class ScheduleChart extends Region {
    /** Curve colours (GitHub Primer's blue, red and green, readable on white and distinct). */
    static final Map<BetaSchedule, Color> COLOURS = new EnumMap<>(Map.of(
            BetaSchedule.LINEAR, Color.web("#0969da"),
            BetaSchedule.COSINE, Color.web("#cf222e"),
            BetaSchedule.SIGMOID, Color.web("#1a7f37")));
    private static final Color TEXT = Color.web("#24292f"), MUTED = Color.web("#57606a"),
            GRID = Color.web("#eaeef2"), AXIS = Color.web("#afb8c1"), CURSOR = Color.web("#24292f");
    /** Margins in px: room for the y tick labels on the left and the t axis at the bottom. */
    private static final double LEFT = 52, RIGHT = 14, TOP = 100, BOTTOM = 40, PANEL_GAP = 22, HEADER = 20;
    private static final Font FONT = Font.font("System", 11), BOLD = Font.font("System", FontWeight.BOLD, 12),
            TITLE = Font.font("System", FontWeight.BOLD, 12);

    private final Canvas canvas = new Canvas();
    private final CanvasLabels labels = new CanvasLabels(canvas);
    private final Map<BetaSchedule, GaussianDiffusion> curves = new EnumMap<>(BetaSchedule.class);
    private BetaSchedule selected = BetaSchedule.LINEAR;
    private int timesteps = 1000;
    private int cursorT;
    private int hoverT = -1;
    private IntConsumer onPick = t -> { };
    private int drawCount;
    private List<Panel> panels = List.of();

    public ScheduleChart() {
        getChildren().addAll(canvas, labels);
        getStyleClass().add("schedule-chart");
        setMinSize(280, 360);
        setPrefSize(440, 600);
        setData(BetaSchedule.LINEAR, 1000);
        canvas.setOnMouseMoved(e -> {
            hoverT = tAt(e.getX());
            draw();
        });
        canvas.setOnMouseExited(e -> {
            hoverT = -1;
            draw();
        });
        canvas.setOnMousePressed(e -> onPick.accept(Math.max(0, tAt(e.getX()))));
        canvas.setOnMouseDragged(e -> onPick.accept(Math.max(0, tAt(e.getX()))));
    }

    /** Shows the curves of all schedules at T, the given one bold. */
    public void setData(BetaSchedule chosen, int T) {
        selected = chosen;
        timesteps = T;
        curves.clear();
        for (BetaSchedule s : BetaSchedule.values()) {
            curves.put(s, new GaussianDiffusion(s, T));
        }
        cursorT = Math.min(cursorT, T);
        draw();
    }

    /** Moves the cursor to t. */
    public void setCursor(int t) {
        cursorT = t;
        draw();
    }

    /** Called with the t under the mouse when the user clicks or drags on the chart. */
    public void setOnPick(IntConsumer pick) {
        onPick = pick;
    }

    /** The schedule drawn bold. */
    public BetaSchedule selected() {
        return selected;
    }

    /** The t shown by the cursor. */
    public int cursor() {
        return cursorT;
    }

    /** How many times the chart has been drawn (for tests). */
    int drawCount() {
        return drawCount;
    }

    /** The chart's text. */
    CanvasLabels labels() {
        return labels;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth()), h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    /** One stacked plot: how to get the value at t, and its y mapping. */
    private record Panel(String title, String subtitle, boolean log, double lo, double hi,
                         java.util.function.BiFunction<GaussianDiffusion, Integer, Double> value, double y0, double y1) {
        double y(double v) {
            if (log) {
                double lv = Math.log10(Math.max(v, Math.pow(10, lo)));
                lv = Math.min(lv, hi);
                return y1 - (lv - lo) / (hi - lo) * (y1 - y0);
            }
            return y1 - (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo) * (y1 - y0);
        }
    }

    private double plotLeft() {
        return LEFT;
    }

    private double plotRight() {
        return canvas.getWidth() - RIGHT;
    }

    private double x(int t) {
        return plotLeft() + (plotRight() - plotLeft()) * t / timesteps;
    }

    private int tAt(double px) {
        double f = (px - plotLeft()) / (plotRight() - plotLeft());
        return (int) Math.round(Math.max(0, Math.min(1, f)) * timesteps);
    }

    private void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        if (w < 50 || h < 50) {
            return;
        }
        labels.begin();
        paint(w, h);
        labels.end();
    }

    private void paint(double w, double h) {
        drawCount++;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setTextBaseline(VPos.CENTER);
        int shownT = hoverT >= 0 ? hoverT : cursorT;
        drawLegend(g, shownT);

        // SNR axis: whole decades covering all three schedules from t = 1 to T (the SNR at t = 0 is infinite)
        double snrMin = Double.MAX_VALUE, snrMax = 0;
        for (GaussianDiffusion d : curves.values()) {
            snrMin = Math.min(snrMin, d.snr(timesteps));
            snrMax = Math.max(snrMax, d.snr(1));
        }
        double snrLo = Math.max(-12, Math.floor(Math.log10(snrMin))), snrHi = Math.min(8, Math.ceil(Math.log10(snrMax)));
        double avail = h - TOP - BOTTOM - 2 * PANEL_GAP - 3 * HEADER, ph = avail / 3;
        List<Panel> ps = new ArrayList<>();
        double top = TOP;
        ps.add(new Panel("ᾱₜ", "signal kept", false, 0, 1, GaussianDiffusion::alphaBar, top + HEADER, top + HEADER + ph));
        top += HEADER + ph + PANEL_GAP;
        ps.add(new Panel("βₜ", "noise added per step · log axis", true, -5, 0, GaussianDiffusion::beta, top + HEADER, top + HEADER + ph));
        top += HEADER + ph + PANEL_GAP;
        ps.add(new Panel("SNR = ᾱₜ / (1 − ᾱₜ)", "log axis", true, snrLo, snrHi, GaussianDiffusion::snr, top + HEADER, top + HEADER + ph));
        panels = ps;
        for (int i = 0; i < ps.size(); i++) {
            drawPanel(g, ps.get(i), shownT, i == ps.size() - 1);
        }
        // cursor across all panels
        double cx = x(cursorT);
        g.setStroke(CURSOR);
        g.setLineWidth(1.5);
        g.setLineDashes();
        for (Panel p : ps) {
            g.strokeLine(cx, p.y0(), cx, p.y1());
        }
        if (hoverT >= 0 && hoverT != cursorT) {
            double hx = x(hoverT);
            g.setStroke(MUTED);
            g.setLineWidth(1);
            g.setLineDashes(3, 3);
            for (Panel p : ps) {
                g.strokeLine(hx, p.y0(), hx, p.y1());
            }
            g.setLineDashes();
        }
        // t label on the x axis under the cursor
        Panel last = ps.get(ps.size() - 1);
        String lbl = "t = " + cursorT;
        g.setFont(BOLD);
        double lw = lbl.length() * 7 + 10; // ~7 px a character at 12 px bold
        double lx = Math.max(plotLeft(), Math.min(plotRight() - lw, cx - lw / 2));
        g.setFill(CURSOR);
        g.fillRoundRect(lx, last.y1() + 4, lw, 17, 6, 6);
        g.setFill(Color.WHITE);
        g.setTextAlign(TextAlignment.CENTER);
        labels.fillText(g, lbl, lx + lw / 2, last.y1() + 12.5);
    }

    /**
     * The legend, which is also the table of values at the cursor (or under the mouse):
     * one row per schedule with its line style, name, ᾱ_t, β_t and SNR.
     */
    private void drawLegend(GraphicsContext g, int shownT) {
        double l = 6, r = plotRight();
        boolean wide = r - l > 360; // room for "(chosen)" after the name
        double nameEnd = l + 30 + (wide ? 118 : 64); // legend line, then the longest name
        double[] col = new double[3]; // right edges of the value columns, spread over the rest
        for (int k = 0; k < 3; k++) {
            col[k] = nameEnd + (r - nameEnd) * (k + 1) / 3;
        }
        String[] head = {"ᾱₜ", "βₜ", "SNR"};
        int[] panel = {0, 1, 2};
        double y = 11;
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(FONT);
        g.setFill(MUTED);
        labels.fillText(g, (hoverT >= 0 && hoverT != cursorT ? "mouse" : "at") + " t = " + shownT, l, y);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setFont(TITLE);
        g.setFill(TEXT);
        for (int k = 0; k < 3; k++) {
            labels.fillText(g, head[k], col[k], y);
        }
        for (BetaSchedule s : BetaSchedule.values()) {
            y += 20;
            boolean sel = s == selected;
            g.setStroke(COLOURS.get(s));
            g.setLineWidth(sel ? 3 : 1.6);
            g.strokeLine(l, y, l + 22, y);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFont(sel ? BOLD : FONT);
            g.setFill(TEXT);
            labels.fillText(g, s + (sel && wide ? "  (chosen)" : ""), l + 30, y);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(COLOURS.get(s));
            for (int k = 0; k < 3; k++) {
                labels.fillText(g, ScheduleText.value(panel[k] == 0, curves.get(s), shownT, panel[k]), col[k], y);
            }
        }
        g.setStroke(GRID);
        g.setLineWidth(1);
        g.strokeLine(l, y + 16, r, y + 16);
    }

    private void drawPanel(GraphicsContext g, Panel p, int shownT, boolean xAxis) {
        double l = plotLeft(), r = plotRight();
        // header: title left, values at the shown t right
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(TITLE);
        g.setFill(TEXT);
        double hy = p.y0() - HEADER / 2 - 1;
        double titleEnd = l - 44 + labels.fillText(g, p.title(), l - 44, hy).getLayoutBounds().getWidth();
        g.setFont(FONT);
        g.setFill(MUTED);
        labels.fillText(g, p.subtitle(), titleEnd + 8, hy);
        // grid and y ticks
        g.setLineWidth(1);
        g.setLineDashes();
        g.setFont(FONT);
        g.setTextAlign(TextAlignment.RIGHT);
        List<double[]> ticks = new ArrayList<>(); // {value, y}
        if (p.log()) {
            int span = (int) (p.hi() - p.lo());
            int every = span > 8 ? 3 : span > 4 ? 2 : 1; // at most ~5 labelled decades
            for (int e = (int) p.hi(); e >= p.lo(); e -= every) {
                ticks.add(new double[] {e, p.y(Math.pow(10, e))});
            }
        } else {
            for (double v = 0; v <= 1.0001; v += 0.25) {
                ticks.add(new double[] {v, p.y(v)});
            }
        }
        for (double[] tk : ticks) {
            g.setStroke(GRID);
            g.strokeLine(l, tk[1], r, tk[1]);
            g.setFill(MUTED);
            labels.fillText(g, p.log() ? ScheduleText.pow10((int) tk[0]) : ScheduleText.trim(tk[0]), l - 6, tk[1]);
        }
        for (int k = 0; k <= 4; k++) { // vertical grid at quarters of T
            double gx = x(timesteps * k / 4);
            g.setStroke(GRID);
            g.strokeLine(gx, p.y0(), gx, p.y1());
        }
        if (p.log() && p.title().startsWith("SNR") && p.lo() < 0 && p.hi() > 0) {
            g.setStroke(MUTED);
            g.setLineDashes(4, 4);
            double y1 = p.y(1);
            g.strokeLine(l, y1, r, y1);
            g.setLineDashes();
            g.setFill(MUTED);
            g.setTextAlign(TextAlignment.RIGHT);
            labels.fillText(g, "signal = noise (0 dB)", r - 6, y1 - 8);
        }
        g.setStroke(AXIS);
        g.strokeRect(l, p.y0(), r - l, p.y1() - p.y0());
        // curves: the chosen one last, on top
        List<BetaSchedule> order2 = new ArrayList<>(List.of(BetaSchedule.values()));
        order2.remove(selected);
        order2.add(selected);
        g.save();
        g.beginPath();
        g.rect(l, p.y0() - 1, r - l, p.y1() - p.y0() + 2);
        g.clip();
        for (BetaSchedule s : order2) {
            GaussianDiffusion d = curves.get(s);
            g.setStroke(COLOURS.get(s));
            g.setLineWidth(s == selected ? 2.6 : 1.4);
            g.beginPath();
            int t0 = p.log() ? 1 : 0; // log panels start at t = 1 (β_0 = 0, SNR_0 = ∞)
            int n = (int) Math.max(2, Math.min(timesteps, r - l)); // one point per pixel column is enough
            for (int i = 0; i <= n; i++) {
                int t = t0 + (int) Math.round((double) (timesteps - t0) * i / n);
                double yy = p.y(p.value().apply(d, t));
                if (i == 0) {
                    g.moveTo(x(t), yy);
                } else {
                    g.lineTo(x(t), yy);
                }
            }
            g.stroke();
            if (shownT >= t0) { // a dot where the cursor crosses the curve
                double yy = p.y(p.value().apply(d, shownT));
                g.setFill(COLOURS.get(s));
                g.fillOval(x(shownT) - 3.5, yy - 3.5, 7, 7);
            }
        }
        g.restore();
        if (xAxis) {
            g.setFill(MUTED);
            g.setTextAlign(TextAlignment.CENTER);
            double cx = x(cursorT);
            for (int k = 0; k <= 4; k++) {
                int tk = timesteps * k / 4;
                if (Math.abs(x(tk) - cx) > 44) { // leave room for the cursor's "t = …" label
                    labels.fillText(g, Integer.toString(tk), x(tk), p.y1() + 12);
                }
            }
            g.setFill(TEXT);
            labels.fillText(g, "timestep t   (T = " + timesteps + ")", (l + r) / 2, p.y1() + 30);
        }
    }

    /** The value of panel {@code i} (0 ᾱ, 1 β, 2 SNR) at t for a schedule, as drawn (for tests). */
    double plottedValue(int panel, BetaSchedule s, int t) {
        return panels.get(panel).value().apply(curves.get(s), t);
    }

}
