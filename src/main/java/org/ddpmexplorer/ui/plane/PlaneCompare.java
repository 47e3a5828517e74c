package org.ddpmexplorer.ui.plane;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * The comparison: a second setting beside the main one, on the same data and the same sampling seed
 * (so both runs start from the same x_T). DDPM vs DDIM samples the main model both ways; linear vs
 * cosine and two T train a second model alongside the main one (same data, same training seed).
 * FX thread.
 */
final class PlaneCompare {
    enum What {
        SAMPLER("DDPM vs DDIM"), SCHEDULE("Linear vs cosine"), TIMESTEPS("Two values of T");

        final String label;

        What(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final int DEFAULT_OTHER_T = 20;

    final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
    final ObjectProperty<What> what = new SimpleObjectProperty<>(this, "what", What.SAMPLER);
    /** T of the other side when comparing two T. */
    final IntegerProperty otherT = new SimpleIntegerProperty(this, "otherT", DEFAULT_OTHER_T);
    final PlaneTraining training;
    final PlaneSampling sampling;
    final TimestepCache<float[]> modelField;
    private final PlaneController c;
    private GaussianDiffusion diffusion;
    final PlaneSide side;

    PlaneCompare(PlaneController c, TaskExecutor executor, Runnable redraw) {
        this.c = c;
        training = new PlaneTraining(executor);
        sampling = new PlaneSampling(executor);
        modelField = new TimestepCache<>(executor, redraw);
        side = new PlaneSide(this::caption, this::activeTraining, sampling, () -> diffusion, modelField, null, null, this::time);
        enabled.addListener((o, a, b) -> changed());
        what.addListener((o, a, b) -> changed());
        otherT.addListener((o, a, b) -> changed());
        training.modelProperty().addListener((o, a, m) -> {
            modelFieldReset();
            sampleOther();
        });
    }

    /** The side shown: for DDPM vs DDIM the main model, else the second one. */
    PlaneTraining activeTraining() {
        return what.get() == What.SAMPLER ? c.training : training;
    }

    /** Whether the comparison trains a model of its own. */
    boolean trainsItsOwn() {
        return enabled.get() && what.get() != What.SAMPLER;
    }

    /** The other side's forward process for the main one {@code d}. */
    GaussianDiffusion otherDiffusion(GaussianDiffusion d) {
        return switch (what.get()) {
            case SAMPLER -> d;
            case SCHEDULE -> new GaussianDiffusion(d.schedule() == BetaSchedule.LINEAR ? BetaSchedule.COSINE : BetaSchedule.LINEAR,
                    d.timesteps());
            case TIMESTEPS -> new GaussianDiffusion(d.schedule(), otherT.get());
        };
    }

    /** The other kind of sampler. */
    SamplerConfig.Kind otherKind() {
        return c.sampling.kind.get() == SamplerConfig.Kind.DDPM ? SamplerConfig.Kind.DDIM : SamplerConfig.Kind.DDPM;
    }

    private int time(int t) {
        int mainT = c.diffusionProperty().get().timesteps(), own = diffusion == null ? mainT : diffusion.timesteps();
        return own == mainT ? t : (int) Math.round((double) t * own / mainT);
    }

    private String caption() {
        GaussianDiffusion d = diffusion;
        if (d == null) {
            return "";
        }
        return switch (what.get()) {
            case SAMPLER -> otherKind() == SamplerConfig.Kind.DDIM
                    ? String.format(Locale.ROOT, "DDIM η = %.2f", c.sampling.eta.get()) : "DDPM";
            case SCHEDULE -> d.schedule() == BetaSchedule.LINEAR ? "Linear β" : "Cosine ᾱ";
            case TIMESTEPS -> "T = " + d.timesteps();
        };
    }

    // ---- wiring, called by the controller --------------------------------------------------------

    /** The settings or the main model changed: the other side follows. */
    void changed() {
        GaussianDiffusion main = c.diffusionProperty().get();
        GaussianDiffusion next = main == null ? null : otherDiffusion(main);
        if (!trainsItsOwn() || next == null || diffusion == null || next.timesteps() != diffusion.timesteps()
                || next.schedule() != diffusion.schedule()) {
            training.reset(); // another forward process: the second model no longer fits
        }
        diffusion = next;
        modelFieldReset();
        sampleOther();
        // turned on after the main model was trained: train the second one now
        PointSet data = c.data.pointsProperty().get();
        if (trainsItsOwn() && data != null && c.training.phaseProperty().get() == PlaneTraining.Phase.READY
                && training.phaseProperty().get() == PlaneTraining.Phase.IDLE) {
            train(data);
        }
    }

    /** Train pressed: a second model too, when the comparison needs one. */
    void train(PointSet data) {
        if (trainsItsOwn() && diffusion != null) {
            sampling.clear();
            training.train(data, diffusion, c.data.descriptionProperty().get());
        }
    }

    void continueTraining() {
        if (trainsItsOwn()) {
            training.continueTraining();
        }
    }

    void stop() {
        training.stop();
    }

    void reset() {
        training.reset();
        sampling.clear();
    }

    /** Samples the other side's trajectory from its model with the main sampler settings (the other kind for DDPM vs DDIM). */
    void sampleOther() {
        if (!enabled.get() || diffusion == null) {
            sampling.clear();
            return;
        }
        PlaneTraining.Model m = what.get() == What.SAMPLER ? c.training.modelProperty().get() : training.modelProperty().get();
        if (m == null || c.training.phaseProperty().get().running()) {
            sampling.clear();
            return;
        }
        int mainT = c.diffusionProperty().get().timesteps(), own = m.diffusion().timesteps();
        int steps = c.sampling.steps.get() >= mainT ? own : Math.min(own, c.sampling.steps.get());
        SamplerConfig.Kind kind = what.get() == What.SAMPLER ? otherKind() : c.sampling.kind.get();
        sampling.sample(m, new SamplerConfig(kind, Math.max(1, steps), kind == SamplerConfig.Kind.DDIM ? c.sampling.eta.get() : 1,
                c.sampling.variance.get(), false, 1, PlaneSampling.SEED), c.sampling.particles.get());
    }

    private void modelFieldReset() {
        PlaneTraining.Model m = what.get() == What.SAMPLER ? c.training.modelProperty().get() : training.modelProperty().get();
        float[] grid = c.fieldGrid();
        modelField.reset(m == null ? null : t -> FieldMath.modelNoise(m, grid, Math.max(1, t)), m == null ? 0 : m.diffusion().timesteps());
    }

    void dispose() {
        training.dispose();
        sampling.dispose();
        modelField.reset(null, 0);
    }
}
