package org.ddpmexplorer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.ddpmexplorer.eval.EvaluationReport;
import org.ddpmexplorer.eval.Evaluator;
import org.ddpmexplorer.eval.Metrics;
import org.ddpmexplorer.io.GrayImages;
import org.ddpmexplorer.nn.FashionClassifier;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.FashionMnist;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: scores a folder of generated Fashion-MNIST-like PNGs (or N real training
 * images, the floor) with the Fashion-MNIST classifier and prints one figure per line on stdout:
 * <pre>
 * evaluate images 500
 * evaluate classes_present 10
 * evaluate mean_confidence 0.9312
 * evaluate inception_score 8.1034
 * evaluate fid_fmnist 3.2104
 * evaluate class_counts 52,49,...
 * </pre>
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score generated Fashion-MNIST-like images with the Fashion-MNIST classifier.",
                "Prints, one per line: images, classes_present (classes that are the classifier's top choice for at "
                        + "least 1%% of the images), mean_confidence (mean max-softmax), inception_score "
                        + "(exp E_x KL(p(y|x) || p(y)), one split), fid_fmnist (Frechet distance between Gaussian fits of "
                        + "the classifier's 128 penultimate features of the images and of the 10,000 test images), "
                        + "class_counts (top-1 predictions per class, in Fashion-MNIST's label order)."})
public final class EvaluateCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--samples", paramLabel = "DIR",
                description = "folder of .png images (any size: centre-cropped, resized to 28x28, made gray)")
        Path samples;

        @Option(names = "--real", paramLabel = "N",
                description = "score N random Fashion-MNIST training images instead: the floor real data reaches")
        Integer real;

        @Option(names = "--nll", description = "instead: the model's negative log-likelihood bound on the first "
                + "--count Fashion-MNIST test images, printed as 'bits_per_dim X' (the full variational bound over "
                + "all T terms plus the prior, with the 8-bit discretised decoder)")
        boolean nll;
    }

    @Option(names = "--model", defaultValue = "pretrained", description = "with --nll: a model file, or 'pretrained' "
            + "(default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--count", defaultValue = "16", description = "with --nll: number of test images (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "16", description = "with --nll: images per network call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--variance", description = "with --nll, for a model with fixed variance: score it with fixed-small "
            + "(β̃_t) or fixed-large (β_t) steps (default: the one its file names)")
    String variance;

    @Option(names = "--fmnist-dir", description = "with --real: folder with the training files train-images-idx3-ubyte[.gz] "
            + "(default: Debian's /usr/share/datasets/fashion-mnist); with --nll: folder with the test files "
            + "t10k-images-idx3-ubyte[.gz] (default: the bundled ones)")
    Path fmnistDir;

    @Option(names = "--seed", defaultValue = "0", description = "with --real: seed of the random choice of images; "
            + "with --nll: seed of the noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--classifier", paramLabel = "FILE",
            description = "a classifier file from train-classifier (default: the one shipped in the app)")
    Path classifierFile;

    @Override
    public Integer call() {
        if (source.nll) {
            return NllEvaluation.run(model, count, batch, seed, fmnistDir, variance);
        }
        PrintStream err = System.err;
        float[] pixels;
        int n;
        String what;
        if (source.samples != null) {
            GrayImages.Folder folder;
            try {
                folder = GrayImages.readPngFolder(source.samples, FashionClassifier.SIDE);
            } catch (IOException e) {
                throw new CliErrors.UserError(CliErrors.describe(e), e);
            }
            pixels = folder.pixels();
            n = folder.count();
            what = n + " images from " + source.samples;
        } else {
            n = source.real;
            ByteImageDataset train = loadTrain();
            if (n < 1 || n > train.size()) {
                throw new CliErrors.UserError("--real: N must be in 1.." + train.size() + ", not " + n);
            }
            pixels = sample(train, n, new Random(seed));
            what = n + " random Fashion-MNIST training images (seed " + seed + ")";
        }
        if (n < 1) {
            throw new CliErrors.UserError("--samples " + source.samples + ": no images to score");
        }
        Evaluator evaluator;
        try {
            evaluator = classifierFile != null ? Evaluator.withTestSet(FashionClassifier.load(classifierFile))
                    : Evaluator.pretrained();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliErrors.UserError(classifierFile + ": no such file", e);
        } catch (IOException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
        err.printf(Locale.ROOT, "scored %s with the Fashion-MNIST classifier (test accuracy %.4f) against the 10,000 test images%n",
                what, evaluator.classifier().header().testAccuracy());
        EvaluationReport report = evaluator.evaluate(pixels, n);
        if (Double.isNaN(report.fidFmnist())) {
            err.printf(Locale.ROOT, "fid_fmnist is not computed: FID needs at least %d images (a full covariance of the "
                    + "classifier's %d features), and %d were given; the other figures are%n",
                    evaluator.minFidImages(), evaluator.minFidImages() - 1, n);
        }
        for (String line : report.lines("evaluate")) {
            System.out.println(line);
        }
        System.out.flush();
        err.printf(Locale.ROOT, "(a class is present when it is the top-1 prediction of at least %.0f%% of the images; "
                + "class_counts follow %s)%n", 100 * Metrics.PRESENCE_FRACTION, String.join(", ", FashionMnist.CLASSES));
        return 0;
    }

    private ByteImageDataset loadTrain() {
        Path dir = fmnistDir != null ? fmnistDir : FashionMnist.DEBIAN_DIR;
        if (!FashionMnist.exists(dir, "train")) {
            throw new CliErrors.UserError("--real needs the Fashion-MNIST training files (train-images-idx3-ubyte[.gz]), "
                    + "not found in " + dir + (fmnistDir == null ? "; give their folder with --fmnist-dir" : ""));
        }
        try {
            return FashionMnist.load(dir, "train");
        } catch (IOException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
    }

    /** n distinct images chosen uniformly at random (a partial Fisher-Yates shuffle), as [n, 28, 28] in [-1, 1]. */
    static float[] sample(ByteImageDataset ds, int n, Random rng) {
        int per = FashionClassifier.SIDE * FashionClassifier.SIDE;
        int[] idx = new int[ds.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        float[] out = new float[n * per];
        for (int s = 0; s < n; s++) {
            int j = s + rng.nextInt(idx.length - s);
            int t = idx[s];
            idx[s] = idx[j];
            idx[j] = t;
            byte[] raw = ds.raw(idx[s]);
            for (int k = 0; k < per; k++) {
                out[s * per + k] = FashionClassifier.toInput(raw[k]);
            }
        }
        return out;
    }
}
