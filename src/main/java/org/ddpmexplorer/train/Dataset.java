package org.ddpmexplorer.train;

import java.util.List;
import java.util.Random;

/**
 * Training images held in memory as 8-bit pixels, served as NHWC float batches in [-1, 1] at the
 * model's size.
 */
public interface Dataset {
    /** A short name for checkpoints and the UI ("fashion-mnist", a folder name). */
    String name();

    int size();

    /** Side of the square images the model sees (after padding or cropping). */
    int imageSize();

    /** Side of the original images before padding (28 for Fashion-MNIST); samples are cropped back to it. */
    int contentSize();

    /** 1 (grayscale) or 3 (RGB). */
    int channels();

    /** Class names, or an empty list for unlabelled data. */
    List<String> classNames();

    /** The label of image i, or -1 when unlabelled. */
    int label(int i);

    /**
     * Writes image {@code index} into {@code out} at {@code offset} as NHWC floats in [-1, 1],
     * flipped horizontally when {@code flip} is set.
     */
    void fill(int index, boolean flip, float[] out, int offset);

    /**
     * Fills a batch of random images and their labels, each flipped horizontally with probability 1/2 when
     * {@code flip} is set (the coin is drawn either way, so both settings see the same images).
     */
    default void batch(Random rng, float[] out, int[] labels, boolean flip) {
        int n = labels.length, per = imageSize() * imageSize() * channels();
        for (int s = 0; s < n; s++) {
            int i = rng.nextInt(size());
            boolean coin = rng.nextBoolean();
            fill(i, flip && coin, out, s * per);
            labels[s] = label(i);
        }
    }
}
