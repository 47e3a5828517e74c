package org.ddpmexplorer.ui.plane;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.ForwardNoise;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.train.PointPreset;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.ui.common.AppContext;

/**
 * The plane tab's view model: the data ({@link PlaneData}), training ({@link PlaneTraining}), the
 * reverse process ({@link PlaneSampling}), the shared time slider ({@link PlaneTimeline}), what the
 * plot shows, and the slow per-t values (the exact marginal density, the fields of arrows) that
 * {@link TimestepCache}s compute in the background. Wires them: new data resets the model, a new
 * model samples a trajectory, changing the sampler resamples. FX thread, except where noted.
 */
final class PlaneController {
    /** What the plot shows. */
    enum Mode {
        FORWARD("Forward"), REVERSE("Reverse"), FIELD("Field");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    static final int MIN_T = 10, MAX_T = 1000, DEFAULT_T = org.ddpmexplorer.train.ToyTrainConfig.DEFAULT_TIMESTEPS;
    /** Resolution of the density heat map (cells per side). */
    static final int DENSITY_RES = 96;
    /** Points of the mixture behind the heat map: a subsample keeps one grid under ~50 ms. */
    static final int DENSITY_POINTS = 2000;
    /** Arrows per side of the field grid, spread over ±{@link #FIELD_EXTENT}. */
    static final int FIELD_GRID = 23;
    static final double FIELD_EXTENT = 3.6;
    static final long NOISE_SEED = 11;

    final PlaneData data;
    final PlaneTraining training;
    final PlaneSampling sampling;
    final PlaneTimeline timeline;
    final PlaneModelFile modelFile;
    final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.FORWARD);
    final ObjectProperty<BetaSchedule> schedule = new SimpleObjectProperty<>(this, "schedule",
            org.ddpmexplorer.train.ToyTrainConfig.DEFAULT_SCHEDULE);
    /** What a new model learns to predict, and its variance (chosen before a run, like T and the schedule). */
    final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction", Prediction.EPSILON);
    final ObjectProperty<VarianceType> variance = new SimpleObjectProperty<>(this, "variance", VarianceType.FIXED_LARGE);
    final BooleanProperty showDensity = new SimpleBooleanProperty(this, "showDensity", true);
    final BooleanProperty showTrails = new SimpleBooleanProperty(this, "showTrails", true);
    final BooleanProperty showPredicted = new SimpleBooleanProperty(this, "showPredicted", false);
    final BooleanProperty showExact = new SimpleBooleanProperty(this, "showExact", false);
    final BooleanProperty showScore = new SimpleBooleanProperty(this, "showScore", false);
    private final AppContext ctx;
    private final ReadOnlyObjectWrapper<GaussianDiffusion> diffusion = new ReadOnlyObjectWrapper<>(this, "diffusion");
    private final ReadOnlyIntegerWrapper followed = new ReadOnlyIntegerWrapper(this, "followed", -1);
    /** Bumped when a background value arrives or anything drawn changes without a property of its own. */
    private final ReadOnlyIntegerWrapper redraws = new ReadOnlyIntegerWrapper(this, "redraws");
    final TimestepCache<float[]> density;
    final TimestepCache<float[]> exactField;
    final TimestepCache<float[]> modelField;
    final PlaneCompare compare;
    /** The main side (the comparison's other side is {@code compare.side}). */
    final PlaneSide main;
    private float[] noise = new float[0];
    private static final float[] FIELD_POINTS = makeFieldGrid();

