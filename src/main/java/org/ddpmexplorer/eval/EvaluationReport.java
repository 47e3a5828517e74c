package org.ddpmexplorer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quality figures of a set of images, as {@code evaluate} prints them.
 *
 * @param images          N, the number of images scored
 * @param classCounts     how many images each class is the top-1 prediction for
 * @param classesPresent  classes that are the top-1 prediction of at least 1% of the images
 * @param meanConfidence  (1/N) Σ max_y p(y|x)
 * @param inceptionScore  exp(E_x KL(p(y|x) ‖ p(y))), over all N images
 * @param fidFmnist       Fréchet distance between the Gaussian fits of the classifier's penultimate
 *                        features of the images and of the 10,000 Fashion-MNIST test images; NaN when
 *                        not computed (too few images), printed as {@code n/a}
 */
public record EvaluationReport(int images, int[] classCounts, int classesPresent, double meanConfidence,
                               double inceptionScore, double fidFmnist) {
    public EvaluationReport {
        if (images < 1) {
            throw new IllegalArgumentException("no images");
        }
        classCounts = classCounts.clone();
    }

    @Override
    public int[] classCounts() {
        return classCounts.clone();
    }

    /** One figure per line, {@code <prefix> <name> <value>}, e.g. {@code evaluate fid_fmnist 3.2104}. */
    public List<String> lines(String prefix) {
        List<String> out = new ArrayList<>();
        out.add(prefix + " images " + images);
        out.add(prefix + " classes_present " + classesPresent);
        out.add(String.format(Locale.ROOT, "%s mean_confidence %.4f", prefix, meanConfidence));
        out.add(String.format(Locale.ROOT, "%s inception_score %.4f", prefix, inceptionScore));
        out.add(Double.isNaN(fidFmnist) ? prefix + " fid_fmnist n/a"
                : String.format(Locale.ROOT, "%s fid_fmnist %.4f", prefix, fidFmnist));
        StringBuilder counts = new StringBuilder();
        for (int c : classCounts) {
            counts.append(counts.length() == 0 ? "" : ",").append(c);
        }
        out.add(prefix + " class_counts " + counts);
        return out;
    }
}
