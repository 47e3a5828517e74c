package org.ddpmexplorer.ui.plane;

import java.util.function.Supplier;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * One plot of the comparison beside the main one: a model of its own (when the comparison trains one),
 * its reverse run, its forward process, and its slow per-t values (the model's field, the exact field
 * and the marginal's density under its forward process). FX thread.
 */
final class CompareSide {
    final PlaneTraining training;
    final PlaneSampling sampling;
    final TimestepCache<float[]> modelField, exactField, density;
    final PlaneSide side;
    private final PlaneController c;
    private GaussianDiffusion diffusion;

    CompareSide(PlaneController c, TaskExecutor executor, Runnable redraw, Supplier<String> caption,
                Supplier<PlaneTraining> shown, java.util.function.IntUnaryOperator time) {
        this.c = c;
        training = new PlaneTraining(executor);
        sampling = new PlaneSampling(executor);
        modelField = new TimestepCache<>(executor, redraw);
        exactField = new TimestepCache<>(executor, redraw);
        density = new TimestepCache<>(executor, redraw);
        side = new PlaneSide(caption, shown, sampling, () -> diffusion, modelField, exactField, density, time);
    }

    GaussianDiffusion diffusion() {
        return diffusion;
    }

    /** Sets this side's forward process; the exact values follow it (a different one also drops this side's model). */
    void setDiffusion(GaussianDiffusion next, boolean trainsItsOwn) {
        boolean same = next != null && diffusion != null && next.timesteps() == diffusion.timesteps()
                && next.schedule() == diffusion.schedule();
        if (!trainsItsOwn || !same) {
            training.reset(); // another forward process: this side's model no longer fits
        }
        diffusion = next;
        PointSet p = c.data.pointsProperty().get();
        FieldMath.resetExact(density, exactField, p, next, c.fieldGrid());
    }

    /** Points the model field at the model this side shows (null: none). */
    void modelFieldReset(PlaneTraining.Model m) {
        float[] grid = c.fieldGrid();
        modelField.reset(m == null ? null : t -> FieldMath.modelNoise(m, grid, Math.max(1, t)), m == null ? 0 : m.diffusion().timesteps());
    }

    /** New data: the exact values start over. */
    void dataChanged() {
        FieldMath.resetExact(density, exactField, c.data.pointsProperty().get(), diffusion, c.fieldGrid());
    }

    void dispose() {
        training.dispose();
        sampling.dispose();
        modelField.reset(null, 0);
        exactField.reset(null, 0);
        density.reset(null, 0);
    }
}
