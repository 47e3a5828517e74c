package org.ddpmexplorer.train;

import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.ddpmexplorer.nn.FashionClassifier;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Trains the {@link FashionClassifier} on 28x28 labelled images with SameDiff's automatic
 * differentiation: softmax cross-entropy, Adam with a learning rate decayed linearly to 0,
 * shuffled mini-batches, random horizontal flips; the test accuracy after every epoch.
 */
public final class ClassifierTrainer {
    /** Progress after each epoch. */
    @FunctionalInterface
    public interface Listener {
        void epochDone(int epoch, int epochs, double meanTrainLoss, double testAccuracy, double seconds);

        /** After each Adam step; {@code batch} counts from 1 within the epoch. */
        default void batchDone(int epoch, int batch, int batches, double loss) {
        }
    }

    /** The graph's logits variable (see {@link FashionClassifier#graph()}). */
    static final String LOGITS = "logits";
    /** Batches per SameDiff fit call; cancellation and progress are checked between calls. */
    static final int CHUNK_BATCHES = 16;

    private ClassifierTrainer() {
    }

    /** The images of a 28x28 dataset as network input [n, 28, 28] in [-1, 1] (without the 32x32 padding of {@code fill}). */
    public static float[] pixels(ByteImageDataset ds) {
        checkShape(ds);
        int per = FashionClassifier.SIDE * FashionClassifier.SIDE;
        float[] out = new float[ds.size() * per];
        for (int i = 0; i < ds.size(); i++) {
            byte[] raw = ds.raw(i);
            for (int k = 0; k < per; k++) {
                out[i * per + k] = FashionClassifier.toInput(raw[k]);
            }
        }
        return out;
    }

    /**
     * Trains a fresh classifier on {@code train} and measures it on {@code test}; stops early
     * (returning the network as it is) when {@code cancelled} says so.
     */
    public static FashionClassifier train(ByteImageDataset train, ByteImageDataset test, ClassifierTrainConfig cfg,
                                          BooleanSupplier cancelled, Listener listener) {
        checkShape(train);
        if (train.label(0) < 0) {
            throw new IllegalArgumentException(train.name() + " has no labels");
        }
        long t0 = System.nanoTime();
        FashionClassifier net = FashionClassifier.create(cfg.seed());
        int n = train.size(), side = FashionClassifier.SIDE, per = side * side;
        int batchesPerEpoch = (n + cfg.batch() - 1) / cfg.batch();
        int totalIters = batchesPerEpoch * cfg.epochs();
        // power 1: a linear decay of the step size from learningRate to 0 at the last step
        Adam adam = new Adam(new PolySchedule(ScheduleType.ITERATION, cfg.learningRate(), 1.0, totalIters));
        net.graph().setTrainingConfig(TrainingConfig.builder().updater(adam)
                .dataSetFeatureMapping("x").dataSetLabelMapping("label").build());
        quietGradientFunction(net);
        float[] all = pixels(train);
        float[] testPixels = pixels(test);
        Random rng = new Random(cfg.seed() ^ 0x5DEECE66DL); // a stream apart from the weights' initialisation
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        LastLoss lossListener = new LastLoss();
        double accuracy = Double.NaN;
        int epoch = 0;
        while (epoch < cfg.epochs() && !cancelled.getAsBoolean()) {
            long e0 = System.nanoTime();
            shuffle(order, rng);
            lossListener.reset();
            int chunkImages = CHUNK_BATCHES * cfg.batch();
            for (int start = 0; start < n && !cancelled.getAsBoolean(); start += chunkImages) {
                int m = Math.min(chunkImages, n - start);
                float[] x = new float[m * per];
                float[] y = new float[m * FashionClassifier.CLASSES];
                for (int s = 0; s < m; s++) {
                    int i = order[start + s];
                    boolean flip = cfg.flip() && rng.nextBoolean();
                    for (int r = 0; r < side; r++) {
                        for (int c = 0; c < side; c++) {
                            x[s * per + r * side + c] = all[i * per + r * side + (flip ? side - 1 - c : c)];
                        }
                    }
                    y[s * FashionClassifier.CLASSES + train.label(i)] = 1f;
                }
                INDArray xa = Nd4j.create(x, new long[] {m, 1, side, side}, 'c'); // [m,1,28,28]
                INDArray ya = Nd4j.create(y, new long[] {m, FashionClassifier.CLASSES}, 'c'); // [m,10] one-hot
                // one fit call per chunk: SameDiff's set-up per call costs about as much as a step
                net.graph().fit(new ViewIterator(new DataSet(xa, ya), cfg.batch()), 1, lossListener);
                if (listener != null) {
                    listener.batchDone(epoch + 1, lossListener.count, batchesPerEpoch, lossListener.last);
                }
            }
            epoch++;
            accuracy = accuracy(net, testPixels, test);
            if (listener != null) {
                listener.epochDone(epoch, cfg.epochs(), lossListener.sum / Math.max(1, lossListener.count), accuracy,
                        (System.nanoTime() - e0) / 1e9);
            }
        }
        net.setHeader(net.header().trained(epoch, accuracy, (System.nanoTime() - t0) / 1e9, n));
        return net;
    }

