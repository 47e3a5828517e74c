package org.ddpmexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import org.ddpmexplorer.nn.FashionClassifier;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.FashionMnist;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    /** Images per set: as many as {@code evaluate --real 500}. */
    static final int N = 500;

    @Test
    void realImagesScoreFarBetterThanGaussianNoise() throws IOException {
        Evaluator ev = Evaluator.pretrained();
        ByteImageDataset test = FashionMnist.loadBundled();
        int per = FashionClassifier.SIDE * FashionClassifier.SIDE;
        float[] real = new float[N * per];
        for (int i = 0; i < N; i++) {
            byte[] raw = test.raw(i);
            for (int k = 0; k < per; k++) {
                real[i * per + k] = FashionClassifier.toInput(raw[k]);
            }
        }
        float[] noise = new float[N * per];
        Random rng = new Random(0);
        for (int k = 0; k < noise.length; k++) {
            noise[k] = (float) Math.max(-1, Math.min(1, rng.nextGaussian())); // x_T of a sampler, clipped to the image range
        }
        EvaluationReport r = ev.evaluate(real, N), z = ev.evaluate(noise, N);
        assertEquals(N, r.images());
        assertEquals(10, r.classesPresent(), "all classes in 500 real images");
        assertTrue(r.fidFmnist() * 20 < z.fidFmnist(), "FID real " + r.fidFmnist() + " vs noise " + z.fidFmnist());
        assertTrue(r.inceptionScore() > 6, "IS of real images " + r.inceptionScore());
        assertTrue(r.inceptionScore() > 2 * z.inceptionScore(), "IS real " + r.inceptionScore() + " vs noise " + z.inceptionScore());
        assertTrue(r.meanConfidence() > 0.8, "confidence on real images " + r.meanConfidence());
    }
}
