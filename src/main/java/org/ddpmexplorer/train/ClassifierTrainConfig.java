package org.ddpmexplorer.train;

/**
 * Hyper-parameters of the Fashion-MNIST classifier's training run (see {@link ClassifierTrainer}).
 *
 * @param epochs       passes over the training set
 * @param batch        images per Adam step
 * @param learningRate Adam's initial step size, decayed linearly to 0 over the run
 * @param flip         random horizontal flips of the training images (clothes are left-right symmetric)
 * @param seed         seeds the initial weights, the shuffling and the flips
 */
public record ClassifierTrainConfig(int epochs, int batch, double learningRate, boolean flip, long seed) {
    public ClassifierTrainConfig {
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("epochs must be in 1..1000, not " + epochs);
        }
        if (batch < 1 || batch > 4096) {
            throw new IllegalArgumentException("batch must be in 1..4096, not " + batch);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1), not " + learningRate);
        }
    }

    /** The shipped classifier's settings: 8 epochs of batch 128, Adam from 1.5e-3 (a little above Kingma and Ba's 1e-3, as it decays to 0), with flips. */
    public static ClassifierTrainConfig defaults() {
        return new ClassifierTrainConfig(8, 128, 1.5e-3, true, 0);
    }

    public ClassifierTrainConfig withEpochs(int e) {
        return new ClassifierTrainConfig(e, batch, learningRate, flip, seed);
    }

    public ClassifierTrainConfig withBatch(int b) {
        return new ClassifierTrainConfig(epochs, b, learningRate, flip, seed);
    }

    public ClassifierTrainConfig withLearningRate(double lr) {
        return new ClassifierTrainConfig(epochs, batch, lr, flip, seed);
    }

    public ClassifierTrainConfig withFlip(boolean f) {
        return new ClassifierTrainConfig(epochs, batch, learningRate, f, seed);
    }

    public ClassifierTrainConfig withSeed(long s) {
        return new ClassifierTrainConfig(epochs, batch, learningRate, flip, s);
    }
}
