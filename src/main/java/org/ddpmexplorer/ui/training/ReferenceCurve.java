package org.ddpmexplorer.ui.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the quick run reached in its reference run, for the Train tab to tell the user what to expect:
 * FID-FMNIST of 500 DDIM-50 samples (seed 1, any class) against quiet-machine minutes, measured on the
 * 60,000 training images with the quick preset's settings (docs/benchmarks.md, section "The quick-run
 * preset"). The points come from the resource {@value #RESOURCE}, which
 * {@code scripts/quick-curve.sh resource} writes ({@code minutes,quick_fid,full_fid}). No JavaFX.
 *
 * @param points the quick preset's measured points, by minutes
 */
public record ReferenceCurve(List<Point> points) {
    /** The class-path resource of the measured points. */
    public static final String RESOURCE = "quick-curve.csv";
    /**
     * Steps of the quick run in one quiet-machine minute of the reference run: 60 s over its train step
     * at batch 64 on the quiet 2-core machine with the whole batch on both cores ({@code bench --base 16}:
     * 169.1 ms; the engine as it is takes 168-172 ms a step on the quiet 2-core machine A:
     * docs/benchmarks.md, section 'The quick-run preset').
     */
    public static final int STEPS_PER_QUIET_MINUTE = 355;
    /** FID-FMNIST of 500 real training images (pretrained/README.md): the floor a model can approach. */
    public static final String REAL_IMAGES_FID = "5.5–5.9";

    /** A measured point: the FID the quick run scored after {@code minutes} quiet minutes. */
    public record Point(int minutes, double fid) {
        public long step() {
            return (long) minutes * STEPS_PER_QUIET_MINUTE;
        }
    }

    public ReferenceCurve {
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no measured points");
        }
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).minutes() <= points.get(i - 1).minutes()) {
                throw new IllegalArgumentException("the minutes must increase: " + points);
            }
        }
    }

    /** The bundled reference curve. */
    public static ReferenceCurve bundled() {
        try (InputStream in = ReferenceCurve.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the application");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the lines of {@code minutes,quick_fid,full_fid} (a header first; an empty FID: not measured). */
    public static ReferenceCurve parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).strip().startsWith("minutes,quick_fid")) {
            throw new IllegalArgumentException("expected the header minutes,quick_fid,full_fid");
        }
        List<Point> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                if (!f[1].isBlank()) {
                    double fid = Double.parseDouble(f[1].strip());
                    if (!(fid > 0)) {
                        throw new NumberFormatException("FID must be above 0");
                    }
                    out.add(new Point(Integer.parseInt(f[0].strip()), fid));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad line '" + line + "': " + e.getMessage(), e);
            }
        }
        return new ReferenceCurve(out);
    }

    /**
     * Whether the curve describes a run with these settings: the quick preset on Fashion-MNIST, a new
     * model, with a time budget (its length, the step cap and the preview interval aside).
     */
    public static boolean appliesTo(TrainSettings s) {
        TrainSettings q = TrainSettings.quickRun();
        return s.folder() == null && !s.fineTune() && s.minutes() > 0
                && s.withMinutes(q.minutes()).withSteps(q.steps()).withPreviewEvery(q.previewEvery()).equals(q);
    }

    /** The last point at or before {@code step} (the first point before it is reached). */
    Point at(long step) {
        Point p = points.get(0);
        for (Point x : points) {
            if (x.step() <= step) {
                p = x;
            }
        }
        return p;
    }

    /**
     * The line under the sample grid: before a run (or its first grid, {@code gridStep} &lt; 0), the whole
     * curve; with a grid, the reference point that grid has reached.
     */
    public String caption(long gridStep) {
        if (gridStep < 0) {
            StringBuilder b = new StringBuilder("What to expect, from the reference quick run on a quiet 2-core machine: FID ");
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                b.append(i == 0 ? "" : ", ").append(fid(p.fid())).append(" after ").append(p.minutes())
                        .append(i == 0 ? " min" : "");
            }
            return b.append(", all 10 classes (real images ").append(REAL_IMAGES_FID)
                    .append("; lower is better). A minute is ").append(STEPS_PER_QUIET_MINUTE).append(" steps.").toString();
        }
        Point p = at(gridStep);
        return String.format(Locale.ROOT, p.step() <= gridStep ? "Reference run at step %,d (%d quiet min): FID %s"
                : "Reference run's first point, step %,d (%d quiet min): FID %s", p.step(), p.minutes(), fid(p.fid()));
    }

    /** The tooltip: what the figures are and what a minute means. */
    public String explanation() {
        return "FID-FMNIST of 500 samples (DDIM, 50 steps, any class, seed 1) from the quick run's checkpoints, "
                + "trained on the 60,000 Fashion-MNIST training images; all 10 classes from the first minute on. "
                + "A minute is " + STEPS_PER_QUIET_MINUTE + " steps, what a quiet 2-core machine trains in 60 s with "
                + "the batch on both cores at once (today's engine trains them in about 60 s on a quiet 2-core machine); "
                + "a busy or slower machine takes longer for the same step, and the 10,000 bundled images "
                + "alone may score differently. See docs/benchmarks.md, \"The quick-run preset\".";
    }

    private static String fid(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
