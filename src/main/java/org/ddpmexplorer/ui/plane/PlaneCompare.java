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
 * (so both runs start from the same x_T). DDPM vs DDIM samples the main model both ways; one shot vs
 * iterative jumps from that x_T to the model's x̂_0 in one step; linear vs cosine and two T train a
 * second model alongside the main one (same data, same training seed). Where a view is the same on
 * both sides, {@link #sameIn} says why. FX thread.
 */
final class PlaneCompare {
    enum What {
        SAMPLER("DDPM vs DDIM"), ONE_SHOT("One shot vs iterative"), SCHEDULE("Linear vs cosine"), TIMESTEPS("Two values of T");

        final String label;

        What(String label) {
            this.label = label;
        }

        /** Whether the other side is a model of its own (trained beside the main one). */
        boolean trainsItsOwn() {
            return this == SCHEDULE || this == TIMESTEPS;
        }

        /** Whether the other side has a forward process of its own. */
        boolean ownForward() {
            return this == SCHEDULE || this == TIMESTEPS;
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
    /** The other plot. */
    final CompareSide b;
    final PlaneSide side;
    private final PlaneController c;

    PlaneCompare(PlaneController c, TaskExecutor executor, Runnable redraw) {
        this.c = c;
        b = new CompareSide(c, executor, redraw, this::caption, this::activeTraining, this::time);
        side = b.side;
        enabled.addListener((o, x, y) -> changed());
        what.addListener((o, x, y) -> changed());
        otherT.addListener((o, x, y) -> changed());
        b.training.modelProperty().addListener((o, x, m) -> {
            b.modelFieldReset(shownModel());
            sampleOther();
        });
        // one shot starts from the main run's x_T
        c.sampling.trajectoryProperty().addListener((o, x, tr) -> {
            if (what.get() == What.ONE_SHOT) {
                sampleOther();
            }
        });
    }

    /** The training shown on the other side: the main one unless the comparison trains its own. */
    PlaneTraining activeTraining() {
        return what.get().trainsItsOwn() ? b.training : c.training;
    }

    private PlaneTraining.Model shownModel() {
        return activeTraining().modelProperty().get();
    }

    /** Whether the comparison trains a model of its own. */
    boolean trainsItsOwn() {
        return enabled.get() && what.get().trainsItsOwn();
    }

    /**
     * Why a view shows the same on both sides (null: it differs). The forward process has no model in
     * it; the field is the model's, so two ways of sampling one model share it.
     */
    String sameIn(PlaneController.Mode mode) {
        What w = what.get();
        return switch (mode) {
            case REVERSE -> null;
            case FORWARD -> w.ownForward() ? null : "No difference here: the forward process q(xₜ | x₀) involves no model, "
                    + "so it is the same for " + (w == What.SAMPLER ? "DDPM and DDIM" : "one shot and iterative")
                    + ". See the Reverse view.";
            case FIELD -> w.trainsItsOwn() ? null : "No difference here: both sides use the same model, so the same field ε̂. "
                    + (w == What.SAMPLER ? "DDPM and DDIM differ in how they step along it" : "They differ in how many steps they take along it")
                    + ": see the Reverse view.";
        };
    }

    /** The other side's forward process for the main one {@code d}. */
    GaussianDiffusion otherDiffusion(GaussianDiffusion d) {
        return switch (what.get()) {
            case SAMPLER, ONE_SHOT -> d;
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
        GaussianDiffusion d = b.diffusion();
        int mainT = c.diffusionProperty().get().timesteps(), own = d == null ? mainT : d.timesteps();
        return own == mainT ? t : (int) Math.round((double) t * own / mainT);
    }

    /** The main side's caption while comparing. */
    String mainCaption() {
        GaussianDiffusion d = c.diffusionProperty().get();
        if (d == null) {
            return "";
        }
        return switch (what.get()) {
            case SAMPLER -> samplerName(c.sampling.kind.get());
            case ONE_SHOT -> "Iterative: " + samplerName(c.sampling.kind.get()) + ", "
                    + c.sampling.config(d.timesteps()).steps() + " steps";
            case SCHEDULE -> d.schedule() == BetaSchedule.LINEAR ? "Linear β" : "Cosine ᾱ";
            case TIMESTEPS -> "T = " + d.timesteps();
        };
    }

    private String caption() {
        GaussianDiffusion d = b.diffusion();
        if (d == null) {
            return "";
        }
        return switch (what.get()) {
            case SAMPLER -> samplerName(otherKind());
            case ONE_SHOT -> "One shot: x_T → x̂₀ in 1 step";
            case SCHEDULE -> d.schedule() == BetaSchedule.LINEAR ? "Linear β" : "Cosine ᾱ";
            case TIMESTEPS -> "T = " + d.timesteps();
        };
    }

    private String samplerName(SamplerConfig.Kind k) {
        return k == SamplerConfig.Kind.DDIM ? String.format(Locale.ROOT, "DDIM η = %.2f", c.sampling.eta.get()) : "DDPM";
    }

    // ---- wiring, called by the controller --------------------------------------------------------

    /** The settings or the main model changed: the other side follows. */
    void changed() {
        GaussianDiffusion main = c.diffusionProperty().get();
        b.setDiffusion(main == null ? null : otherDiffusion(main), trainsItsOwn());
        b.modelFieldReset(shownModel());
        sampleOther();
        // turned on after the main model was trained: train the second one now
        PointSet data = c.data.pointsProperty().get();
        if (trainsItsOwn() && data != null && c.training.phaseProperty().get() == PlaneTraining.Phase.READY
                && b.training.phaseProperty().get() == PlaneTraining.Phase.IDLE) {
            train(data);
        }
    }

    /** Train pressed: a second model too, when the comparison needs one. */
    void train(PointSet data) {
        if (trainsItsOwn() && b.diffusion() != null) {
            b.sampling.clear();
            b.training.train(data, b.diffusion(), c.data.descriptionProperty().get());
        }
    }

    void continueTraining() {
        if (trainsItsOwn()) {
            b.training.continueTraining();
        }
    }

    void stop() {
        b.training.stop();
    }

    /** The main model went (reset, new data): so does the other side's. */
    void reset() {
        b.training.reset();
        b.sampling.clear();
    }

    /** New data: the other side's exact values start over. */
    void dataChanged() {
        b.dataChanged();
    }

    /**
     * Runs the other side: its model with the main sampler settings (the other kind for DDPM vs DDIM),
     * or for one shot the jump from the main run's x_T.
     */
    void sampleOther() {
        PlaneTraining.Model m = shownModel();
        GaussianDiffusion d = b.diffusion();
        if (!enabled.get() || d == null || m == null || c.training.phaseProperty().get().running()) {
            b.sampling.clear();
            return;
        }
        if (what.get() == What.ONE_SHOT) {
            Trajectory main = c.sampling.trajectoryProperty().get();
            if (main == null) {
                b.sampling.clear();
            } else {
                b.sampling.oneShot(m, main.x()[0]);
            }
            return;
        }
        int mainT = c.diffusionProperty().get().timesteps(), own = m.diffusion().timesteps();
        int steps = c.sampling.steps.get() >= mainT ? own : Math.min(own, c.sampling.steps.get());
        SamplerConfig.Kind kind = what.get() == What.SAMPLER ? otherKind() : c.sampling.kind.get();
        b.sampling.sample(m, new SamplerConfig(kind, Math.max(1, steps), kind == SamplerConfig.Kind.DDIM ? c.sampling.eta.get() : 1,
                c.sampling.variance.get(), false, 1, PlaneSampling.SEED), c.sampling.particles.get());
    }

    void dispose() {
        b.dispose();
    }
}
