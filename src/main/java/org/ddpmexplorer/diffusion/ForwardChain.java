package org.ddpmexplorer.diffusion;

import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The iterative forward process x_0 → x_1 → … → x_t, one q(x_t | x_{t-1}) step at a time
 * (Ho et al. eq. 2), as opposed to the closed form of eq. 4. The noise of step t comes from
 * {@code new Random(stepSeed(seed, t))}, so x_t depends only on (x_0, seed, schedule, t), not on
 * the path the user scrubbed along. States at every {@link #checkpointEvery()}-th step are kept,
 * so scrubbing backwards replays at most that many steps. Not thread-safe: one owner thread.
 */
public final class ForwardChain {
    /** At most this many checkpoints (of one image each) are kept, to bound memory. */
    static final int MAX_CHECKPOINTS = 16;

    private final GaussianDiffusion diffusion;
    private final long seed;
    private final int checkpointEvery;
    private final TreeMap<Integer, float[]> checkpoints = new TreeMap<>();
    private final Random rng = new Random();
    private float[] current;
    private int currentT;

    public ForwardChain(GaussianDiffusion diffusion, float[] x0, long seed) {
        this.diffusion = diffusion;
        this.seed = seed;
        this.checkpointEvery = Math.max(1, (diffusion.timesteps() + MAX_CHECKPOINTS - 1) / MAX_CHECKPOINTS);
        checkpoints.put(0, x0.clone());
        current = x0.clone();
        currentT = 0;
    }

    /** The seed of step t's noise: the chain's seed and t, scrambled (see {@link ForwardNoise#mix}). */
    static long stepSeed(long seed, int t) {
        return ForwardNoise.mix(ForwardNoise.mix(seed) + t);
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** The t of the current state. */
    public int t() {
        return currentT;
    }

    /** The step that {@link #advanceTo} would start from to reach t: the current one, or a checkpoint before t. */
    public int startFor(int t) {
        return t >= currentT ? currentT : checkpoints.floorKey(Math.max(0, t));
    }

    /**
     * Runs the chain to step t (forwards from the current state, or from the nearest checkpoint
     * before t) and returns a copy of x_t, or null if {@code cancelled} turned true on the way.
     */
    public float[] advanceTo(int t, BooleanSupplier cancelled) {
        if (t < 0 || t > diffusion.timesteps()) {
            throw new IllegalArgumentException("t must be in 0.." + diffusion.timesteps() + ", got " + t);
        }
        if (t < currentT) {
            var start = checkpoints.floorEntry(t);
            current = start.getValue().clone();
            currentT = start.getKey();
        }
        while (currentT < t) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            currentT++;
            rng.setSeed(stepSeed(seed, currentT));
            ForwardNoise.step(diffusion, current, currentT, rng);
            if (currentT % checkpointEvery == 0) {
                checkpoints.putIfAbsent(currentT, current.clone());
            }
        }
        return current.clone();
    }
}
