package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ddpmexplorer.nn.Param;
import org.junit.jupiter.api.Test;

/** The optimiser step against Kingma &amp; Ba's Adam with bias correction, the warm-up, clipping and the EMA, written out in double. */
class OptimizerTest {
    @Test
    void adamWithBiasCorrectionClippingWarmupAndEma() {
        ByteImageDataset data = TinyData.squares(8, 16);
        TrainConfig cfg = new TrainConfig(100, 4, 1e-2, 4, 0.05, 0.9, 0.1, 5, 0, true);
        Trainer tr = new Trainer(TrainerTest.TINY, TrainerTest.DIFF, data, cfg);
        List<Param> ps = tr.model().params().params();
        int n = (int) tr.model().numParams();
        double[] m = new double[n], v = new double[n], ema = new double[n];
        float[] before = new float[n], grad = new float[n], after = new float[n], emaNow = new float[n];
        tr.model().params().copyTo(before);
        for (int i = 0; i < n; i++) {
            ema[i] = before[i];
        }
        for (int step = 0; step < 3; step++) {
            tr.model().params().copyTo(before);
            tr.trainStep();
            // the clipped gradient: recompute from the update is not possible, so take the raw gradient that
            // backward left from a second identical trainer
            Trainer twin = twinAt(data, cfg, step);
            double sq = 0;
            twin.model().params().copyGradTo(grad);
            for (float g : grad) {
                sq += (double) g * g;
            }
            double norm = Math.sqrt(sq), clip = norm > cfg.gradClip() ? cfg.gradClip() / norm : 1;
            double lr = cfg.learningRate() * Math.min(1.0, (step + 1.0) / cfg.warmupSteps());
            double decay = Math.min(cfg.emaDecay(), (1.0 + step) / (10.0 + step));
            tr.model().params().copyTo(after);
            tr.ema().params().copyTo(emaNow);
            double worst = 0, worstEma = 0;
            for (int i = 0; i < n; i++) {
                double g = grad[i] * clip;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                // the paper's "more efficient" ordering (Kingma & Ba, end of section 2), as libnd4j computes it:
                // α_t = α √(1-β₂^t)/(1-β₁^t), θ -= α_t m / (√v + ε)
                double at = lr * Math.sqrt(1 - Math.pow(0.999, step + 1)) / (1 - Math.pow(0.9, step + 1));
                double expected = before[i] - at * m[i] / (Math.sqrt(v[i]) + 1e-8);
                worst = Math.max(worst, Math.abs(expected - after[i]));
                ema[i] = decay * ema[i] + (1 - decay) * expected;
                worstEma = Math.max(worstEma, Math.abs(ema[i] - emaNow[i]));
            }
            assertTrue(worst < 2e-5 * Math.max(1, lr * 100), "step " + step + ": parameters differ by " + worst);
            assertTrue(worstEma < 1e-4, "step " + step + ": EMA differs by " + worstEma);
        }
        assertEquals(3, tr.step());
    }

    /** A trainer in the state of {@code tr} before step {@code step}, with that step's raw gradient computed. */
    private static Trainer twinAt(ByteImageDataset data, TrainConfig cfg, int step) {
        Trainer t = new Trainer(TrainerTest.TINY, TrainerTest.DIFF, data, cfg);
        for (int s = 0; s < step; s++) {
            t.trainStep();
        }
        t.gradientOnly();
        return t;
    }
}
