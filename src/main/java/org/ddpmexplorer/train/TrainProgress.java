package org.ddpmexplorer.train;

/**
 * What a training run reports after a step.
 *
 * @param step           steps done so far
 * @param totalSteps     the step the run stops at
 * @param loss           this step's mean squared error ‖ε − ε_θ(x_t, t)‖² / numel
 * @param lossEma        an exponential moving average of the loss (smoothing 0.98)
 * @param lossByBucket   mean recent loss per tenth of the timestep range (NaN where none yet)
 * @param stepsPerSecond recent speed
 * @param etaSeconds     estimated time to {@code totalSteps}
 * @param learningRate   the learning rate used for this step
 */
public record TrainProgress(long step, long totalSteps, double loss, double lossEma, double[] lossByBucket,
                            double stepsPerSecond, double etaSeconds, double learningRate) {
}
