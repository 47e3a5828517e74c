package org.ddpmexplorer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Dataset;
import org.ddpmexplorer.train.FashionMnist;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.TrainProgress;
import org.ddpmexplorer.train.Trainer;
import org.ddpmexplorer.train.TimeBudget;
import org.ddpmexplorer.train.TrainPreset;
import org.ddpmexplorer.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: trains (or resumes) a model headless, with a one-line progress bar. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DDPM U-Net on Fashion-MNIST or a folder of images.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "fashion-mnist, or a folder of images (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--fmnist-dir", description = "folder with the 60,000-image Fashion-MNIST training files "
            + "(default: ~/.ddpm-explorer/fashion-mnist, then Debian's /usr/share/datasets/fashion-mnist, if present; "
            + "else the bundled 10,000 test images)")
    Path fmnistDir;

    @Option(names = "--steps", defaultValue = "10000", description = "train until this step (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-4", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--schedule", defaultValue = "cosine", description = "linear, cosine or sigmoid (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--timesteps", defaultValue = "1000", description = "T (default: ${DEFAULT-VALUE})")
    int timesteps;

    @Option(names = "--base", defaultValue = "32", description = "base channels of the U-Net (default: ${DEFAULT-VALUE})")
    int base;

    @Option(names = "--prediction", defaultValue = "eps", description = "what the network predicts: eps (the noise), "
            + "x0 (the clean image), mean (the mean of x_{t-1}) or v (the velocity) (default: ${DEFAULT-VALUE})")
    String prediction;

    @Option(names = "--variance", defaultValue = "fixed-large", description = "each step's variance: fixed-small "
            + "(posterior β̃_t), fixed-large (β_t) or learned (extra output channels, hybrid loss) (default: ${DEFAULT-VALUE})")
    String variance;

    @Option(names = "--classes", description = "class-conditional (with classifier-free guidance) when the data has labels")
    boolean classes;

    @Option(names = "--label-dropout", defaultValue = "0.1", description = "with --classes: the share of steps whose "
            + "label is dropped to 'no class', which trains the unconditional half of classifier-free guidance "
            + "(default: ${DEFAULT-VALUE}, Ho & Salimans)")
    double labelDropout;

    @Option(names = "--flip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "flip training images left-right at random; --no-flip for data with a fixed orientation, "
                    + "such as Fashion-MNIST's shoes (default: on)")
    boolean flip;

    @Option(names = "--min-snr", defaultValue = "0", paramLabel = "GAMMA", description = "min-SNR loss weighting "
            + "(Hang et al. 2023): each timestep's loss weighs min(SNR_t, GAMMA) in x_0 terms; 5 is the paper's; "
            + "0 for none (default: ${DEFAULT-VALUE})")
    double minSnr;

    @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay (default: ${DEFAULT-VALUE})")
    double ema;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--out", required = true, description = "model file to write")
    Path out;

    @Option(names = "--resume", description = "continue from this model file: keeps its network, diffusion and "
            + "training settings; a training option given explicitly changes that setting")
    Path resume;

    @Option(names = "--log", description = "append 'step,loss,loss_ema,steps_per_s' lines to this CSV file")
    Path log;

    @Option(names = "--preset", description = "start from a preset's settings: quick (10 minutes, a small class-conditional "
            + "net predicting x0 at a high learning rate, no flips) or full (the long run's); any option given as well overrides its setting")
    String preset;

    @Option(names = "--minutes", description = "stop after this many minutes of wall-clock time, saving the checkpoint "
            + "as at a normal end (without --steps, the budget alone ends the run)")
    Double minutes;

    @Option(names = "--keep-at", split = ",", paramLabel = "STEP", description = "also keep the checkpoints of these "
            + "steps, as OUT with '-stepN' before its extension (for a curve of quality against training time)")
    long[] keepAt;

    /** Learning-rate warm-up steps (the preset's, else TrainConfig's default). */
    private int warmup = TrainConfig.defaults(0).warmupSteps();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // every output is checked before any work: a bad --out or --log never costs a run
        CliErrors.checkWritableFile("--out", out);
        if (log != null) {
            CliErrors.checkWritableFile("--log", log);
            try {
                Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND).close();
            } catch (IOException e) {
                throw CliErrors.file("--log", log, e);
            }
        }
        try (org.ddpmexplorer.io.OutputLock lock = lock(out); StopSignals stop = StopSignals.install()) {
            org.ddpmexplorer.io.AtomicFiles.removeStale(out); // left by a run killed while saving
            return train(stop);
        }
    }

    /** Claims --out for this run (two runs never write the same file). */
    private static org.ddpmexplorer.io.OutputLock lock(Path out) {
        try {
            return org.ddpmexplorer.io.OutputLock.acquire(out);
        } catch (org.ddpmexplorer.io.OutputLock.HeldException e) {
            throw new CliErrors.UserError("--out " + out + ": another training run (" + e.owner()
                    + ") is writing this file; stop it or choose another --out", e);
        } catch (IOException e) {
            throw CliErrors.file("--out", out, e);
        }
    }

    /** Whether an option was typed on the command line (not just its default). */
    private boolean given(String option) {
        var o = spec.findOption(option);
        return o != null && spec.commandLine().getParseResult().hasMatchedOption(o);
    }

    /**
     * Largest --base: 256 base channels make a U-Net of about 41 million parameters at 32x32 (64 times
     * the reference 32's 642,657), far beyond what trains on a desktop; beyond it the parameter arrays
     * overflow Java's int sizes ("integer overflow") or take minutes to allocate.
     */
    static final int MAX_BASE = 256;

    /** --base: a multiple of 8 (the GroupNorm groups) in 8..{@link #MAX_BASE}. */
    static void checkBase(int base) {
        if (base < 8 || base > MAX_BASE || base % 8 != 0) {
            throw new CliErrors.UserError("--base must be a multiple of 8 in 8.." + MAX_BASE + ", got " + base);
        }
    }

    private int train(StopSignals stop) {
        checkBase(base);
        if (!org.ddpmexplorer.nn.NativeEngine.isUnpacked()) {
            System.err.println("preparing the native engine (first run only: unpacking into "
                    + org.ddpmexplorer.nn.NativeEngine.cacheDir() + ")...");
        }
        applyPreset();
        if (minutes != null && !(minutes > 0 && minutes <= 7 * 24 * 60)) {
            throw new CliErrors.UserError("--minutes must be above 0 (and at most a week), got " + minutes);
        }
        Dataset ds = loadData();
        TrainConfig tc;
        try {
            tc = TrainConfig.defaults(steps).withWarmup(warmup).withBatch(batch).withLearningRate(lr).withSeed(seed)
                    .withCheckpointEvery(checkpointEvery).withEmaDecay(ema).withFlip(flip)
                    .withClassDropout(labelDropout).withMinSnr(minSnr);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
        Trainer trainer;
        if (resume != null) {
            Checkpoint ck = loadCheckpoint(resume);
            if (!ck.resumable()) {
                throw new CliErrors.UserError(resume + " holds no optimiser state; it cannot be resumed");
            }
            Checkpoint.Header h = ck.header();
            ResumeSettings.requireSame(this::given, "--base", base, h.unet().baseChannels(), resume.toString());
            ResumeSettings.requireSame(this::given, "--schedule", ResumeSettings.scheduleId(schedule), h.schedule(), resume.toString());
            ResumeSettings.requireSame(this::given, "--timesteps", timesteps, h.timesteps(), resume.toString());
            ResumeSettings.requireSame(this::given, "--classes", classes, h.unet().numClasses() > 0, resume.toString());
            ResumeSettings.requireSame(this::given, "--prediction", prediction().id(), h.unet().prediction().id(),
                    resume.toString());
            ResumeSettings.requireSame(this::given, "--variance", variance().id(), h.unet().variance().id(), resume.toString());
            tc = ResumeSettings.merge(h.train(), tc, this::given, System.err);
            if (h.step() >= tc.steps()) {
                throw new CliErrors.UserError(resume + " is already at step " + h.step() + " of its " + tc.steps()
                        + "; give --steps above " + h.step() + " to train on");
            }
            try {
                trainer = Trainer.resume(ck, ds, tc);
            } catch (IllegalArgumentException e) {
                throw new CliErrors.UserError("--data " + data + " does not fit the resumed model: " + e.getMessage(), e);
            }
        } else {
            UNetConfig cfg = UNetConfig.reference(base).withImage(ds.channels(), ds.imageSize())
                    .withClasses(classes ? ds.classNames().size() : 0).withParameterization(prediction(), variance());
            trainer = new Trainer(cfg, new GaussianDiffusion(BetaSchedule.parse(schedule), timesteps), ds, tc);
        }
        PrintStream err = System.err;
        err.printf("training %s (%,d parameters, predicting %s, %s variance, %s schedule, T = %d%s) on %s (%,d images, %s) "
                        + "from step %d %s%n",
                trainer.model().config().conditional() ? "a class-conditional U-Net" : "a U-Net",
                trainer.model().numParams(), trainer.model().config().prediction().id(),
                trainer.model().config().variance().id(), trainer.diffusion().schedule().id(), trainer.diffusion().timesteps(),
                tc.minSnrGamma() > 0 ? ", min-SNR gamma " + tc.minSnrGamma() : "",
                ds.name(), ds.size(), tc.flip() ? "random flips" : "no flips", trainer.step(),
                minutes == null ? "to " + tc.steps() : tc.steps() == UNBOUNDED_STEPS ? "for " + minutes + " minutes"
                        : "to " + tc.steps() + " or for " + minutes + " minutes");
        final long startStep = trainer.step();
        TimeBudget budget = minutes == null ? null : TimeBudget.minutes(minutes);
        ProgressLine line = new ProgressLine(err, budget, System::nanoTime);
        try {
            trainer.run(() -> stop.requested() || Thread.currentThread().isInterrupted()
                    || budget != null && budget.expired(), p -> {
                line.update(p);
                if (log != null) {
                    appendLog(p);
                }
                keep(trainer, p.step());
            }, ck -> {
                try {
                    ck.save(out);
                } catch (IOException e) {
                    throw CliErrors.file("--out", out, e);
                }
            });
        } catch (TrainingDivergedException e) {
            err.println();
            throw new CliErrors.UserError(e.getMessage() + " (the last checkpoint in " + out + " is kept)");
        }
        err.println();
        if (stop.requested()) {
            err.println("stopped by " + stop.cause() + (trainer.step() > startStep
                    ? ": saved " + out + " at step " + trainer.step()
                    : " before the first step: nothing new to save"));
            return stop.status();
        }
        err.println("saved " + out + " at step " + trainer.step());
        return 0;
    }

    /**
     * Sets every option the command line did not give to the preset's value (picocli's parse result
     * tells which were given). Without --steps, a preset with a time budget runs until the budget.
     */
    private void applyPreset() {
        if (preset == null) {
            return;
        }
        TrainPreset p;
        try {
            p = TrainPreset.byName(preset);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--preset: " + e.getMessage());
        }
        if (!given("--base")) {
            base = p.baseChannels();
        }
        if (!given("--batch")) {
            batch = p.batchSize();
        }
        if (!given("--lr")) {
            lr = p.learningRate();
        }
        if (!given("--ema")) {
            ema = p.emaDecay();
        }
        if (!given("--schedule")) {
            schedule = p.schedule().id();
        }
        if (!given("--timesteps")) {
            timesteps = p.timesteps();
        }
        if (!given("--classes")) {
            classes = p.classes();
        }
        if (!given("--flip")) {
            flip = p.flip();
        }
        if (!given("--prediction")) {
            prediction = p.prediction().id();
        }
        if (!given("--min-snr")) {
            minSnr = p.minSnrGamma();
        }
        if (!given("--minutes") && p.minutes() > 0) {
            minutes = p.minutes();
        }
        if (minutes != null && !given("--steps")) {
            steps = UNBOUNDED_STEPS;
        }
        warmup = p.warmupSteps();
    }

    /** The step count of a run that only its time budget ends. */
    static final long UNBOUNDED_STEPS = 1_000_000_000L;

    /** With --keep-at: writes this step's checkpoint beside OUT when the step is one of those listed. */
    private void keep(Trainer trainer, long step) {
        if (keepAt == null || java.util.Arrays.stream(keepAt).noneMatch(k -> k == step)) {
            return;
        }
        Path copy = keptPath(out, step);
        try {
            trainer.checkpoint().save(copy);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + copy + ": " + e.getMessage(), e);
        }
    }

    /** "runs/quick.ckpt" at step 600: "runs/quick-step600.ckpt". */
    static Path keptPath(Path out, long step) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String kept = dot > 0 ? name.substring(0, dot) + "-step" + step + name.substring(dot) : name + "-step" + step;
        return out.resolveSibling(kept);
    }

    private org.ddpmexplorer.diffusion.Prediction prediction() {
        try {
            return org.ddpmexplorer.diffusion.Prediction.parse(prediction);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--prediction: " + e.getMessage(), e);
        }
    }

    private org.ddpmexplorer.diffusion.VarianceType variance() {
        try {
            return org.ddpmexplorer.diffusion.VarianceType.parse(variance);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--variance: " + e.getMessage(), e);
        }
    }

    private Dataset loadData() {
        try {
            if (data.equalsIgnoreCase("fashion-mnist")) {
                return FashionMnist.loadBest(fmnistDir);
            }
            Path dir = Path.of(data);
            if (!Files.isDirectory(dir)) {
                throw new CliErrors.UserError("--data: " + data + " is neither 'fashion-mnist' nor a folder");
            }
            var r = org.ddpmexplorer.train.ImageFolderDataset.read(dir, 32, null, () -> false);
            if (!r.skipped().isEmpty()) {
                System.err.println("skipped " + r.skipped().size() + " of " + (r.skipped().size() + r.dataset().size())
                        + " images in " + dir + " that cannot be used: " + r.skipped().get(0)
                        + (r.skipped().size() > 1 ? " (and " + (r.skipped().size() - 1) + " more)" : ""));
            }
            return r.dataset();
        } catch (IOException e) {
            throw new CliErrors.UserError(data.equalsIgnoreCase("fashion-mnist") ? CliErrors.describe(e)
                    : "--data " + data + ": " + CliErrors.describe(e), e);
        }
    }

    static Checkpoint loadCheckpoint(Path p) {
        try {
            return Checkpoint.load(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliErrors.UserError(p + ": no such file", e);
        } catch (IOException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
    }

    private void appendLog(TrainProgress p) {
        try {
            boolean header = !Files.exists(log) || Files.size(log) == 0;
            String line = (header ? "step,loss,loss_ema,steps_per_s\n" : "")
                    + String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.3f%n", p.step(), p.loss(), p.lossEma(), p.stepsPerSecond());
            Files.writeString(log, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the model matters more than its log: say so once and train on
            System.err.println();
            System.err.println("warning: " + CliErrors.file("--log", log, e).getMessage() + "; training goes on without the log");
            log = null;
        }
    }
}
