package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every prediction × variance trains on a tiny U-Net, samples, and survives a model file. */
class ParameterizationTrainingTest {
    private static final UNetConfig TINY = new UNetConfig(1, 8, 8, List.of(1, 2), 1, Set.of(), false, 0, 4, 0.0, 0, 16);
    private static final GaussianDiffusion DIFF = new GaussianDiffusion(BetaSchedule.COSINE, 50);

    @TempDir
    Path dir;

    static Stream<Arguments> combinations() {
        return Stream.of(Prediction.values()).flatMap(p -> Stream.of(VarianceType.values()).map(v -> Arguments.of(p, v)));
    }

    private static boolean finite(INDArray a) {
        for (float f : a.dup().data().asFloat()) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("combinations")
    void trainsAFewStepsSamplesWithoutNaNAndRoundTripsThroughAFile(Prediction p, VarianceType v) throws Exception {
        UNetConfig cfg = TINY.withParameterization(p, v);
        Trainer tr = new Trainer(cfg, DIFF, TinyData.squares(8, 8), TrainConfig.defaults(4).withBatch(4).withWarmup(0)
                .withLearningRate(1e-3).withSeed(2));
        for (int i = 0; i < 4; i++) {
            double loss = tr.trainStep();
            assertTrue(Double.isFinite(loss) && loss > 0, "step " + i + ": loss " + loss);
        }
        assertEquals(v.learned() ? 2 : 1, tr.model().config().outputChannels());
        UNetDenoiser d = new UNetDenoiser(tr.model());
        assertEquals(p, d.prediction());
        assertEquals(v, d.varianceType());
        for (SamplerConfig sc : List.of(SamplerConfig.ddpm(6, 1), SamplerConfig.ddim(4, 0.5, 1))) {
            for (SamplingStep s : Sampler.fromNoise(DIFF, d, sc, new long[] {2, 8, 8, 1}, null).collect()) {
                assertTrue(finite(s.x()) && finite(s.predictedStart()), sc.kind() + " at t = " + s.t());
                assertTrue(Double.isFinite(s.variance()), sc.kind() + " at t = " + s.t());
            }
        }
        Path f = dir.resolve("m.ckpt");
        tr.checkpoint().save(f);
        Checkpoint ck = Checkpoint.load(f);
        assertEquals(p, ck.header().unet().prediction());
        assertEquals(v, ck.header().unet().variance());
        // the loaded network answers as the trained one
        INDArray x = GaussianDiffusion.gaussian(new java.util.Random(3), 2, 8, 8, 1);
        INDArray a = new UNetDenoiser(ck.emaNetwork()).predict(x, new int[] {5, 30}, null);
        INDArray b = new UNetDenoiser(tr.ema()).predict(x, new int[] {5, 30}, null);
        assertTrue(a.equalsWithEps(b, 1e-6));
        Trainer resumed = Trainer.resume(ck, TinyData.squares(8, 8), tr.config().withSteps(5));
        assertEquals(p, resumed.model().config().prediction());
        assertTrue(Double.isFinite(resumed.trainStep()));
    }

    @Test
    void theLossIsTheMseToTheChosenTarget() {
        // x0 prediction: a network that outputs zero everywhere has loss mean(x_0²) on its batch
        UNetConfig cfg = TINY.withParameterization(Prediction.START_X, VarianceType.FIXED_SMALL);
        Trainer tr = new Trainer(cfg, DIFF, TinyData.squares(8, 8), TrainConfig.defaults(1).withBatch(4).withSeed(2));
        tr.model().params().params().stream().filter(q -> q.name().startsWith("conv_out")).forEach(q -> q.value().assign(0));
        double loss = tr.trainStep();
        float[] x0 = new float[4 * 64];
        TinyData.squares(8, 8).batch(new java.util.Random(2L * 0x9E3779B97F4A7C15L), x0, new int[4], true);
        double ms = 0;
        for (float x : x0) {
            ms += x * x / x0.length;
        }
        assertEquals(ms, loss, 1e-5);
    }

    @Test
    void modelFilesWithoutTheChoiceLoadAsNoisePredictorsWithFixedVariance() throws Exception {
        Assumptions.assumeTrue(Models.hasPretrained(), "this build ships no pretrained model");
        Checkpoint ck = Models.loadPretrained();
        assertEquals(Prediction.EPSILON, ck.header().unet().prediction());
        assertEquals(VarianceType.FIXED_LARGE, ck.header().unet().variance());
        assertEquals(1, ck.header().unet().outputChannels());
        try (var zip = new java.util.zip.ZipFile(Path.of("pretrained", "fmnist.ckpt").toFile())) {
            String header = new String(zip.getInputStream(zip.getEntry("header.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(header.contains("prediction"), "the shipped file predates the choice");
        }
    }
}
