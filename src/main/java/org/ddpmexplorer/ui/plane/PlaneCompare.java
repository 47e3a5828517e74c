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
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
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
        SAMPLER("DDPM vs DDIM"), ONE_SHOT("One shot vs iterative"), SCHEDULE("Linear vs cosine"), TIMESTEPS("Two values of T"),
        PREDICTION("ε vs x₀ vs μ"), VARIANCE("Fixed vs learned variance");

        final String label;

        What(String label) {
            this.label = label;
        }

        /** Whether the other side is a model of its own (trained beside the main one). */
        boolean trainsItsOwn() {
            return this != SAMPLER && this != ONE_SHOT;
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
    /** The third plot (only ε vs x₀ vs μ has one). */
    final CompareSide third;
    final PlaneSide side;
    private final PlaneController c;

    PlaneCompare(PlaneController c, TaskExecutor executor, Runnable redraw) {
        this.c = c;
        b = new CompareSide(c, executor, redraw, () -> caption(0), this::activeTraining, this::time);
        third = new CompareSide(c, executor, redraw, () -> caption(1), () -> third().training, this::time);
        side = b.side;
        enabled.addListener((o, x, y) -> changed());
        what.addListener((o, x, y) -> changed());
        otherT.addListener((o, x, y) -> changed());
        for (CompareSide s : new CompareSide[] {b, third}) {
            s.training.modelProperty().addListener((o, x, m) -> {
                s.modelFieldReset(shownModel(s));
                sampleOther(s);
            });
        }
        // a side's model may arrive while the main model still trains (its samples wait for that):
        // when the main training ends, every side samples
        c.training.phaseProperty().addListener((o, x, phase) -> {
            if (!phase.running()) {
                sampleOther();
            }
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

    private CompareSide third() {
        return third;
    }

    /** The sides beside the main one: one, or two for ε vs x₀ vs μ. */
    CompareSide[] sides() {
        return what.get() == What.PREDICTION ? new CompareSide[] {b, third} : new CompareSide[] {b};
    }

    /** The model a side shows: its own, or the main one when the comparison samples that. */
    private PlaneTraining.Model shownModel(CompareSide s) {
        return (s == b ? activeTraining() : s.training).modelProperty().get();
    }

    /** The prediction and variance of the main model (or of the next one: the choices in the sidebar). */
    private Prediction mainPrediction() {
        var m = c.training.modelProperty().get();
        return m != null && m.file() != null ? m.file().prediction() : c.prediction.get();
    }

    private VarianceType mainVariance() {
        var m = c.training.modelProperty().get();
        return m != null && m.file() != null ? m.file().variance() : c.variance.get();
    }

    /** What side i (0: the second plot, 1: the third) predicts. */
    Prediction prediction(int i) {
        if (what.get() != What.PREDICTION) {
            return mainPrediction();
        }
        Prediction main = mainPrediction();
        // the two of ε, x₀, μ (then v) that the main model does not predict
        return java.util.Arrays.stream(new Prediction[] {Prediction.EPSILON, Prediction.START_X, Prediction.PREVIOUS_X,
                Prediction.VELOCITY}).filter(p -> p != main).skip(i).findFirst().orElseThrow();
    }

    /** The variance of the second plot's model. */
    VarianceType variance() {
        VarianceType main = mainVariance();
        return what.get() != What.VARIANCE ? main : main.learned() ? VarianceType.FIXED_LARGE : VarianceType.LEARNED_RANGE;
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
                    + "so it is the same for " + switch (w) {
                        case SAMPLER -> "DDPM and DDIM";
                        case ONE_SHOT -> "one shot and iterative";
                        case PREDICTION -> "the three models";
                        default -> "both models";
                    } + ". See the Reverse and Field views.";
            case FIELD -> w.trainsItsOwn() ? null : "No difference here: both sides use the same model, so the same field ε̂. "
                    + (w == What.SAMPLER ? "DDPM and DDIM differ in how they step along it" : "They differ in how many steps they take along it")
                    + ": see the Reverse view.";
        };
    }

    /** The other side's forward process for the main one {@code d}. */
    GaussianDiffusion otherDiffusion(GaussianDiffusion d) {
        return switch (what.get()) {
            case SAMPLER, ONE_SHOT, PREDICTION, VARIANCE -> d;
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
            case PREDICTION -> "Predicts " + symbol(mainPrediction());
            case VARIANCE -> varianceName(mainVariance());
        };
    }

    /** The caption of side i (0: the second plot, 1: the third). */
    private String caption(int i) {
        GaussianDiffusion d = b.diffusion();
        if (d == null) {
            return "";
        }
        return switch (what.get()) {
            case SAMPLER -> samplerName(otherKind());
            case ONE_SHOT -> "One shot: x_T → x̂₀ in 1 step";
            case SCHEDULE -> d.schedule() == BetaSchedule.LINEAR ? "Linear β" : "Cosine ᾱ";
            case TIMESTEPS -> "T = " + d.timesteps();
            case PREDICTION -> "Predicts " + symbol(prediction(i));
            case VARIANCE -> varianceName(variance());
        };
    }

    private static String symbol(Prediction p) {
        return switch (p) {
            case EPSILON -> "ε";
            case START_X -> "x₀";
            case PREVIOUS_X -> "μ";
            case VELOCITY -> "v";
        };
    }

    private static String varianceName(VarianceType v) {
        return switch (v) {
            case FIXED_SMALL -> "σ² fixed at β˜ₜ";
            case FIXED_LARGE -> "σ² fixed at βₜ";
            case LEARNED_RANGE -> "σ² learned";
        };
    }

    private String samplerName(SamplerConfig.Kind k) {
        return k == SamplerConfig.Kind.DDIM ? String.format(Locale.ROOT, "DDIM η = %.2f", c.sampling.eta.get()) : "DDPM";
    }

    // ---- wiring, called by the controller --------------------------------------------------------

    /** The settings or the main model changed: the other sides follow. */
    void changed() {
        GaussianDiffusion main = c.diffusionProperty().get();
        GaussianDiffusion other = main == null ? null : otherDiffusion(main);
        for (CompareSide s : new CompareSide[] {b, third}) {
            boolean used = s == b || what.get() == What.PREDICTION;
            s.setDiffusion(other, trainsItsOwn() && used && fits(s));
            s.modelFieldReset(used ? shownModel(s) : null);
            sampleOther(s);
        }
        // turned on after the main model was trained: train the others now
        PointSet data = c.data.pointsProperty().get();
        if (trainsItsOwn() && data != null && c.training.phaseProperty().get() == PlaneTraining.Phase.READY) {
            train(data, true);
        }
    }

    /** Whether side s's model (if any) is what the comparison asks for now (its prediction and variance). */
    private boolean fits(CompareSide s) {
        var m = s.training.modelProperty().get();
        if (m == null || m.file() == null) {
            return true;
        }
        int i = s == b ? 0 : 1;
        return m.file().prediction() == prediction(i) && m.file().variance() == (s == b ? variance() : mainVariance());
    }

    /** Train pressed: the other models too, when the comparison needs them (same data, same training seed). */
    void train(PointSet data) {
        train(data, false);
    }

    /** Trains the other sides' models (only those without one when {@code onlyMissing}). */
    private void train(PointSet data, boolean onlyMissing) {
        if (!trainsItsOwn() || b.diffusion() == null) {
            return;
        }
        CompareSide[] sides = sides();
        for (int i = 0; i < sides.length; i++) {
            CompareSide s = sides[i];
            var phase = s.training.phaseProperty().get();
            if (phase.running() || onlyMissing && phase != PlaneTraining.Phase.IDLE) {
                continue;
            }
            s.sampling.clear();
            s.training.train(data, s.diffusion(), c.data.descriptionProperty().get(), prediction(i),
                    s == b ? variance() : mainVariance());
        }
    }

    void continueTraining() {
        if (trainsItsOwn()) {
            for (CompareSide s : sides()) {
                s.training.continueTraining();
            }
        }
    }

    void stop() {
        b.training.stop();
        third.training.stop();
    }

    /** The main model went (reset, new data): so do the others. */
    void reset() {
        for (CompareSide s : new CompareSide[] {b, third}) {
            s.training.reset();
            s.sampling.clear();
        }
    }

    /** New data: the other sides' exact values start over. */
    void dataChanged() {
        b.dataChanged();
        third.dataChanged();
    }

    /** Runs every other side. */
    void sampleOther() {
        sampleOther(b);
        sampleOther(third);
    }

    /**
     * Runs side s: its model with the main sampler settings (the other kind for DDPM vs DDIM), or for
     * one shot the jump from the main run's x_T.
     */
    private void sampleOther(CompareSide s) {
        boolean used = s == b || what.get() == What.PREDICTION;
        PlaneTraining.Model m = shownModel(s);
        GaussianDiffusion d = s.diffusion();
        if (!enabled.get() || !used || d == null || m == null || c.training.phaseProperty().get().running()) {
            s.sampling.clear();
            return;
        }
        if (what.get() == What.ONE_SHOT) {
            Trajectory main = c.sampling.trajectoryProperty().get();
            if (main == null) {
                s.sampling.clear();
            } else {
                s.sampling.oneShot(m, main.x()[0]);
            }
            return;
        }
        int mainT = c.diffusionProperty().get().timesteps(), own = m.diffusion().timesteps();
        int steps = c.sampling.steps.get() >= mainT ? own : Math.min(own, c.sampling.steps.get());
        SamplerConfig.Kind kind = what.get() == What.SAMPLER ? otherKind() : c.sampling.kind.get();
        s.sampling.sample(m, new SamplerConfig(kind, Math.max(1, steps), kind == SamplerConfig.Kind.DDIM ? c.sampling.eta.get() : 1,
                c.sampling.variance.get(), false, 1, PlaneSampling.SEED), c.sampling.particles.get());
    }

    void dispose() {
        b.dispose();
        third.dispose();
    }
}
