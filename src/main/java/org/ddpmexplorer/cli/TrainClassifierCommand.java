package org.ddpmexplorer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ddpmexplorer.nn.FashionClassifier;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.ClassifierTrainConfig;
import org.ddpmexplorer.train.ClassifierTrainer;
import org.ddpmexplorer.train.FashionMnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train-classifier}: trains the Fashion-MNIST classifier that {@code evaluate} scores
 * samples with, on the 60,000 training images, and prints its accuracy on the 10,000 test images.
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = "Train the Fashion-MNIST classifier used by 'evaluate' (prints its test accuracy).")
public final class TrainClassifierCommand implements Callable<Integer> {
    @Option(names = "--fmnist-dir", description = "folder with the Fashion-MNIST training files train-images-idx3-ubyte[.gz] "
            + "(default: Debian's /usr/share/datasets/fashion-mnist)")
    Path fmnistDir;

    @Option(names = "--out", defaultValue = "pretrained/fmnist-classifier.zip",
            description = "classifier file to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--epochs", defaultValue = "8", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "1.5e-3", description = "initial Adam learning rate, decayed linearly to 0 (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--no-flip", description = "do not flip training images left-right at random")
    boolean noFlip;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        ClassifierTrainConfig cfg;
        try {
            cfg = ClassifierTrainConfig.defaults().withEpochs(epochs).withBatch(batch).withLearningRate(lr).withSeed(seed)
                    .withFlip(!noFlip);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
        Path dir = fmnistDir != null ? fmnistDir : FashionMnist.DEBIAN_DIR;
        if (!FashionMnist.exists(dir, "train")) {
            throw new CliErrors.UserError("no Fashion-MNIST training files (train-images-idx3-ubyte[.gz]) in " + dir
                    + (fmnistDir == null ? "; give the folder with --fmnist-dir" : ""));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliErrors.UserError("--out: folder does not exist: " + parent);
        }
        ByteImageDataset train, test;
        try {
            train = FashionMnist.load(dir, "train");
            test = FashionMnist.loadBundled();
        } catch (IOException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
        PrintStream err = System.err;
        err.printf(Locale.ROOT, "training the classifier on %,d images for %d epochs (batch %d, Adam %.1e, %s)%n",
                train.size(), cfg.epochs(), cfg.batch(), cfg.learningRate(), cfg.flip() ? "random flips" : "no flips");
        FashionClassifier net = ClassifierTrainer.train(train, test, cfg, () -> Thread.currentThread().isInterrupted(),
                new ClassifierTrainer.Listener() {
                    private long lastPrint;

                    @Override
                    public void epochDone(int epoch, int total, double loss, double acc, double seconds) {
                        err.printf(Locale.ROOT, "\repoch %d/%d  train loss %.4f  test accuracy %.4f  %.0f s%n",
                                epoch, total, loss, acc, seconds);
                    }

                    @Override
                    public void batchDone(int epoch, int batch, int batches, double loss) {
                        long now = System.nanoTime();
                        if (now - lastPrint > 2_000_000_000L) { // redraw the progress line every 2 s
                            lastPrint = now;
                            err.printf(Locale.ROOT, "\repoch %d  batch %d/%d  loss %.4f   ", epoch, batch, batches, loss);
                            err.flush();
                        }
                    }
                });
        try {
            net.save(out);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + out + ": " + e.getMessage(), e);
        }
        err.println("saved " + out);
        System.out.printf(Locale.ROOT, "train-classifier test_accuracy %.4f%n", net.header().testAccuracy());
        System.out.printf(Locale.ROOT, "train-classifier epochs %d%n", net.header().epochs());
        System.out.printf(Locale.ROOT, "train-classifier seconds %.0f%n", net.header().trainSeconds());
        return 0;
    }
}
