package org.ddpmexplorer.ui.plane;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ddpmexplorer.train.PointsCsv;
import org.ddpmexplorer.train.PointsCsvException;
import org.ddpmexplorer.train.PointPreset;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * The plane's data: a preset, a typed word, a sketch or a CSV file, always standardised (the
 * engine's {@link PointSet#standardised()}). Making and reading data runs on the executor; a failed
 * load leaves the current data as it was and says why in {@link #messageProperty()}. Properties
 * change on the FX thread only.
 */
final class PlaneData {
    /** Points drawn per sketched brush dab, per unit of brush area (data units²). */
    static final double SKETCH_DENSITY = 220;
    /** The most points a sketch may hold (as many as a preset). */
    static final int SKETCH_MAX = PointPreset.DEFAULT_POINTS;
    static final long SEED = 7;

    /** Where the data came from: a preset, a typed word, the sketch, or a file (its name). */
    record Source(Kind kind, PointPreset preset, String name) {
        enum Kind { PRESET, TEXT, SKETCH, FILE }
    }

    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<Source> source = new ReadOnlyObjectWrapper<>(this, "source");
    private final ReadOnlyObjectWrapper<PointSet> points = new ReadOnlyObjectWrapper<>(this, "points");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper(this, "description", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper sketching = new ReadOnlyBooleanWrapper(this, "sketching");
    /** Bumped whenever the sketch changes (the view redraws). */
    private final ReadOnlyIntegerWrapper sketchVersion = new ReadOnlyIntegerWrapper(this, "sketchVersion");
    private float[] sketch = new float[256];
    private int sketchCount;
    private final Random sketchRng = new Random(SEED);
    private long generation;

    PlaneData(TaskExecutor executor) {
        this.executor = executor;
    }

    /** The standardised data (null until the first set is ready). */
    ReadOnlyObjectProperty<PointSet> pointsProperty() {
        return points.getReadOnlyProperty();
    }

    /** Where the current data came from (null until the first set is ready; set before the points change). */
    ReadOnlyObjectProperty<Source> sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** What the data is: "Two moons · 8,000 points". */
    ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    /** A notice or an error about the data, one line (null: none). */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether {@link #messageProperty()} is an error (else a notice). */
    ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty sketchingProperty() {
        return sketching.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty sketchVersionProperty() {
        return sketchVersion.getReadOnlyProperty();
    }

    /** The sketch's points so far (raw plot coordinates, interleaved; valid up to {@link #sketchCount()}). */
    float[] sketchPoints() {
        return sketch;
    }

    int sketchCount() {
        return sketchCount;
    }

    // ---- verbs (FX thread) ----------------------------------------------------------------------

    void choosePreset(PointPreset preset) {
        make(() -> preset.sample(PointPreset.DEFAULT_POINTS, SEED), new Source(Source.Kind.PRESET, preset, preset.label()));
    }

    /** Points in the glyphs of a word; an empty word gets a message and changes nothing. */
    void useText(String word) {
        String w = word == null ? "" : word.strip();
        if (w.isEmpty()) {
            fail("Type a word to turn into points");
            return;
        }
        make(() -> PointPreset.text(w, PointPreset.DEFAULT_POINTS, SEED), new Source(Source.Kind.TEXT, null, "“" + w + "”"));
    }

    private void make(java.util.concurrent.Callable<PointSet> maker, Source what) {
        long gen = ++generation;
        sketching.set(false);
        busy.set(true);
        executor.submit(maker).whenComplete((p, e) -> javafx.application.Platform.runLater(() -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            if (e != null) {
                fail("Could not make " + what.name() + ": " + rootMessage(e));
            } else {
                set(p, what, null);
            }
        }));
    }

    /** Reads points from a CSV file in the background; on failure the current data stays. */
    void load(Path file) {
        long gen = ++generation;
        busy.set(true);
        executor.submit(() -> PointsCsv.read(file, SEED)).whenComplete((loaded, e) -> javafx.application.Platform.runLater(() -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            if (e != null) {
                Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                fail(c instanceof PointsCsvException ? c.getMessage()
                        : "Could not read " + file.getFileName() + ": " + rootMessage(c));
                return;
            }
            sketching.set(false);
            set(loaded.points().standardised(), new Source(Source.Kind.FILE, null, String.valueOf(file.getFileName())),
                    loaded.notice());
        }));
    }

    /** Writes the current (standardised) points as CSV in the background; reports to {@code done}. */
    void save(Path file, java.util.function.Consumer<String> done) {
        PointSet p = points.get();
        if (p == null) {
            fail("No points to save yet");
            return;
        }
        executor.submit(() -> {
            PointsCsv.write(file, p);
            return file;
        }).whenComplete((f, e) -> javafx.application.Platform.runLater(() -> {
            if (e != null) {
                fail("Could not save " + file.getFileName() + ": " + rootMessage(e));
            } else {
                done.accept(String.format(Locale.ROOT, "Saved %,d points to %s", p.size(), file.getFileName()));
            }
        }));
    }

    // ---- sketch --------------------------------------------------------------------------------

    /** Enters sketch mode with an empty canvas (the current data stays until the sketch is used). */
    void startSketch() {
        generation++;
        busy.set(false);
        sketchCount = 0;
        sketching.set(true);
        clearMessage();
        sketchVersion.set(sketchVersion.get() + 1);
    }

    /**
     * One brush dab at (x, y) in plot coordinates: adds points uniformly in the disc of the given radius
     * (about {@link #SKETCH_DENSITY} per unit area), or removes the points inside it when erasing.
     */
    void brush(double x, double y, double radius, boolean erase) {
        if (!sketching.get() || !Double.isFinite(x) || !Double.isFinite(y)) {
            return;
        }
        if (erase) {
            int kept = 0;
            double r2 = radius * radius;
            for (int i = 0; i < sketchCount; i++) {
                float px = sketch[2 * i], py = sketch[2 * i + 1];
                double dx = px - x, dy = py - y;
                if (dx * dx + dy * dy > r2) {
                    sketch[2 * kept] = px;
                    sketch[2 * kept + 1] = py;
                    kept++;
                }
            }
            sketchCount = kept;
        } else {
            int n = Math.max(1, (int) Math.round(SKETCH_DENSITY * Math.PI * radius * radius * 0.25));
            for (int k = 0; k < n && sketchCount < SKETCH_MAX; k++) {
                double r = radius * Math.sqrt(sketchRng.nextDouble()), a = 2 * Math.PI * sketchRng.nextDouble();
                add((float) (x + r * Math.cos(a)), (float) (y + r * Math.sin(a)));
            }
        }
        sketchVersion.set(sketchVersion.get() + 1);
    }

    private void add(float x, float y) {
        if (2 * sketchCount + 2 > sketch.length) {
            sketch = java.util.Arrays.copyOf(sketch, sketch.length * 2);
        }
        sketch[2 * sketchCount] = x;
        sketch[2 * sketchCount + 1] = y;
        sketchCount++;
    }

    void clearSketch() {
        sketchCount = 0;
        sketchVersion.set(sketchVersion.get() + 1);
    }

    /** Ends sketch mode, making the sketch (standardised) the data; too few points keep the old data. */
    void finishSketch() {
        if (!sketching.get()) {
            return;
        }
        if (sketchCount < 10) {
            fail("Draw a little more first: a sketch needs at least 10 points");
            return;
        }
        sketching.set(false);
        PointSet raw = new PointSet(java.util.Arrays.copyOf(sketch, 2 * sketchCount));
        set(raw.standardised(), new Source(Source.Kind.SKETCH, null, "Sketch"), null);
    }

    /** Leaves sketch mode keeping the data as it was. */
    void cancelSketch() {
        sketching.set(false);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void set(PointSet p, Source what, String notice) {
        source.set(what);
        points.set(p);
        description.set(String.format(Locale.ROOT, "%s · %,d points", what.name(), p.size()));
        if (notice != null) {
            error.set(false);
            message.set(notice);
        } else {
            clearMessage();
        }
    }

    private void fail(String text) {
        error.set(true);
        message.set(text);
    }

    void clearMessage() {
        message.set(null);
        error.set(false);
    }

    static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }
}
