package org.ddpmexplorer.train;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dataset that serves another's images but fails when asked for its n-th batch, inside the training
 * step: how tests stand in for memory running out, without running it out.
 */
public final class FailingDataset implements Dataset {
    private final Dataset data;
    private final int failingBatch;
    private final Runnable failure;
    private final AtomicInteger batches = new AtomicInteger();

    /**
     * @param failingBatch the 1-based batch that fails (the steps before it complete)
     * @param failure      throws the failure (an OutOfMemoryError, a RuntimeException)
     */
    public FailingDataset(Dataset data, int failingBatch, Runnable failure) {
        this.data = data;
        this.failingBatch = failingBatch;
        this.failure = failure;
    }

    /** Batches asked for so far, the failing one included. */
    public int batches() {
        return batches.get();
    }

    @Override
    public void batch(Random rng, float[] out, int[] labels, boolean flip) {
        if (batches.incrementAndGet() == failingBatch) {
            failure.run();
        }
        data.batch(rng, out, labels, flip);
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int imageSize() {
        return data.imageSize();
    }

    @Override
    public int contentSize() {
        return data.contentSize();
    }

    @Override
    public int channels() {
        return data.channels();
    }

    @Override
    public List<String> classNames() {
        return data.classNames();
    }

    @Override
    public int label(int i) {
        return data.label(i);
    }

    @Override
    public void fill(int index, boolean flip, float[] out, int offset) {
        data.fill(index, flip, out, offset);
    }
}
