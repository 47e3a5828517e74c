package org.ddpmexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Likelihood;
import org.ddpmexplorer.train.ByteImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BoundEvaluationTest {
    private static final GaussianDiffusion DIFF = new GaussianDiffusion(BetaSchedule.LINEAR, 6);
    /** Five 4x4 black images, and a model that predicts ε̂ = 0. */
    private static final ByteImageDataset BLACK = new ByteImageDataset("black", new byte[5 * 16], new int[5], 5, 4, 1, 4,
            List.of("a"));
    private static final Denoiser ZERO = (xt, t, classes) -> Nd4j.zerosLike(xt);

    @Test
    void batchesReportProgressAndAverageTheImagesBounds() {
        List<int[]> reports = new ArrayList<>();
        BoundEvaluation.Result r = BoundEvaluation.evaluate(ZERO, DIFF, BLACK, 5, 2, 1, true, () -> false,
                (done, from, to, k, T) -> reports.add(new int[] {from, to, k, T}));
        assertEquals(3 * 6, reports.size(), "T terms for each of the three batches");
        assertEquals(4, reports.get(reports.size() - 1)[0]);
        assertEquals(5, reports.get(reports.size() - 1)[1]);
        assertEquals(5, r.images());
        assertEquals(16, r.dims());
        // the mean over the images is the engine's loop's figure for one such image, within the images' spread
        assertTrue(r.totalBitsPerDim() > r.decoderBitsPerDim() && r.decoderBitsPerDim() > 0, r.toString());
        float[] black = new float[16];
        java.util.Arrays.fill(black, -1f);
        Likelihood.Bound one = new Likelihood(DIFF).calcBpdLoop(ZERO, black, new long[] {1, 4, 4, 1}, null,
                new java.util.Random(1), true, true, () -> false, k -> { });
        double first = Likelihood.bitsPerDim(one.totalNats()[0], 16);
        assertEquals(first, r.totalBitsPerDim(), 6 * r.stdError() * Math.sqrt(5) + 1e-9);
    }

    @Test
    void cancellingStopsBeforeTheNextNetworkCall() {
        int[] calls = {0};
        Denoiser counting = (xt, t, classes) -> {
            calls[0]++;
            return Nd4j.zerosLike(xt);
        };
        assertThrows(CancellationException.class, () -> BoundEvaluation.evaluate(counting, DIFF, BLACK, 5, 5, 1, true,
                () -> calls[0] >= 2, (a, b, c, d, e) -> { }));
        assertEquals(2, calls[0]);
        assertThrows(IllegalArgumentException.class, () -> BoundEvaluation.evaluate(ZERO, DIFF, BLACK, 6, 2, 1, true,
                () -> false, (a, b, c, d, e) -> { }));
    }
}
