package org.ddpmexplorer.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SamplingWarmupTest {
    private static final GaussianDiffusion DIFFUSION = new GaussianDiffusion(BetaSchedule.LINEAR, 1000);
    private static final long[] SHAPE = {4, 8, 8, 1};

    /** A noise predictor returning zeros that records the batch size and timestep of every call. */
    private static Denoiser recording(List<long[]> calls, int classes) {
        return new Denoiser() {
            @Override
            public org.nd4j.linalg.api.ndarray.INDArray predictNoise(org.nd4j.linalg.api.ndarray.INDArray xt, int[] t, int[] c) {
                calls.add(new long[] {xt.size(0), t[0]});
                return Nd4j.zerosLike(xt);
            }

            @Override
            public int numClasses() {
                return classes;
            }
        };
    }

    @Test
    void runsTheStepsAtTheGivenBatchOverTheWholeChain() {
        List<long[]> calls = new ArrayList<>();
        int n = SamplingWarmup.run(DIFFUSION, recording(calls, 0), SHAPE, null, 1, SamplingWarmup.DEFAULT_STEPS, () -> false);
        assertEquals(SamplingWarmup.DEFAULT_STEPS, n);
        assertEquals(SamplingWarmup.DEFAULT_STEPS, calls.size());
        for (long[] c : calls) {
            assertEquals(4, c[0], "the batch of the runs to come");
        }
        assertEquals(1000, calls.get(0)[1], "from t = T");
        assertEquals(1, calls.get(calls.size() - 1)[1], "to t = 1");
    }

    @Test
    void guidanceDoublesTheNetworksBatchAsARunsDoes() {
        List<long[]> calls = new ArrayList<>();
        SamplingWarmup.run(DIFFUSION, recording(calls, 3), SHAPE, new int[] {0, 1, 2, 0}, 3, 2, () -> false);
        assertEquals(2, calls.size());
        assertEquals(8, calls.get(0)[0], "conditional and unconditional halves");
    }

    @Test
    void aCancelDuringAStepLetsItFinishAndRunsNoOther() {
        List<long[]> calls = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        Denoiser inner = recording(calls, 0);
        Denoiser cancelDuringSecond = (xt, t, c) -> {
            if (calls.size() == 1) {
                cancelled.set(true); // a press of Generate while the second step runs
            }
            return inner.predictNoise(xt, t, c);
        };
        assertEquals(2, SamplingWarmup.run(DIFFUSION, cancelDuringSecond, SHAPE, null, 1, 6, cancelled::get));
        assertEquals(2, calls.size());
        assertEquals(0, SamplingWarmup.run(DIFFUSION, inner, SHAPE, null, 1, 6, () -> true));
        assertEquals(2, calls.size(), "nothing runs when cancelled before the start");
    }

    @Test
    void stopsWhenItsThreadIsInterrupted() {
        List<long[]> calls = new ArrayList<>();
        Thread.currentThread().interrupt();
        try {
            assertEquals(0, SamplingWarmup.run(DIFFUSION, recording(calls, 0), SHAPE, null, 1, 6, () -> false));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void refusesNoSteps() {
        assertThrows(IllegalArgumentException.class,
                () -> SamplingWarmup.run(DIFFUSION, recording(new ArrayList<>(), 0), SHAPE, null, 1, 0, () -> false));
    }
}
