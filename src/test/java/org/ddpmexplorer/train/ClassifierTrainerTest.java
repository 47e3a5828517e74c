package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ddpmexplorer.nn.FashionClassifier;
import org.junit.jupiter.api.Test;

class ClassifierTrainerTest {

    static ByteImageDataset slice(ByteImageDataset ds, int from, int n) {
        int per = 28 * 28;
        byte[] px = new byte[n * per];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ds.raw(from + i), 0, px, i * per, per);
            labels[i] = ds.label(from + i);
        }
        return new ByteImageDataset("slice", px, labels, n, 28, 1, 32, ds.classNames());
    }

    @Test
    void aShortRunLearnsFarBeyondChance() throws IOException {
        ByteImageDataset all = FashionMnist.loadBundled();
        ByteImageDataset train = slice(all, 0, 3000), held = slice(all, 5000, 1000);
        List<double[]> epochs = new ArrayList<>();
        FashionClassifier net = ClassifierTrainer.train(train, held, new ClassifierTrainConfig(1, 64, 2e-3, true, 0),
                () -> false, (e, total, loss, acc, s) -> epochs.add(new double[] {loss, acc}));
        assertEquals(1, epochs.size());
        double loss = epochs.get(0)[0], acc = epochs.get(0)[1];
        assertTrue(Double.isFinite(loss) && loss < Math.log(10), "mean training loss " + loss + " (chance: ln 10)");
        assertTrue(acc > 0.6, "accuracy on held-out images after 47 steps: " + acc);
        assertEquals(acc, net.header().testAccuracy(), 1e-12);
        assertEquals(1, net.header().epochs());
    }

    @Test
    void cancellingStopsBeforeTheFirstStep() throws IOException {
        ByteImageDataset all = FashionMnist.loadBundled();
        FashionClassifier net = ClassifierTrainer.train(slice(all, 0, 100), slice(all, 100, 50),
                ClassifierTrainConfig.defaults(), () -> true, null);
        assertEquals(0, net.header().epochs());
    }

    @Test
    void crossEntropyIsLogSumExpMinusTheTargetLogit() {
        double[][] z = {{0, 0}, {2, 0}};
        double[][] y = {{1, 0}, {0, 1}};
        // ln 2 for the uniform row; ln(e² + 1) − 0 for the second
        assertEquals((Math.log(2) + Math.log(Math.exp(2) + 1)) / 2, ClassifierTrainer.crossEntropy(z, y), 1e-12);
    }

    @Test
    void configsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassifierTrainConfig.defaults().withEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> ClassifierTrainConfig.defaults().withLearningRate(-1));
        assertThrows(IllegalArgumentException.class, () -> ClassifierTrainConfig.defaults().withBatch(0));
    }
}
