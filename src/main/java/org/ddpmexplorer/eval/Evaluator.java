package org.ddpmexplorer.eval;

import java.io.IOException;
import org.ddpmexplorer.nn.FashionClassifier;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.ClassifierTrainer;
import org.ddpmexplorer.train.FashionMnist;

/**
 * Scores images with the Fashion-MNIST classifier: classes present, mean confidence, Inception
 * Score, and FID-FMNIST against the classifier's features of the 10,000 bundled test images. The
 * reference Gaussian is computed when the evaluator is made (about 10,000 forward passes, a few
 * seconds), not cached in a file, so it always matches the classifier in use.
 */
public final class Evaluator {
    private final FashionClassifier classifier;
    private final GaussianFit reference;

    public Evaluator(FashionClassifier classifier, GaussianFit reference) {
        if (reference.dimension() != FashionClassifier.FEATURES) {
            throw new IllegalArgumentException("reference features of dimension " + reference.dimension());
        }
        this.classifier = classifier;
        this.reference = reference;
    }

    /** An evaluator with the given classifier and, as the reference, the bundled Fashion-MNIST test set. */
    public static Evaluator withTestSet(FashionClassifier classifier) throws IOException {
        ByteImageDataset test = FashionMnist.loadBundled();
        float[] pixels = ClassifierTrainer.pixels(test);
        return new Evaluator(classifier, GaussianFit.of(classifier.predict(pixels, test.size()).features()));
    }

    private static Evaluator pretrained;

    /**
     * The evaluator of the classifier shipped with the app against the bundled test set, made
     * once per process (the reference features take seconds to compute).
     */
    public static synchronized Evaluator pretrained() throws IOException {
        if (pretrained == null) {
            pretrained = withTestSet(FashionClassifier.loadPretrained());
        }
        return pretrained;
    }

    public FashionClassifier classifier() {
        return classifier;
    }

    public GaussianFit reference() {
        return reference;
    }

    /**
     * The fewest images whose features' covariance can be full-rank: one more than the classifier's
     * feature dimension. With fewer, the Fréchet distance's matrix square root is of a singular
     * matrix (with 2 images commons-math's eigen-decomposition does not even converge).
     */
    public int minFidImages() {
        return reference.dimension() + 1;
    }

    /**
     * Scores {@code n >= 1} images given as [n, 28, 28] floats in [-1, 1]. FID is NaN (not computed)
     * for fewer than {@link #minFidImages()} images.
     */
    public EvaluationReport evaluate(float[] pixels, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("no images to score");
        }
        FashionClassifier.Output out = classifier.predict(pixels, n);
        int[] counts = Metrics.classCounts(out.probs());
        double fid = Double.NaN;
        if (n >= minFidImages()) {
            try {
                fid = Metrics.frechetDistance(GaussianFit.of(out.features()), reference);
            } catch (IllegalStateException e) { // commons-math's eigen-decomposition did not converge
                fid = Double.NaN;
            }
        }
        return new EvaluationReport(n, counts, Metrics.classesPresent(counts), Metrics.meanConfidence(out.probs()),
                Metrics.inceptionScore(out.probs()), fid);
    }
}
