package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainerTest {
    /** A tiny U-Net for 16x16 images: fast enough for hundreds of steps in a test. */
    static final UNetConfig TINY = new UNetConfig(1, 16, 16, List.of(1, 2), 1, Set.of(), true, 0, 4, 0.0, 4, 32);
    static final GaussianDiffusion DIFF = new GaussianDiffusion(BetaSchedule.COSINE, 200);

    @TempDir
    Path dir;

    private static Trainer tiny(ByteImageDataset data, int batch, long seed) {
        return new Trainer(TINY, DIFF, data, TrainConfig.defaults(1000).withBatch(batch).withSeed(seed)
                .withWarmup(10).withLearningRate(2e-3));
    }

    @Test
    void lossFallsOnAFixedBatch() {
        Trainer tr = tiny(TinyData.squares(8, 16), 8, 1);
        double first = 0, last = 0;
        for (int i = 0; i < 60; i++) {
            double l = tr.trainStep();
            if (i < 5) {
                first += l / 5;
            }
            if (i >= 55) {
                last += l / 5;
            }
        }
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }

    @Test
    void checkpointRoundTripRestoresOutputsAndContinuesIdentically() throws Exception {
        ByteImageDataset data = TinyData.squares(16, 16);
        Trainer a = tiny(data, 4, 3);
        for (int i = 0; i < 5; i++) {
            a.trainStep();
        }
        Path f = dir.resolve("m.ckpt");
        a.checkpoint().save(f);
        Checkpoint ck = Checkpoint.load(f);
        assertEquals(5, ck.header().step());
        assertEquals("cosine", ck.header().schedule());
        assertEquals(TINY, ck.header().unet());

        // identical outputs from the EMA weights
        INDArray x = GaussianDiffusion.gaussian(new java.util.Random(1), 2, 16, 16, 1);
        INDArray before = a.ema().forward(x, new int[] {10, 150}, new int[] {1, -1}, false, null).dup();
        INDArray after = ck.emaNetwork().forward(x, new int[] {10, 150}, new int[] {1, -1}, false, null).dup();
        assertEquals(before, after);

        // continuing from the file repeats the uninterrupted run exactly
        Trainer b = Trainer.resume(ck, data, a.config());
        for (int i = 0; i < 3; i++) {
            assertEquals(a.trainStep(), b.trainStep(), 0.0, "step " + (5 + i));
        }
        float[] pa = new float[(int) a.model().numParams()], pb = new float[pa.length];
        a.model().params().copyTo(pa);
        b.model().params().copyTo(pb);
        assertArrayEquals(pa, pb);
    }

    @Test
    void cancelStopsWithinOneStepAndSavesACheckpoint() {
        Trainer tr = tiny(TinyData.squares(8, 16), 4, 1);
        AtomicInteger steps = new AtomicInteger();
        List<Checkpoint> saved = new ArrayList<>();
        tr.run(() -> steps.get() >= 3, p -> steps.incrementAndGet(), saved::add);
        assertEquals(3, tr.step());
        assertEquals(1, saved.size());
        assertEquals(3, saved.get(0).header().step());
    }

    @Test
    void pauseHoldsTheRunBetweenStepsAndResumeContinuesIt() throws Exception {
        Trainer tr = tiny(TinyData.squares(8, 16), 2, 1);
        tr.setConfig(tr.config().withSteps(1000));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
        Thread t = new Thread(() -> tr.run(stop::get, p -> started.countDown(), ck -> { }));
        t.start();
        assertTrue(started.await(60, java.util.concurrent.TimeUnit.SECONDS));
        tr.requestPause(true);
        long until = System.nanoTime() + 60_000_000_000L;
        while (!tr.isPaused() && System.nanoTime() < until) {
            Thread.sleep(10); // the step under way finishes first
        }
        assertTrue(tr.isPaused());
        long held = tr.step();
        Thread.sleep(500);
        assertEquals(held, tr.step(), "no step while paused");
        tr.requestPause(false);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (tr.step() <= held + 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(tr.step() > held + 2, "resumed");
        stop.set(true);
        t.join(60_000);
        assertTrue(!t.isAlive(), "cancel ends the run");
    }

    @Test
    void progressReportsStepsLossAndBuckets() {
        Trainer tr = tiny(TinyData.squares(8, 16), 8, 1);
        tr.setConfig(tr.config().withSteps(4));
        List<TrainProgress> ps = new ArrayList<>();
        tr.run(() -> false, ps::add, ck -> { });
        assertEquals(4, ps.size());
        TrainProgress last = ps.get(3);
        assertEquals(4, last.step());
        assertEquals(4, last.totalSteps());
        assertTrue(last.loss() > 0 && Double.isFinite(last.lossEma()));
        assertEquals(Trainer.BUCKETS, last.lossByBucket().length);
        assertTrue(last.stepsPerSecond() > 0);
    }

    @Test
    void aStepThatRunsOutOfMemoryLeavesTheStateOfTheLastWholeStep() {
        FailingDataset data = new FailingDataset(TinyData.squares(8, 16), 4, () -> {
            throw new OutOfMemoryError("Failed to allocate [1073741824] bytes");
        });
        Trainer tr = tiny(TinyData.squares(8, 16), 4, 1);
        Trainer failing = new Trainer(TINY, DIFF, data, tr.config());
        for (int i = 0; i < 3; i++) {
            tr.trainStep();
            failing.trainStep();
        }
        assertTrue(failing.consistent());
        assertThrows(OutOfMemoryError.class, failing::trainStep);
        assertEquals(3, failing.step(), "the failed step does not count");
        assertTrue(failing.consistent(), "the failure came before the update");
        Checkpoint ck = failing.checkpoint();
        assertEquals(3, ck.header().step());
        float[] expected = new float[(int) tr.model().numParams()];
        tr.model().params().copyTo(expected);
        assertArrayEquals(expected, ck.params(), "the weights of three whole steps");
        assertArrayEquals(tr.checkpoint().ema(), ck.ema());
    }

    @Test
    void aDivergingRunStopsWithAClearMessage() {
        Trainer tr = new Trainer(TINY, DIFF, TinyData.squares(8, 16), TrainConfig.defaults(100).withBatch(4)
                .withWarmup(0).withLearningRate(0.9));
        // a learning rate of 0.9 with no clipping worth the name sends the weights to infinity
        tr.setConfig(new TrainConfig(100, 4, 0.9, 0, 1e30, 0.999, 0.1, 0, 0, true));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> {
            for (int i = 0; i < 100; i++) {
                tr.trainStep();
            }
        });
        assertTrue(e.getMessage().contains("learning rate") || e.getMessage().contains("gradient"), e.getMessage());
    }

    @Test
    void aShortRunOverfitsSixteenImages() {
        ByteImageDataset data = TinyData.squares(16, 16);
        Trainer tr = new Trainer(TINY.withClasses(0), DIFF, data, TrainConfig.defaults(400).withBatch(16).withSeed(2)
                .withWarmup(20).withLearningRate(3e-3).withEmaDecay(0.95));
        double[] untrained = nearestTrainingImage(tr, data);
        tr.run(() -> false, p -> { }, ck -> { });
        double[] trained = nearestTrainingImage(tr, data);
        java.util.Arrays.sort(untrained);
        java.util.Arrays.sort(trained);
        // Two different training images are 0.2 to 0.4 apart (two squares of 16 pixels, 1.8 apart in
        // value); a square one pixel off is 0.1 away. After 400 steps the samples are squares at or next
        // to the training positions; before, they are noise, far from every training image.
        assertTrue(untrained[4] > 0.5, "untrained median " + untrained[4]);
        assertTrue(trained[4] < 0.15, "median distance to the nearest training image " + java.util.Arrays.toString(trained));
        assertTrue(trained[7] < 0.35, "largest distance to the nearest training image " + java.util.Arrays.toString(trained));
        assertTrue(trained[0] < 0.02, "the closest sample reproduces a training image " + java.util.Arrays.toString(trained));
    }

    /** For 8 DDPM samples of the model: the mean squared error to the nearest training image (or its mirror). */
    private static double[] nearestTrainingImage(Trainer tr, ByteImageDataset data) {
        INDArray samples = Sampler.fromNoise(DIFF, new UNetDenoiser(tr.model()), SamplerConfig.ddpm(200, 7),
                new long[] {8, 16, 16, 1}, null).runToEnd();
        float[] img = new float[16 * 16];
        double[] out = new double[8];
        for (int s = 0; s < 8; s++) {
            float[] v = samples.slice(s).dup().data().asFloat();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 2 * data.size(); i++) {
                data.fill(i / 2, i % 2 == 1, img, 0); // training uses random horizontal flips
                double mse = 0;
                for (int p = 0; p < img.length; p++) {
                    mse += (v[p] - img[p]) * (v[p] - img[p]) / img.length;
                }
                best = Math.min(best, mse);
            }
            out[s] = best;
        }
        return out;
    }
}
