package org.ddpmexplorer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.eval.PointBound;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.eval.EnergyDistance;
import org.ddpmexplorer.train.PointsCsv;
import org.ddpmexplorer.train.PointsCsvException;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.nn.MlpDenoiser;
import org.ddpmexplorer.train.PointPreset;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.train.ToyModelFile;
import org.ddpmexplorer.train.ToyTrainConfig;
import org.ddpmexplorer.train.ToyTrainer;
import org.ddpmexplorer.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code toy}: the 2-D playground headless. Trains the MLP denoiser (any {@link Prediction} and
 * {@link VarianceType}) on a preset, a word or a CSV of points, or loads a saved one; samples from it,
 * and writes the samples (and optionally the standardised training set and the model); optionally
 * prints the energy distance to the data's shape and the variational bound of given points
 * ({@link PointBound}). Defaults are the Plane tab's ({@link ToyTrainConfig}).
 */
@Command(name = "toy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a small diffusion model on 2-D points and sample from it (the Plane tab, headless).")
public final class ToyCommand implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "two-moons", paramLabel = "NAME|text:WORD|FILE.csv",
            description = "two-moons, swiss-roll, spiral, eight-gaussians, checkerboard, circles, smiley, "
                    + "text:WORD (the word's glyphs) or a CSV file with header x,y (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--points", description = "training points (default: " + PointPreset.DEFAULT_POINTS
            + " for a preset; a file's points, at most " + PointsCsv.MAX_POINTS + ")")
    Integer points;

    @Option(names = "--train-steps", description = "optimiser steps (default: ToyTrainConfig's)")
    Long trainSteps;

    @Option(names = "--batch", description = "points per step (default: ToyTrainConfig's)")
    Integer batch;

    @Option(names = "--lr", description = "Adam's learning rate (default: ToyTrainConfig's)")
    Double lr;

    @Option(names = "--timesteps", description = "T (default: " + ToyTrainConfig.DEFAULT_TIMESTEPS + ")")
    Integer timesteps;

    @Option(names = "--schedule", converter = Converters.Schedule.class,
            description = "linear, cosine or sigmoid (default: cosine)")
    BetaSchedule schedule;

    @Option(names = "--sampler", defaultValue = "ddpm", description = "ddpm or ddim (default: ${DEFAULT-VALUE})")
    String sampler;

    @Option(names = "--sample-steps", description = "denoising steps (default: T)")
    Integer sampleSteps;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM's η in [0, 1] (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--prediction", paramLabel = "eps|x0|mean|v",
            description = "what the network predicts: the noise ε, the clean point x_0, the mean μ of the previous "
                    + "step, or the velocity v (default: eps)")
    String prediction;

    @Option(names = "--variance", paramLabel = "fixed-small|fixed-large|learned",
            description = "the reverse steps' variance σ_t²: fixed-small (β̃_t), fixed-large (β_t) or learned "
                    + "(Improved DDPM: two more outputs, hybrid loss); posterior and beta name the fixed ones. With "
                    + "--model-in, a fixed variance may be swapped for the other (default: the model's; fixed-large)")
    String variance;
    @Option(names = "--samples", description = "points to sample (default: " + ToyTrainConfig.DEFAULT_SAMPLES + ")")
    Integer samples;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the data, the training and the sampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "CSV file for the samples (header x,y)")
    Path out;

    @Option(names = "--data-out", description = "also write the standardised training set as CSV")
    Path dataOut;

    @Option(names = "--model-out", description = "also save the model (its EMA weights)")
    Path modelOut;

    @Option(names = "--model-in", paramLabel = "FILE",
            description = "sample (and evaluate) a saved model instead of training one; T, schedule and prediction "
                    + "are the model's (--dataset and --seed then only draw --data-out and --eval's points)")
    Path modelIn;

    @Option(names = "--nll-of", paramLabel = "FILE.csv",
            description = "also print 'toy nll_nats X': the variational bound (all T terms plus the prior), in nats per "
                    + "point, of these points under the model. A CSV with header x,y in the standardised coordinates "
                    + "that --out and --data-out write (for held-out points: --data-out of another --seed)")
    Path nllOf;

    @Option(names = "--eval", description = "for a preset or text: also print the energy distance of the samples to "
            + "held-out points of the same shape, and the floor (the same figure between two independent draws)")
    boolean eval;

    /** Most points sampled. */
    static final int MAX_SAMPLES = 1_000_000;
    /** Seeds of the three random streams, derived from --seed so that they differ. */
    private static final long TRAIN_SEED = 0x5DEECE66DL, SAMPLE_SEED = 0xB5297A4DL, NLL_SEED = 0x2545F491L;

    @Override
    public Integer call() throws Exception {
        int k = samples != null ? samples : ToyTrainConfig.DEFAULT_SAMPLES;
        if (k < 1 || k > MAX_SAMPLES) {
            throw new CliErrors.UserError("--samples must be in 1.." + MAX_SAMPLES + ", got " + k);
        }
        if (points != null && (points < 1 || points > PointPreset.MAX_POINTS)) {
            throw new CliErrors.UserError("--points must be in 1.." + PointPreset.MAX_POINTS + ", got " + points);
        }
        if (eval && (dataset.trim().toLowerCase(Locale.ROOT).endsWith(".csv") || Files.exists(Path.of(dataset.trim())))) {
            throw new CliErrors.UserError("--eval needs a preset or text:WORD (a file has no held-out points)");
        }
        for (Path p : new Path[] {out, dataOut, modelOut}) {
            checkWritable(p);
        }
        float[] nllPoints = nllOf != null ? readNllPoints(nllOf) : null;
        MlpDenoiser model;
        GaussianDiffusion diffusion;
        PointSet data = null;
        ToyModelFile file;
        long[] trainMs = null;
        if (modelIn != null) {
            for (Object given : new Object[] {trainSteps, batch, lr, timesteps, schedule, prediction}) {
                if (given != null) {
                    throw new CliErrors.UserError("--model-in: the training options (--train-steps, --batch, --lr, "
                            + "--timesteps, --schedule, --prediction) come from the model; leave them out");
                }
            }
            file = loadModel(modelIn);
            diffusion = file.diffusion();
            model = file.denoiser();
            if (dataOut != null) {
                data = loadData();
            }
        } else {
            ToyTrainer trainer = prepareTraining();
            diffusion = trainer.diffusion();
            data = trainer.data();
            trainMs = train(trainer);
            model = trainer.emaSnapshot();
            file = ToyModelFile.of(trainer, describe() + ", " + data.size() + " points");
        }
        VarianceType v = NllEvaluation.variance(variance == null ? null : variance(variance).id(), model.varianceType());
        Denoiser sampled = NllEvaluation.withVariance(model, v);
        SamplerConfig sc = samplerConfig(diffusion.timesteps(), v);
        long t1 = System.nanoTime();
        float[] x = Sampler.fromNoise(diffusion, sampled, sc, new long[] {k, 2}, null).runToEnd().dup('c').data().asFloat();
        long t2 = System.nanoTime();
        if (trainMs != null) {
            System.out.printf(Locale.ROOT, "toy train_ms %d%n", trainMs[0]);
        }
        System.out.printf(Locale.ROOT, "toy sample_ms %d%n", (t2 - t1) / 1_000_000);
        if (trainMs != null) {
            // the training thread's CPU time: its kernels run on it alone, so on a busy machine this is
            // about what train_ms would be on an idle one
            System.out.printf(Locale.ROOT, "toy train_cpu_ms %d%n", trainMs[1]);
        }
        write(out, new PointSet(x));
        if (dataOut != null) {
            write(dataOut, data);
        }
        if (modelOut != null) {
            try {
                file.save(modelOut);
            } catch (IOException e) {
                throw new CliErrors.UserError("cannot write " + modelOut + ": " + e.getMessage(), e);
            }
        }
        if (eval) {
            double[] e = evaluate(x);
            System.out.printf(Locale.ROOT, "toy energy_distance %.6f floor %.6f ratio %.2f%n", e[0], e[1], e[0] / e[1]);
        }
        if (nllPoints != null) {
            long n0 = System.nanoTime();
            PointBound.Result r = PointBound.evaluate(sampled, diffusion, nllPoints, seed ^ NLL_SEED,
                    () -> Thread.currentThread().isInterrupted());
            System.err.printf(Locale.ROOT, "bound of %,d points of %s (%s, %s variance, T = %d): %.4f ± %.4f nats per point "
                            + "(standard error); prior L_T %.6f, decoder L_0 %.4f; %.1f s%n", r.points(), nllOf,
                    model.prediction().id(), v.id(), diffusion.timesteps(), r.meanNats(), r.stdError(), r.priorNats(),
                    r.decoderNats(), (System.nanoTime() - n0) / 1e9);
            System.out.printf(Locale.ROOT, "toy nll_nats %.4f%n", r.meanNats());
        }
        System.err.printf(Locale.ROOT, "wrote %,d samples to %s%s%s%n", k, out,
                dataOut != null ? ", data to " + dataOut : "", modelOut != null ? ", model to " + modelOut : "");
        return 0;
    }

    /** The trainer of the options, with its data loaded (every check before any training). */
    private ToyTrainer prepareTraining() {
        ToyTrainConfig defaults = ToyTrainConfig.defaults();
        ToyTrainConfig tc;
        try {
            tc = new ToyTrainConfig(trainSteps != null ? trainSteps : defaults.steps(),
                    batch != null ? batch : defaults.batchSize(), lr != null ? lr : defaults.learningRate(),
                    defaults.emaDecay(), seed ^ TRAIN_SEED, prediction(prediction),
                    variance == null ? VarianceType.FIXED_LARGE : variance(variance));
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
        int t = timesteps != null ? timesteps : ToyTrainConfig.DEFAULT_TIMESTEPS;
        if (t < BetaSchedule.MIN_T || t > BetaSchedule.MAX_T) {
            throw new CliErrors.UserError("--timesteps must be in " + BetaSchedule.MIN_T + ".." + BetaSchedule.MAX_T + ", got " + t);
        }
        GaussianDiffusion diffusion = new GaussianDiffusion(schedule != null ? schedule : ToyTrainConfig.DEFAULT_SCHEDULE, t);
        samplerConfig(t, tc.variance());
        return new ToyTrainer(MlpConfig.defaults(), diffusion, loadData(), tc);
    }

    /** Runs the training; returns its wall and CPU milliseconds. */
    private long[] train(ToyTrainer trainer) {
        ToyTrainConfig tc = trainer.config();
        GaussianDiffusion diffusion = trainer.diffusion();
        System.err.printf(Locale.ROOT, "training on %s (%,d points), T = %d (%s), %,d steps of %d points, predicting %s, "
                        + "%s variance%n", describe(), trainer.data().size(), diffusion.timesteps(), diffusion.schedule().id(),
                tc.steps(), tc.batchSize(), tc.prediction().id(), tc.variance().id());
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime(), cpu0 = threads.getCurrentThreadCpuTime();
        try {
            for (long s = 0; s < tc.steps(); s++) {
                trainer.trainStep();
            }
        } catch (TrainingDivergedException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
        long t1 = System.nanoTime(), cpu1 = threads.getCurrentThreadCpuTime();
        System.err.printf(Locale.ROOT, "loss %.4f (average)%n", trainer.lossEma());
        return new long[] {(t1 - t0) / 1_000_000, (cpu1 - cpu0) / 1_000_000};
    }

    static Prediction prediction(String spec) {
        try {
            return Prediction.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--prediction: " + e.getMessage(), e);
        }
    }

    /** A --variance: fixed-small, fixed-large or learned, or the sampler's names beta (β_t) and posterior (β̃_t). */
    static VarianceType variance(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("beta")) {
            return VarianceType.FIXED_LARGE;
        }
        if (s.equals("posterior") || s.equals("beta-tilde")) {
            return VarianceType.FIXED_SMALL;
        }
        try {
            return VarianceType.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--variance: " + e.getMessage(), e);
        }
    }

    /** The points of --nll-of, as in the file (already standardised by whoever wrote them). */
    static float[] readNllPoints(Path file) {
        try {
            PointsCsv.Loaded l = PointsCsv.read(file, 0);
            if (l.notice() != null) {
                System.err.println("--nll-of: " + l.notice());
            }
            return l.points().xy();
        } catch (PointsCsvException e) {
            throw new CliErrors.UserError("--nll-of: " + e.getMessage(), e);
        }
    }

    private static ToyModelFile loadModel(Path file) {
        try {
            return ToyModelFile.load(file);
        } catch (IOException e) {
            throw new CliErrors.UserError("--model-in: " + e.getMessage(), e);
        }
    }

    /** Held-out draws per figure; their average steadies both the figure and the floor. */
    static final int EVAL_DRAWS = 3;

    /**
     * The energy distance of the samples to fresh draws of the data's shape (seeds other than the
     * training set's) and the floor: the same figure between two independent draws of the shape of the
     * same sizes. Both are averages over {@link #EVAL_DRAWS} draws.
     */
    private double[] evaluate(float[] samples) {
        int held = EnergyDistance.MAX_POINTS, k = Math.min(samples.length / 2, EnergyDistance.MAX_POINTS);
        double figure = 0, floor = 0;
        for (int j = 0; j < EVAL_DRAWS; j++) {
            float[] h = draw(held, seed + 1000 + j).xy();
            figure += EnergyDistance.between(samples, h) / EVAL_DRAWS;
            floor += EnergyDistance.between(draw(k, seed + 2000 + j).xy(), h) / EVAL_DRAWS;
        }
        return new double[] {figure, floor};
    }

    private PointSet draw(int n, long s) {
        String d = dataset.trim();
        return d.regionMatches(true, 0, "text:", 0, 5) ? PointPreset.text(d.substring(5), n, s) : PointPreset.byId(d).sample(n, s);
    }

    private String describe() {
        return dataset.trim();
    }

    /** The training points, standardised. */
    private PointSet loadData() {
        String d = dataset.trim();
        try {
            if (d.regionMatches(true, 0, "text:", 0, 5)) {
                return PointPreset.text(d.substring(5), points != null ? points : PointPreset.DEFAULT_POINTS, seed);
            }
            if (d.toLowerCase(Locale.ROOT).endsWith(".csv") || Files.exists(Path.of(d))) {
                PointsCsv.Loaded l = PointsCsv.read(Path.of(d), seed);
                if (l.notice() != null) {
                    System.err.println(l.notice());
                }
                PointSet p = l.points();
                if (points != null && points < p.size()) {
                    p = p.subsample(points, seed);
                }
                return p.standardised();
            }
            return PointPreset.byId(d).sample(points != null ? points : PointPreset.DEFAULT_POINTS, seed);
        } catch (PointsCsvException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--dataset: " + e.getMessage(), e);
        }
    }

    private SamplerConfig samplerConfig(int t, VarianceType modelVariance) {
        SamplerConfig.Kind kind = switch (sampler.trim().toLowerCase(Locale.ROOT)) {
            case "ddpm" -> SamplerConfig.Kind.DDPM;
            case "ddim" -> SamplerConfig.Kind.DDIM;
            default -> throw new CliErrors.UserError("--sampler must be ddpm or ddim, not '" + sampler + "'");
        };
        int n = sampleSteps != null ? sampleSteps : t;
        if (n < 1 || n > t) {
            throw new CliErrors.UserError("--sample-steps must be in 1.." + t + " (T), got " + n);
        }
        SamplerConfig.Variance v = SamplerConfig.Variance.of(modelVariance); // a learned one is the model's own
        try {
            // standardised points are not in [-1, 1]: x̂_0 is never clipped
            return new SamplerConfig(kind, n, eta, v, false, 1, seed ^ SAMPLE_SEED);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
    }

    /** Fails before any work when a file could not be written: no folder, not writable, or a folder. */
    static void checkWritable(Path p) {
        if (p == null) {
            return;
        }
        Path abs = p.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new CliErrors.UserError("cannot write " + p + ": it is a folder");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliErrors.UserError("cannot write " + p + ": the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir) || (Files.exists(abs) && !Files.isWritable(abs))) {
            throw new CliErrors.UserError("cannot write " + p + ": permission denied");
        }
    }

    private static void write(Path p, PointSet points) {
        try {
            PointsCsv.write(p, points);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
