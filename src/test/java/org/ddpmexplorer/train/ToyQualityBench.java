package org.ddpmexplorer.train;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.eval.EnergyDistance;
import org.ddpmexplorer.nn.MlpConfig;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the fit of each preset against training steps, for tuning the defaults. Run with
 * {@code mvn -o -q test -Dtest=ToyQualityBench -Dtoy.presets=two-moons,checkerboard -Dtoy.steps=2000
 * -Dtoy.every=500}; prints per checkpoint the training thread's CPU time, the energy distance of 2,000
 * DDPM samples to held-out points, and the floor.
 */
class ToyQualityBench {
    @Test
    void fitAgainstSteps() {
        String[] presets = System.getProperty("toy.presets", "two-moons").split(",");
        ToyTrainConfig d = ToyTrainConfig.defaults();
        long steps = Long.getLong("toy.steps", d.steps()), every = Long.getLong("toy.every", steps);
        int batch = Integer.getInteger("toy.batch", d.batchSize());
        double lr = Double.parseDouble(System.getProperty("toy.lr", String.valueOf(d.learningRate())));
        double ema = Double.parseDouble(System.getProperty("toy.ema", String.valueOf(d.emaDecay())));
        MlpConfig net = new MlpConfig(Integer.getInteger("toy.hidden", 128), Integer.getInteger("toy.depth", 3),
                Integer.getInteger("toy.temb", 32), Integer.getInteger("toy.freqs", 0));
        GaussianDiffusion diff = new GaussianDiffusion(ToyTrainConfig.DEFAULT_SCHEDULE, ToyTrainConfig.DEFAULT_TIMESTEPS);
        var bean = ManagementFactory.getThreadMXBean();
        for (String id : presets) {
            PointPreset p = PointPreset.byId(id);
            ToyTrainer tr = new ToyTrainer(net, diff, p.sample(PointPreset.DEFAULT_POINTS, 0),
                    new ToyTrainConfig(steps, batch, lr, ema, 1));
            float[] held = p.sample(5000, 1000).xy(), fresh = p.sample(2000, 2000).xy();
            double floor = EnergyDistance.between(fresh, held);
            long cpu = 0;
            while (tr.step() < steps) {
                long c0 = bean.getCurrentThreadCpuTime();
                for (long s = 0; s < every && tr.step() < steps; s++) {
                    tr.trainStep();
                }
                cpu += bean.getCurrentThreadCpuTime() - c0;
                float[] x = Sampler.fromNoise(diff, tr.emaSnapshot(), SamplerConfig.ddpm(diff.timesteps(), 5).withClip(false),
                        new long[] {2000, 2}, null).runToEnd().dup('c').data().asFloat();
                double e = EnergyDistance.between(x, held);
                System.out.printf(Locale.ROOT, "%-16s step %5d cpu %6.0f ms  loss %.4f  energy %.5f floor %.5f ratio %.2f%n", id,
                        tr.step(), cpu / 1e6, tr.lossEma(), e, floor, e / floor);
            }
        }
    }
}
