package org.ddpmexplorer.ui.plane;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.eval.PointFit;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.train.PointPreset;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.train.ToyTrainConfig;
import org.ddpmexplorer.train.ToyTrainer;
import org.junit.jupiter.api.Test;

/**
 * What the "ε vs x₀ vs μ" note says the three plots show, measured: the three models the comparison
 * trains by default (the plane's MLP, 1,500 steps, fixed βₜ, T = 100 cosine, the same data and seed),
 * sampled as the plots are (DDPM, 100 steps, 2,000 points, the plane's seed), on the checkerboard.
 *
 * <p>Two figures per model, from nearest-neighbour distances to a dense draw of the shape: fuzz, the
 * mean distance of a sample to the shape (how far points stray off it), and gaps, the mean distance of
 * a point of the shape to the nearest sample (how much of the shape is left empty); and the energy
 * distance of {@link PointFit}. Figures seen on this machine (fuzz / gaps / PointFit ratio): fresh
 * points of the shape 0.009 / 0.029; ε 0.020 / 0.032 / 1.0; x₀ 0.022 / 0.057 / 4.1; μ 0.057 / 0.036 / 2.4.
 * (Two moons: ε 0.011 / 0.028 / 0.7; x₀ 0.009 / 0.060 / 3.4; μ 0.021 / 0.030 / 1.8.)
 */
class PlanePredictionNoteTest {
    private static final PointPreset PRESET = PointPreset.CHECKERBOARD;

    /** Mean over the points of {@code from} of the distance to the nearest point of {@code to} (interleaved xy). */
    static double meanNearest(float[] from, float[] to) {
        double sum = 0;
        for (int i = 0; i + 1 < from.length; i += 2) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j + 1 < to.length; j += 2) {
                double dx = from[i] - to[j], dy = from[i + 1] - to[j + 1];
                best = Math.min(best, dx * dx + dy * dy);
            }
            sum += Math.sqrt(best);
        }
        return sum / (from.length / 2);
    }

    record Figures(double fuzz, double gaps, double ratio) {
    }

    /** Trains a model that predicts p as the comparison does, samples it as the plot does, and measures the samples. */
    private static Figures figures(Prediction p, PointSet data, GaussianDiffusion d, SamplerConfig cfg, float[] dense, float[] probe) {
        ToyTrainer tr = new ToyTrainer(MlpConfig.defaults(), d, data,
                ToyTrainConfig.defaults().withPrediction(p).withVariance(org.ddpmexplorer.diffusion.VarianceType.FIXED_LARGE));
        for (long i = 0; i < ToyTrainConfig.DEFAULT_STEPS; i++) {
            tr.trainStep();
        }
        Sampler s = Sampler.fromNoise(d, tr.emaSnapshot(), cfg, new long[] {PlaneSampling.DEFAULT_PARTICLES, 2}, null);
        SamplingStep last = null;
        while (s.hasNext()) {
            last = s.next();
        }
        float[] x = last.xValues();
        return new Figures(meanNearest(x, dense), meanNearest(probe, x), PointFit.of(x, (n, seed) -> PRESET.sample(n, seed).xy(), 1).ratio());
    }

    @Test
    void theNoteSaysWhatThePlotsShow() throws Exception {
        PointSet data = PRESET.sample(PointPreset.DEFAULT_POINTS, PlaneData.SEED);
        float[] dense = PRESET.sample(20_000, 5).xy(), probe = PRESET.sample(4_000, 8).xy();
        GaussianDiffusion d = new GaussianDiffusion(ToyTrainConfig.DEFAULT_SCHEDULE, ToyTrainConfig.DEFAULT_TIMESTEPS);
        SamplerConfig cfg = new PlaneSampling(null).config(d.timesteps()); // the sidebar's defaults: DDPM, σ² = βₜ
        Map<Prediction, Figures> f = new EnumMap<>(Prediction.class);
        StringBuilder seen = new StringBuilder();
        // the three train at once, as the comparison trains them
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            Map<Prediction, java.util.concurrent.Future<Figures>> runs = new EnumMap<>(Prediction.class);
            for (Prediction p : new Prediction[] {Prediction.EPSILON, Prediction.START_X, Prediction.PREVIOUS_X}) {
                runs.put(p, pool.submit(() -> figures(p, data, d, cfg, dense, probe)));
            }
            for (var e : runs.entrySet()) {
                Figures fig = e.getValue().get();
                f.put(e.getKey(), fig);
                seen.append(String.format(Locale.ROOT, "%s fuzz %.4f gaps %.4f ratio %.2f; ", e.getKey().symbol(), fig.fuzz(),
                        fig.gaps(), fig.ratio()));
            }
        } finally {
            pool.shutdownNow();
        }
        String figures = seen.toString();
        Figures eps = f.get(Prediction.EPSILON), x0 = f.get(Prediction.START_X), mu = f.get(Prediction.PREVIOUS_X);
        String note = CompareControls.PREDICTION_NOTE;

        // "the x₀ model's points collapse onto the shape's curves and clumps: they sit on it but narrower than
        // the data, leaving parts of it empty"
        assertTrue(note.contains("collapse onto the shape") && note.contains("sit on it") && note.contains("empty"), note);
        assertTrue(x0.fuzz() < 1.25 * eps.fuzz(), "x₀ on the shape about as tightly as ε: " + figures);
        assertTrue(x0.gaps() > 1.4 * eps.gaps() && x0.gaps() > mu.gaps(), "x₀ leaves the most of the shape empty: " + figures);
        // "the μ model's points are fuzzier than ε's"
        assertTrue(note.contains("fuzzier than ε"), note);
        assertTrue(mu.fuzz() > 1.5 * eps.fuzz() && mu.fuzz() > x0.fuzz(), "μ strays off the shape the most: " + figures);
        // "ε covers it most evenly": the fewest gaps and the best energy distance
        assertTrue(note.contains("ε covers it most evenly"), note);
        assertTrue(eps.gaps() < mu.gaps() && eps.gaps() < x0.gaps(), figures);
        assertTrue(eps.ratio() < mu.ratio() && eps.ratio() < x0.ratio(), figures);
    }
}
