package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionClassifierTest {
    /** Bundled test images to classify; the shipped classifier must get at least 85% of them right. */
    static final int N = 200;

    static float[] firstImages(ByteImageDataset ds, int n) {
        int per = FashionClassifier.SIDE * FashionClassifier.SIDE;
        float[] x = new float[n * per];
        for (int i = 0; i < n; i++) {
            byte[] raw = ds.raw(i);
            for (int k = 0; k < per; k++) {
                x[i * per + k] = FashionClassifier.toInput(raw[k]);
            }
        }
        return x;
    }

    @Test
    void theShippedClassifierLoadsAndClassifiesTestImagesMostlyCorrectly() throws IOException {
        FashionClassifier net = FashionClassifier.loadPretrained();
        ByteImageDataset test = FashionMnist.loadBundled();
        FashionClassifier.Output out = net.predict(firstImages(test, N), N);
        int right = 0;
        for (int i = 0; i < N; i++) {
            double sum = 0;
            for (double p : out.probs()[i]) {
                sum += p;
            }
            assertEquals(1.0, sum, 1e-4, "softmax rows sum to 1");
            assertEquals(FashionClassifier.FEATURES, out.features()[i].length);
            if (out.predicted(i) == test.label(i)) {
                right++;
            }
        }
        assertTrue(right >= 0.85 * N, right + " of " + N + " right");
        assertTrue(net.header().testAccuracy() >= 0.90, "the card's accuracy: " + net.header().testAccuracy());
    }

    @Test
    void saveAndLoadGiveTheSameOutputs(@TempDir Path dir) throws IOException {
        FashionClassifier a = FashionClassifier.create(7);
        a.setHeader(a.header().trained(3, 0.5, 12, 100));
        Path f = dir.resolve("c.zip");
        a.save(f);
        FashionClassifier b = FashionClassifier.load(f);
        assertEquals(a.header(), b.header());
        float[] x = firstImages(FashionMnist.loadBundled(), 4);
        FashionClassifier.Output oa = a.predict(x, 4), ob = b.predict(x, 4);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(oa.probs()[i], ob.probs()[i], 1e-7);
            assertArrayEquals(oa.features()[i], ob.features()[i], 1e-6);
        }
        // a different seed gives a different network: the comparison above can fail
        FashionClassifier c = FashionClassifier.create(8);
        assertTrue(Math.abs(c.predict(x, 4).probs()[0][0] - oa.probs()[0][0]) > 1e-6);
    }

    @Test
    void foreignFilesAreRefusedWithAMessage(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("x.zip");
        Files.writeString(text, "not a zip at all");
        IOException e = assertThrows(IOException.class, () -> FashionClassifier.load(text));
        assertTrue(e.getMessage().contains("not a classifier file"), e.getMessage());
    }
}
