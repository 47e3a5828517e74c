package org.ddpmexplorer.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a training log ({@code step,loss,loss_ema,...} CSV, as {@code train --log} writes it) as a
 * PNG chart: the raw loss in light gray and its moving average in blue, on a log loss axis.
 */
public final class LossPlot {
    private LossPlot() {
    }

    /**
     * Reads the log; lines that do not parse (a header, a partial last line) are skipped, and steps
     * that a resumed run repeated are taken from the resumed run.
     */
    public static List<double[]> read(Path csv) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f.length < 3) {
                continue;
            }
            try {
                double[] r = {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
                // a resumed run repeats the steps after its checkpoint: the later rows replace them
                while (!rows.isEmpty() && rows.get(rows.size() - 1)[0] >= r[0]) {
                    rows.remove(rows.size() - 1);
                }
                rows.add(r);
            } catch (NumberFormatException e) {
                // header or damaged line
            }
        }
        if (rows.isEmpty()) {
            throw new IOException(csv + " holds no 'step,loss,loss_ema' rows");
        }
        return rows;
    }

    /** Renders rows of (step, loss, smoothed loss). */
    public static BufferedImage render(List<double[]> rows, int width, int height, String title) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 70, right = 20, top = 40, bottom = 50; // margins for the labels
        double maxStep = rows.get(rows.size() - 1)[0];
        double lo = Double.MAX_VALUE, hi = 0;
        for (double[] r : rows) {
            if (r[1] > 0) {
                lo = Math.min(lo, r[1]);
                hi = Math.max(hi, r[1]);
            }
        }
        double logLo = Math.floor(Math.log10(lo) * 2) / 2, logHi = Math.ceil(Math.log10(hi) * 2) / 2;
        int pw = width - left - right, ph = height - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(225, 225, 225));
        for (double e = Math.floor(logLo); e <= logHi; e += 1) {
            for (int m = 1; m < 10; m++) {
                double v = Math.log10(m * Math.pow(10, e));
                if (v < logLo || v > logHi) {
                    continue;
                }
                int y = top + (int) Math.round(ph * (logHi - v) / (logHi - logLo));
                g.setColor(m == 1 ? new Color(200, 200, 200) : new Color(238, 238, 238));
                g.drawLine(left, y, left + pw, y);
                if (m == 1 || m == 2 || m == 5) {
                    g.setColor(Color.DARK_GRAY);
                    String label = String.format(Locale.ROOT, "%s", trim(m * Math.pow(10, e)));
                    g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        double tick = niceStep(maxStep / 5);
        for (double s = 0; s <= maxStep; s += tick) {
            int x = left + (int) Math.round(pw * s / Math.max(1, maxStep));
            g.drawLine(x, top + ph, x, top + ph + 4);
            String label = String.format(Locale.ROOT, "%,d", Math.round(s));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + ph + 18);
        }
        g.drawRect(left, top, pw, ph);
        g.drawString("training step", left + pw / 2 - 35, height - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        for (int series = 1; series <= 2; series++) {
            Path2D.Double p = new Path2D.Double();
            boolean first = true;
            for (double[] r : rows) {
                if (!(r[series] > 0)) {
                    continue;
                }
                double x = left + pw * r[0] / Math.max(1, maxStep);
                double y = top + ph * (logHi - Math.log10(r[series])) / (logHi - logLo);
                if (first) {
                    p.moveTo(x, y);
                    first = false;
                } else {
                    p.lineTo(x, y);
                }
            }
            g.setColor(series == 1 ? new Color(190, 190, 190) : new Color(30, 100, 200));
            g.setStroke(new BasicStroke(series == 1 ? 1f : 2f));
            g.draw(p);
        }
        // the legend inside the plot's top-right corner, on white: above the plot it ran into long titles
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int lx = left + pw - 212, ly = top + 6;
        g.setColor(Color.WHITE);
        g.fillRect(lx, ly, 206, 20);
        g.setColor(new Color(190, 190, 190));
        g.fillRect(lx + 6, ly + 9, 14, 3);
        g.setColor(Color.DARK_GRAY);
        g.drawString("loss per step", lx + 25, ly + 15);
        g.setColor(new Color(30, 100, 200));
        g.fillRect(lx + 121, ly + 9, 14, 3);
        g.setColor(Color.DARK_GRAY);
        g.drawString("smoothed", lx + 140, ly + 15);
        g.dispose();
        return img;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
        for (int m : new int[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
