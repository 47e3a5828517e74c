package org.ddpmexplorer.ui.generate;

import java.util.List;

/**
 * A finished (or cancelled) sampling run, kept for scrubbing: frames of x_t, x̂_0 and ε̂ as flat
 * NHWC floats. Frame k is the input of a step; the last frame is the final sample. When all steps
 * would not fit {@link SamplingRun#TRAJECTORY_BUDGET_BYTES}, only every {@code stride}-th
 * step is kept (and always the last).
 *
 * @param frames   in sampling order, from x_T (or the noised image) to the sample
 * @param n        samples
 * @param height   model image side
 * @param width    model image side
 * @param channels 1 or 3
 * @param content  side shown (28 for Fashion-MNIST inside 32x32)
 * @param stride   steps per kept frame
 * @param complete false when the run was cancelled
 */
public record Trajectory(List<Frame> frames, int n, int height, int width, int channels, int content, int stride,
                         boolean complete) {
    /**
     * @param info   the step's numbers
     * @param xt     x_t
     * @param x0     x̂_0
     * @param eps    ε̂ (null for the final frame)
     * @param std    standard deviation of x_t over all its values
     * @param dist   RMS distance between x̂_0 and the final sample (NaN until the run ended)
     */
    public record Frame(StepInfo info, float[] xt, float[] x0, float[] eps, double std, double dist) {
    }

    public int size() {
        return frames.size();
    }

    public Frame get(int i) {
        return frames.get(i);
    }
}
