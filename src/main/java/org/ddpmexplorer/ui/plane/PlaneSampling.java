package org.ddpmexplorer.ui.plane;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * The reverse process in the plane: the sampler settings (DDPM with σ² = β or β̃, or DDIM with η;
 * steps; particles) and the recorded {@link Trajectory} of the last run, sampled with the existing
 * {@link Sampler} on shape [N, 2] without clipping (standardised data is not in [-1, 1]). Runs go on
 * the executor; a new run or {@link #clear()} cancels the one before.
 */
final class PlaneSampling {
    static final int MIN_PARTICLES = 100, MAX_PARTICLES = 5000, DEFAULT_PARTICLES = 2000;
    /** Seed of x_T and of every step's z: the same seed for both sides of a comparison. */
    static final long SEED = 2024;

    final ObjectProperty<SamplerConfig.Kind> kind = new SimpleObjectProperty<>(this, "kind", SamplerConfig.Kind.DDPM);
    final ObjectProperty<SamplerConfig.Variance> variance = new SimpleObjectProperty<>(this, "variance",
            SamplerConfig.Variance.BETA);
    final DoubleProperty eta = new SimpleDoubleProperty(this, "eta", 0);
    /** Denoising steps; clamped to T when a run starts. */
    final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 100);
    final IntegerProperty particles = new SimpleIntegerProperty(this, "particles", DEFAULT_PARTICLES);

    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<Trajectory> trajectory = new ReadOnlyObjectWrapper<>(this, "trajectory");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private AtomicBoolean current;

    PlaneSampling(TaskExecutor executor) {
        this.executor = executor;
    }

    /** The last finished run (null: none yet, or cleared). */
    ReadOnlyObjectProperty<Trajectory> trajectoryProperty() {
        return trajectory.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The sampler as set, for T = {@code timesteps} (steps clamped to 1..T). FX thread. */
    SamplerConfig config(int timesteps) {
        return config(kind.get(), timesteps);
    }

    /** The settings with another kind of sampler (the comparison's other side). */
    SamplerConfig config(SamplerConfig.Kind k, int timesteps) {
        int s = Math.max(1, Math.min(timesteps, steps.get()));
        return new SamplerConfig(k, s, k == SamplerConfig.Kind.DDIM ? eta.get() : 1, variance.get(), false, 1, SEED);
    }

    /** Samples a new trajectory from {@code model} in the background; it replaces the current one when done. */
    void sample(PlaneTraining.Model model) {
        sample(model, config(model.diffusion().timesteps()), particles.get());
    }

    /** Samples n particles from {@code model} with {@code cfg} in the background (the comparison's other side). */
    void sample(PlaneTraining.Model model, SamplerConfig cfg, int n) {
        run(cancelled -> record(model, cfg, n, cancelled));
    }

    /**
     * The one-shot "run": from x_T (interleaved xy) straight to the network's x̂_0 in one step, as a
     * trajectory of two states (x_T at t = T, x̂_0 at t = 0), in the background.
     */
    void oneShot(PlaneTraining.Model model, float[] xT) {
        run(cancelled -> {
            int T = model.diffusion().timesteps();
            float[] x0 = OneShot.predictStart(model.denoiser(), model.diffusion(), xT, T);
            return new Trajectory(new int[] {T, 0}, new float[][] {xT, x0}, new float[][] {x0, x0});
        });
    }

    private void run(java.util.function.Function<AtomicBoolean, Trajectory> job) {
        if (current != null) {
            current.set(true);
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        current = cancelled;
        running.set(true);
        executor.submit(() -> job.apply(cancelled)).whenComplete((tr, e) -> Platform.runLater(() -> {
            if (current != cancelled) {
                return;
            }
            running.set(false);
            if (tr != null) {
                trajectory.set(tr);
            }
        }));
    }

    /** Runs the sampler to the end and keeps every state; null if cancelled. Any thread. */
    static Trajectory record(PlaneTraining.Model model, SamplerConfig cfg, int n, AtomicBoolean cancelled) {
        Sampler s = Sampler.fromNoise(model.diffusion(), model.denoiser(), cfg, new long[] {n, 2}, null);
        List<Integer> ts = new ArrayList<>();
        List<float[]> xs = new ArrayList<>(), x0s = new ArrayList<>();
        SamplingStep last = null;
        while (s.hasNext()) {
            if (cancelled.get() || Thread.currentThread().isInterrupted()) {
                return null;
            }
            last = s.next();
            ts.add(last.t());
            xs.add(last.xtValues());
            x0s.add(last.predictedStartValues());
        }
        float[] sample = last.xValues();
        ts.add(0);
        xs.add(sample);
        x0s.add(sample);
        return new Trajectory(ts.stream().mapToInt(Integer::intValue).toArray(), xs.toArray(float[][]::new),
                x0s.toArray(float[][]::new));
    }

    /** Cancels a run and forgets the trajectory (the model changed). */
    void clear() {
        if (current != null) {
            current.set(true);
            current = null;
        }
        running.set(false);
        trajectory.set(null);
    }

    void dispose() {
        if (current != null) {
            current.set(true);
        }
    }
}
