package org.ddpmexplorer.ui.plane;

import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.ddpmexplorer.diffusion.GaussianDiffusion;

/**
 * One side of the plot: the main settings, or the comparison's other setting. What a
 * {@link PlanePainter} draws from: the training and sampling state, the forward process, the slow
 * per-t values (null where this side has none), and how the shared slider's t maps to this side's
 * (t · T_side / T when the two T differ).
 *
 * @param caption    what this side shows ("Linear β", "DDIM η = 0")
 * @param trainingOf the training of this side's model (the comparison of samplers shares the main one)
 * @param sampling   this side's reverse run
 * @param diffusion  this side's forward process
 * @param modelField ε̂ of this side's model on the field grid
 * @param exactField the exact ε on the field grid (null: not for this side)
 * @param density    the exact marginal on the heat-map grid (null: not for this side)
 * @param time       the shared slider's t to this side's t
 */
record PlaneSide(Supplier<String> caption, Supplier<PlaneTraining> trainingOf, PlaneSampling sampling, Supplier<GaussianDiffusion> diffusion,
                 TimestepCache<float[]> modelField, TimestepCache<float[]> exactField, TimestepCache<float[]> density,
                 IntUnaryOperator time) {
    PlaneTraining training() {
        return trainingOf.get();
    }

    Trajectory trajectory() {
        return sampling.trajectoryProperty().get();
    }
}
