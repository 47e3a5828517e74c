package org.ddpmexplorer.nn;

import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adapts a {@link UNet} to the samplers: the network is fed t - 1, as improved-diffusion does; its
 * prediction and variance type are the network config's.
 */
public final class UNetDenoiser implements Denoiser {
    private final UNet net;

    public UNetDenoiser(UNet net) {
        this.net = net;
    }

    @Override
    public synchronized INDArray predict(INDArray xt, int[] t, int[] classes) {
        int[] t0 = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            t0[i] = t[i] - 1;
        }
        return net.sample(xt, t0, classes).dup();
    }

    /** ε̂: the output of a noise predictor with fixed variance; other models' outputs need the schedule to convert. */
    @Override
    public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
        if (prediction() != Prediction.EPSILON || varianceType().learned()) {
            throw new IllegalStateException("this model predicts " + prediction().id() + " with " + varianceType().id()
                    + " variance; convert its output (predict) with Parameterization");
        }
        return predict(xt, t, classes);
    }

    @Override
    public Prediction prediction() {
        return net.config().prediction();
    }

    @Override
    public VarianceType varianceType() {
        return net.config().variance();
    }

    @Override
    public int numClasses() {
        return net.config().numClasses();
    }

    public UNet net() {
        return net;
    }
}
