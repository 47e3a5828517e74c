package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.Deallocatable;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hot paths make no native arrays once warmed up: each one costs a native allocation plus
 * bookkeeping objects (a deallocator, its reference, a map entry) that live until a collection
 * finds the array dead, and copying those makes young-GC pauses that drop frames while the Train
 * tab trains (docs/benchmarks.md, section 'Native arrays and garbage'). Every native ND4J buffer
 * registers with {@link DeallocatorService#pickObject}, so the test counts those calls.
 */
class NativeAllocationTest {
    private static final AtomicInteger PICKED = new AtomicInteger();
    private DeallocatorService original;

    /** Counts registrations, then registers as usual. */
    private static final class Counting extends DeallocatorService {
        @Override
        public void pickObject(Deallocatable d) {
            PICKED.incrementAndGet();
            super.pickObject(d);
        }
    }

    private static Field serviceField() throws ReflectiveOperationException {
        Field f = Nd4j.class.getDeclaredField("deallocatorService");
        f.setAccessible(true);
        return f;
    }

    @BeforeEach
    void countRegistrations() throws ReflectiveOperationException {
        original = Nd4j.getDeallocatorService();
        serviceField().set(null, new Counting());
    }

    @AfterEach
    void restore() throws ReflectiveOperationException {
        serviceField().set(null, original);
    }

    @Test
    void aTrainingStepMakesNoNativeArrays() {
        trainingStepsMakeNoNativeArrays(0); // as the machine's cores make it
        trainingStepsMakeNoNativeArrays(2); // the batch split in two shares on two threads, whatever the cores
        trainingStepsMakeNoNativeArrays(1); // the whole batch on one thread
    }

    private void trainingStepsMakeNoNativeArrays(int shares) {
        Trainer tr = new Trainer(TrainerTest.TINY, TrainerTest.DIFF, TinyData.squares(8, 16),
                TrainConfig.defaults(100).withBatch(4));
        tr.model().setTrainingShares(shares);
        for (int i = 0; i < 3; i++) {
            tr.trainStep(); // first steps allocate the per-shape buffers
        }
        PICKED.set(0);
        for (int i = 0; i < 5; i++) {
            tr.trainStep();
        }
        assertEquals(0, PICKED.get(), "native arrays made by 5 warmed-up training steps, shares: " + shares);
    }

    @Test
    void aSamplingStepMakesFewNativeArrays() {
        Trainer tr = new Trainer(TrainerTest.TINY, TrainerTest.DIFF, TinyData.squares(8, 16),
                TrainConfig.defaults(100).withBatch(4));
        for (SamplerConfig cfg : new SamplerConfig[] {SamplerConfig.ddim(10, 1, 3), SamplerConfig.ddim(10, 0, 3).withGuidance(2)}) {
            Sampler s = Sampler.fromNoise(tr.diffusion(), new UNetDenoiser(tr.ema()), cfg, new long[] {4, 16, 16, 1},
                    new int[] {0, 1, 2, 3});
            s.next(); // first step allocates the network's per-shape buffers
            PICKED.set(0);
            int steps = 0;
            while (s.hasNext()) {
                s.next();
                steps++;
            }
            // kept per step: ε̂ (the denoiser's copy), x̂_0 and x_{t-1}, each a data and a shape buffer, plus a few
            // views and op contexts around the new input x_t (and the guided batch); the chain of ND4J ops that
            // computed the update before made about 75 per step here
            assertTrue(PICKED.get() <= 16 * steps, PICKED.get() + " native buffers in " + steps + " sampling steps");
        }
    }
}
