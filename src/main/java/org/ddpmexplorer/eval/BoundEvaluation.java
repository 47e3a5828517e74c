package org.ddpmexplorer.eval;

import java.util.Random;
import java.util.function.BooleanSupplier;
import org.ddpmexplorer.diffusion.ClassLabels;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Likelihood;
import org.ddpmexplorer.train.Dataset;

/**
 * The variational bound of a model on images of a data set, in bits per dimension (Ho et al. 2020
 * table 2; improved-diffusion's image_nll.py): for each image the full bound over all T terms plus the
 * prior, with the 8-bit decoder, in batches. A class-conditional model is scored unconditionally
 * (its "no class" label), so that the figure bounds −log p(x).
 */
public final class BoundEvaluation {
    /** Progress: images done so far, the terms of the current batch done, and T. */
    public interface Progress {
        void report(int imagesDone, int batchFrom, int batchTo, int termsDone, int timesteps);
    }

    /**
     * The mean bound over the data set's first {@code count} images, with mean ± spread and the prior's
     * and the decoder's shares.
     *
     * @param totalBitsPerDim   mean over images of the whole bound
     * @param stdError          standard error of that mean over the images
     * @param priorBitsPerDim   mean of L_T
     * @param decoderBitsPerDim mean of L_0 = −log p(x_0 | x_1)
     * @param images            number of images
     * @param dims              values per image (H·W·C of the model's input)
     */
    public record Result(double totalBitsPerDim, double stdError, double priorBitsPerDim, double decoderBitsPerDim,
                         int images, int dims) {
    }

    private BoundEvaluation() {
    }

    /**
     * @param clip      clip x̂_0 to [-1, 1] in each step's mean (image_nll.py's default)
     * @param cancelled checked before every network call
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public static Result evaluate(Denoiser model, GaussianDiffusion diffusion, Dataset data, int count, int batch,
                                  long seed, boolean clip, BooleanSupplier cancelled, Progress progress) {
        if (count < 1 || count > data.size()) {
            throw new IllegalArgumentException("the number of images must be in 1.." + data.size() + ", got " + count);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("the batch must hold at least one image");
        }
        int side = data.imageSize(), ch = data.channels(), per = side * side * ch;
        Likelihood lik = new Likelihood(diffusion);
        Random rng = new Random(seed);
        double sum = 0, sumSq = 0, prior = 0, decoder = 0;
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from), f = from;
            float[] x0 = new float[n * per];
            for (int i = 0; i < n; i++) {
                data.fill(from + i, false, x0, i * per);
            }
            int[] classes = model.numClasses() > 0 ? ClassLabels.all(ClassLabels.NONE, n) : null;
            Likelihood.Bound b = lik.calcBpdLoop(model, x0, new long[] {n, side, side, ch}, classes, rng, clip, true,
                    cancelled, k -> progress.report(f, f, f + n, k, diffusion.timesteps()));
            for (int i = 0; i < n; i++) {
                double bpd = Likelihood.bitsPerDim(b.totalNats()[i], per);
                sum += bpd;
                sumSq += bpd * bpd;
                prior += Likelihood.bitsPerDim(b.priorNats()[i], per);
                decoder += Likelihood.bitsPerDim(b.termNats()[i][1], per);
            }
        }
        double mean = sum / count;
        double var = count > 1 ? Math.max(0, (sumSq - count * mean * mean) / (count - 1)) : Double.NaN;
        return new Result(mean, Math.sqrt(var / count), prior / count, decoder / count, count, per);
    }
}