    /**
     * Builds the backward graph now, with System.out muted: SameDiff 1.0.0-M2.1 prints one
     * "Added differentiated op" line per op to stdout, which would mix with a command's figures.
     */
    private static void quietGradientFunction(FashionClassifier net) {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            net.graph().createGradFunction();
        } finally {
            System.setOut(out);
        }
    }

    /** Top-1 accuracy: the fraction of images whose argmax_y p(y|x) is their label. */
    public static double accuracy(FashionClassifier net, float[] pixels, ByteImageDataset labels) {
        FashionClassifier.Output out = net.predict(pixels, labels.size());
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            if (out.predicted(i) == labels.label(i)) {
                right++;
            }
        }
        return right / (double) labels.size();
    }

    /**
     * Keeps the loss of the last step. SameDiff 1.0.0-M2.1 does not run the forward loss op during
     * training (its gradient starts from the logits) and hands listeners a zero {@code Loss}, so
     * the mean cross-entropy (1/B) Σ_b (log Σ_c exp z_bc − z_b,y_b) is computed here from the
     * logits z as they are produced and the batch's one-hot labels.
     */
    private static final class LastLoss extends BaseListener {
        double last = Double.NaN, sum;
        int count;

        void reset() {
            last = Double.NaN;
            sum = 0;
            count = 0;
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                                INDArray[] outputs) {
            List<String> names = op.getOutputsOfOp();
            for (int i = 0; i < names.size() && i < outputs.length; i++) {
                if (LOGITS.equals(names.get(i))) {
                    last = crossEntropy(outputs[i].castTo(DataType.DOUBLE).toDoubleMatrix(),
                            batch.getLabels(0).castTo(DataType.DOUBLE).toDoubleMatrix());
                    sum += last;
                    count++;
                }
            }
        }
    }

    /** Mean softmax cross-entropy (1/B) Σ_b (log Σ_c exp z_bc − Σ_c y_bc z_bc), with the max subtracted for stability. */
    static double crossEntropy(double[][] logits, double[][] oneHot) {
        double sum = 0;
        for (int b = 0; b < logits.length; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits[b]) {
                max = Math.max(max, z);
            }
            double se = 0, target = 0;
            for (int c = 0; c < logits[b].length; c++) {
                se += Math.exp(logits[b][c] - max);
                target += oneHot[b][c] * logits[b][c];
            }
            sum += max + Math.log(se) - target;
        }
        return sum / logits.length;
    }

    private static void checkShape(ByteImageDataset ds) {
        if (ds.contentSize() != FashionClassifier.SIDE || ds.channels() != 1) {
            throw new IllegalArgumentException(ds.name() + ": the classifier needs 28x28 grayscale images, not "
                    + ds.contentSize() + "x" + ds.contentSize() + "x" + ds.channels());
        }
    }

    /** Fisher-Yates. */
    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
