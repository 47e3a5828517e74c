package org.ddpmexplorer.train;

/**
 * The optimiser arithmetic shared by the image and the 2-D trainers, on heap arrays: Adam with bias
 * correction in the paper's efficient form (Kingma &amp; Ba, end of section 2, as libnd4j's
 * AdamUpdater computes it), gradient scaling for clipping, and the exponential moving average of
 * the weights that the samplers use.
 */
final class AdamEma {
    /** Adam's β₁, β₂ and ε (Kingma &amp; Ba defaults, as ARCH.md). */
    static final double BETA1 = 0.9, BETA2 = 0.999, ADAM_EPS = 1e-8;

    private AdamEma() {
    }

    /** α_t = α √(1-β₂^t)/(1-β₁^t) for the update after {@code step} earlier ones (t = step + 1). */
    static float alphaT(double learningRate, long step) {
        long t = step + 1;
        return (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
    }

    /** The EMA decay with ema-pytorch's warm-up: min(decay, (1 + step)/(10 + step)), averaging over fewer steps while there are few. */
    static float emaDecay(double decay, long step) {
        return (float) Trainer.emaDecayAt(decay, step); // the ramp's formula and why: Trainer.emaDecayAt
    }

    /**
     * One step over {@code n} elements: g ← clip·g; m ← β₁m + (1-β₁)g; v ← β₂v + (1-β₂)g²;
     * w ← w − α_t m/(√v + ε); e ← decay·e + (1-decay)·w. Updates m, v, w and e in place.
     */
    static void update(float[] g, float[] m, float[] v, float[] w, float[] e, int n, float clip, float alphaT,
                       float decay) {
        float b1 = (float) BETA1, b2 = (float) BETA2, eps1 = (float) ADAM_EPS;
        for (int j = 0; j < n; j++) {
            float gj = g[j] * clip;
            float mj = b1 * m[j] + (1 - b1) * gj;
            float vj = b2 * v[j] + (1 - b2) * gj * gj;
            float wj = w[j] - alphaT * mj / ((float) Math.sqrt(vj) + eps1);
            m[j] = mj;
            v[j] = vj;
            w[j] = wj;
            e[j] = decay * e[j] + (1 - decay) * wj;
        }
    }
}