    PlaneController(AppContext ctx) {
        this.ctx = ctx;
        data = new PlaneData(ctx.executor());
        training = new PlaneTraining(ctx.executor());
        sampling = new PlaneSampling(ctx.executor());
        timeline = new PlaneTimeline(DEFAULT_T);
        modelFile = new PlaneModelFile(this, ctx.executor());
        Runnable bump = () -> redraws.set(redraws.get() + 1);
        density = new TimestepCache<>(ctx.executor(), bump);
        exactField = new TimestepCache<>(ctx.executor(), bump);
        modelField = new TimestepCache<>(ctx.executor(), bump);
        main = new PlaneSide(this::mainCaption, () -> training, sampling, diffusion::get, modelField, exactField, density, t -> t);
        compare = new PlaneCompare(this, ctx.executor(), bump);
        timeline.timesteps.addListener((o, a, b) -> settingsChanged());
        schedule.addListener((o, a, b) -> settingsChanged());
        data.pointsProperty().addListener((o, a, b) -> dataChanged());
        training.modelProperty().addListener((o, a, m) -> modelChanged(m));
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {sampling.kind, sampling.variance, sampling.eta,
                sampling.steps, sampling.particles}) {
            o.addListener(x -> resample());
        }
        sampling.trajectoryProperty().addListener((o, a, b) -> followed.set(-1));
        // a fixed variance is the sampler's σ² from now on (learned: the model's own, whatever the box says)
        variance.addListener((o, a, v) -> {
            if (!v.learned()) {
                sampling.variance.set(SamplerConfig.Variance.of(v));
            }
        });
        mode.addListener((o, a, b) -> timeline.setDirection(b == Mode.FORWARD ? 1 : -1));
        training.onProgress(p -> ctx.status().show("Plane: training " + p.summary()));
        training.phaseProperty().addListener((o, a, b) -> {
            var p = training.progressProperty().get();
            if (b == PlaneTraining.Phase.READY && p != null) {
                ctx.status().show("Plane: model ready after " + p.summary());
            }
        });
        settingsChanged();
        data.choosePreset(PointPreset.TWO_MOONS);
    }

    /** The forward process in use: the model's while there is one, else the chosen T and schedule. */
    ReadOnlyObjectProperty<GaussianDiffusion> diffusionProperty() {
        return diffusion.getReadOnlyProperty();
    }

    /** The particle whose whole path is drawn (-1: none). */
    ReadOnlyIntegerProperty followedProperty() {
        return followed.getReadOnlyProperty();
    }

    /** Changes whenever something drawn changed that has no property of its own (a background result). */
    ReadOnlyIntegerProperty redrawsProperty() {
        return redraws.getReadOnlyProperty();
    }

    // ---- verbs ---------------------------------------------------------------------------------

    /** Trains a fresh model on the data (a sketch in progress is used first). */
    void train() {
        if (data.sketchingProperty().get()) {
            data.finishSketch();
            if (data.sketchingProperty().get()) {
                return; // too few points: the message says so
            }
        }
        PointSet p = data.pointsProperty().get();
        if (p == null || training.phaseProperty().get().running()) {
            return;
        }
        sampling.clear();
        modelFile.clearMessage();
        training.train(p, diffusion.get(), data.descriptionProperty().get(), prediction.get(), variance.get());
        compare.train(p);
        if (mode.get() == Mode.FORWARD) {
            mode.set(Mode.REVERSE);
        }
        timeline.pause();
        timeline.t.set(0);
    }

    void continueTraining() {
        training.continueTraining();
        compare.continueTraining();
    }

    void stop() {
        training.stop();
        compare.stop();
    }

    void reset() {
        training.reset();
        sampling.clear();
        compare.reset();
        ctx.status().show("Plane: model reset");
    }

    /** Makes a model read from a file the model, with its T and schedule; the data stays. */
    void adopt(org.ddpmexplorer.train.ToyModelFile f) {
        if (data.sketchingProperty().get()) {
            data.cancelSketch();
        }
        sampling.clear();
        compare.reset();
        training.adopt(f, data.pointsProperty().get());
        schedule.set(f.schedule());
        timeline.timesteps.set(f.timesteps());
        prediction.set(f.prediction());
        variance.set(f.variance());
        if (mode.get() == Mode.FORWARD) {
            mode.set(Mode.REVERSE);
        }
        timeline.pause();
        timeline.t.set(0);
        compare.changed(); // a comparison that trains a model of its own starts it now
    }

    /** Shows a line in the app's status bar. */
    void status(String text) {
        ctx.status().show("Plane: " + text);
    }

    /** Samples a new trajectory from the current model (the sampler settings may have changed). */
    void resample() {
        var m = training.modelProperty().get();
        if (m != null && !training.phaseProperty().get().running()) {
            sampling.sample(m);
        }
        compare.sampleOther();
    }

    /** Follows particle i of the trajectory (-1: none). */
    void follow(int i) {
        Trajectory tr = sampling.trajectoryProperty().get();
        followed.set(tr == null || i < 0 || i >= tr.particles() ? -1 : i);
    }

    // ---- what the views draw -------------------------------------------------------------------

    /** The data noised to x_t under {@code d} with the fixed ε per point (x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε, eq. 4) into out. */
    void forwardAt(GaussianDiffusion d, int t, float[] out) {
        PointSet p = data.pointsProperty().get();
        if (p == null || noise.length != p.xy().length) {
            return;
        }
        float[] xy = p.xy();
        d.qSample(xy, Math.max(0, Math.min(t, d.timesteps())), noise, out, 0, Math.min(out.length, xy.length));
    }

    /** The main side's caption while comparing. */
    private String mainCaption() {
        return compare.mainCaption();
    }

    /** The grid points of the field, interleaved xy, row by row from the top. */
    float[] fieldGrid() {
        return FIELD_POINTS;
    }

    private static float[] makeFieldGrid() {
        float[] g = new float[2 * FIELD_GRID * FIELD_GRID];
        for (int r = 0; r < FIELD_GRID; r++) {
            for (int c = 0; c < FIELD_GRID; c++) {
                int i = r * FIELD_GRID + c;
                g[2 * i] = (float) (-FIELD_EXTENT + 2 * FIELD_EXTENT * c / (FIELD_GRID - 1));
                g[2 * i + 1] = (float) (FIELD_EXTENT - 2 * FIELD_EXTENT * r / (FIELD_GRID - 1));
            }
        }
        return g;
    }

    // ---- wiring --------------------------------------------------------------------------------

    private void settingsChanged() {
        var m = training.modelProperty().get();
        GaussianDiffusion d = m != null ? m.diffusion() : new GaussianDiffusion(schedule.get(), timeline.timesteps.get());
        diffusion.set(d);
        resetCaches();
        if (compare != null) {
            compare.changed();
        }
    }

    private void dataChanged() {
        training.reset();
        sampling.clear();
        compare.reset();
        compare.dataChanged();
        PointSet p = data.pointsProperty().get();
        noise = p == null ? new float[0] : ForwardNoise.gaussian(NOISE_SEED, p.xy().length);
        resetCaches();
        redraws.set(redraws.get() + 1);
    }

    private void modelChanged(PlaneTraining.Model m) {
        settingsChanged();
        if (m != null) {
            sampling.sample(m);
        } else {
            sampling.clear();
        }
    }

    private void resetCaches() {
        FieldMath.resetExact(density, exactField, data.pointsProperty().get(), diffusion.get(), fieldGrid());
        var m = training.modelProperty().get();
        float[] grid = fieldGrid();
        modelField.reset(m == null || diffusion.get() == null ? null : t -> FieldMath.modelNoise(m, grid, Math.max(1, t)),
                diffusion.get() == null ? 0 : diffusion.get().timesteps());
    }

    void dispose() {
        timeline.pause();
        training.dispose();
        compare.dispose();
        sampling.dispose();
        density.reset(null, 0);
        exactField.reset(null, 0);
        modelField.reset(null, 0);
    }
}
