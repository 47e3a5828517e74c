package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The quick-run preset, the EMA's ramp and the wall-clock budget. */
class TrainPresetTest {
    @Test
    void theEmaDecayRampsFromOneTenthAsOnePlusSOverTenPlusSUpToItsCap() {
        assertEquals(0.1, Trainer.emaDecayAt(0.999, 0), 1e-15, "step 0: the average is mostly the new weights");
        assertEquals(2.0 / 11, Trainer.emaDecayAt(0.999, 1), 1e-15);
        assertEquals(101.0 / 110, Trainer.emaDecayAt(0.999, 100), 1e-15);
        assertEquals(991.0 / 1000, Trainer.emaDecayAt(0.999, 990), 1e-15);
        assertEquals(0.999, Trainer.emaDecayAt(0.999, 8990), 1e-12, "(1 + s)/(10 + s) reaches 0.999 at s = 8,990");
        assertEquals(0.999, Trainer.emaDecayAt(0.999, 1_000_000), 0, "capped");
        assertEquals(0.5, Trainer.emaDecayAt(0.5, 100), 0, "a lower cap holds from where the ramp passes it");
        assertEquals(0.0, Trainer.emaDecayAt(0.0, 5), 0, "decay 0: the EMA is the weights");
        for (long s = 0; s < 20_000; s++) {
            assertTrue(Trainer.emaDecayAt(0.9999, s + 1) > Trainer.emaDecayAt(0.9999, s), "rises at step " + s);
        }
    }

    @Test
    void aBudgetExpiresWhenItsMinutesHavePassedOnItsClock() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        TimeBudget b = new TimeBudget(0.5, now::get);
        assertFalse(b.expired());
        assertEquals(0, b.fraction());
        assertEquals(30, b.remainingSeconds(), 1e-9);
        now.addAndGet(15_000_000_000L);
        assertEquals(0.5, b.fraction(), 1e-12);
        assertEquals(15, b.elapsedSeconds(), 1e-9);
        assertFalse(b.expired());
        now.addAndGet(15_000_000_000L);
        assertTrue(b.expired());
        assertEquals(1, b.fraction());
        assertEquals(0, b.remainingSeconds());
        now.addAndGet(60_000_000_000L);
        assertEquals(1, b.fraction(), "never above 1");
        assertThrows(IllegalArgumentException.class, () -> new TimeBudget(0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TimeBudget(Double.NaN, now::get));
    }

    @Test
    void theQuickPresetIsATenMinuteClassConditionalRunWithoutFlips() {
        TrainPreset q = TrainPreset.byName(" Quick ");
        assertEquals(TrainPreset.QUICK, q);
        assertEquals(10, q.minutes());
        assertTrue(q.classes());
        assertFalse(q.flip(), "Fashion-MNIST's shoes all point left");
        assertEquals(org.ddpmexplorer.diffusion.Prediction.START_X, q.prediction(), "x_0: the best short-run samples measured");
        assertEquals(org.ddpmexplorer.diffusion.Prediction.EPSILON, TrainPreset.FULL.prediction());
        assertTrue(q.learningRate() > TrainPreset.FULL.learningRate());
        assertTrue(q.baseChannels() < TrainPreset.FULL.baseChannels());
        TrainConfig tc = q.trainConfig(100, 3, 50);
        assertEquals(q.batchSize(), tc.batchSize());
        assertEquals(q.learningRate(), tc.learningRate());
        assertEquals(q.warmupSteps(), tc.warmupSteps());
        assertEquals(3, tc.seed());
        assertEquals(50, tc.checkpointEvery());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainPreset.byName("fastest"));
        assertTrue(e.getMessage().contains("quick"), e.getMessage());
    }

    /** A run whose cancellation is a budget stops by itself and hands over its checkpoint, as on stop. */
    @Test
    void aTrainerRunOnABudgetStopsAndCheckpoints() {
        ByteImageDataset data = TinyData.squares(8, 8);
        var cfg = new org.ddpmexplorer.nn.UNetConfig(1, 8, 8, java.util.List.of(1, 2), 1, java.util.Set.of(), false, 0,
                4, 0.0, 0, 16);
        Trainer tr = new Trainer(cfg, new org.ddpmexplorer.diffusion.GaussianDiffusion(
                org.ddpmexplorer.diffusion.BetaSchedule.COSINE, 20), data, TrainConfig.defaults(1_000_000).withBatch(2));
        AtomicLong now = new AtomicLong();
        TimeBudget b = new TimeBudget(1, now::get);
        Checkpoint[] saved = new Checkpoint[1];
        // every step moves the fake clock by 7 s: the 60 s budget ends the run after the 9th step
        tr.run(b::expired, p -> now.addAndGet(7_000_000_000L), ck -> saved[0] = ck);
        assertEquals(9, tr.step());
        assertEquals(9, saved[0].header().step());
    }
}
