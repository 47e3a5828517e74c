package org.ddpmexplorer.ui.generate;

/**
 * The standard deviation of x_t for the steps sampled so far, for the trajectory chart while a run
 * goes on: {@code std[i]} is that of the input of step i + 1.
 *
 * @param steps the run's number of steps
 * @param std   one value per step taken so far (at most {@code steps})
 */
public record LiveStd(int steps, double[] std) {
}
