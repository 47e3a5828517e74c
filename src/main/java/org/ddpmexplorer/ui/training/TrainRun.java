package org.ddpmexplorer.ui.training;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javafx.application.Platform;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.nn.UNet;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Dataset;
import org.ddpmexplorer.train.TimeBudget;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.TrainProgress;
import org.ddpmexplorer.train.Trainer;
import org.ddpmexplorer.train.TrainingDivergedException;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.LatestValue;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.ParameterizationText;
import org.ddpmexplorer.ui.common.SampleGridPixels;
import org.ddpmexplorer.ui.training.TrainController.Snapshot;

/**
 * One training run and the requests other threads make of it. {@link #train} runs on the executor:
 * it loads the data, builds the trainer (or resumes the model to fine-tune), and trains until the step
 * count, the time budget or a stop ends the run; between steps it records the loss, draws preview
 * grids from the EMA weights, takes the pause and save requests and publishes a {@link Snapshot} at
 * most {@link #SNAPSHOTS_PER_SECOND} times a second. It tells its {@link Host} (the controller) what
 * happens, on the FX thread.
 */
final class TrainRun {
    /** What a run tells the controller. Every call is on the FX thread. */
    interface Host {
        /** The data is loaded and the trainer built; {@code description} says what trains. */
        void started(TrainRun r, String description);

        /** The newest snapshot (older ones not shown yet are dropped). */
        void show(TrainRun r, Snapshot s);

        /** A checkpoint of the run is on disk in {@code file}. */
        void autosaved(TrainRun r, Path file);

        /** Something the user should read: in the status bar, and with {@code asError} as the tab's error too. */
        void problem(String message, boolean asError);

        /** A save request is done: {@code file} holds step {@code step}, or {@code ex} says why not. */
        void saved(TrainRun r, Path file, Throwable ex, long step);

        /**
         * The run has ended: {@code ck} is its last checkpoint (null: it trained nothing), {@code file}
         * where that is on disk (null: not written), {@code failure} what went wrong (null: nothing).
         */
        void ended(TrainRun r, Checkpoint ck, Path file, String failure);
    }

    static final int SNAPSHOTS_PER_SECOND = 5;
    static final int CHART_POINTS = 300;
    /** With a time budget, a preview grid every this many seconds, so the user sees the model learn minute by minute. */
    static final double PREVIEW_SECONDS = 60;
    /** Preview grid: 16 samples from fixed seeds, DDIM (η = 0) with 20 steps, cheap next to training. */
    static final int PREVIEW_SAMPLES = 16, PREVIEW_STEPS = 20;
    static final long PREVIEW_SEED = 1234;
    /** Autosave every this many steps, and at the end. */
    static final int CHECKPOINT_EVERY = 200;
    /** Smoothing of the charted loss curve: about the last 10 steps, which suits short runs on a laptop. */
    static final double SMOOTHING = 0.9;
    /** Smoothing of the per-bucket loss (each step only samples a few t per bucket). */
    static final double BUCKET_SMOOTHING = 0.95;

    final TrainSettings settings;
    /** The autosave file. */
    final Path file;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicBoolean paused = new AtomicBoolean();
    /** True: do not write the final checkpoint (quit without saving). */
    volatile boolean discard;
    /** Runs once the run has ended with its last checkpoint on disk (closing the window). FX thread. */
    Runnable afterSave;
    final AtomicReference<Path> saveRequest = new AtomicReference<>();
    /** What the user should know about the data the run trains on (null: nothing). Training thread, then FX. */
    volatile String dataNote;

    private final Host host;
    private final TrainData data;
    private final UnaryOperator<Dataset> dataWrapper;
    /** True once the tab is closing: the run ends and refuses further work. */
    private final BooleanSupplier disposed;

    TrainRun(TrainSettings settings, Path file, Host host, TrainData data, UnaryOperator<Dataset> dataWrapper,
             BooleanSupplier disposed) {
        this.settings = settings;
        this.file = file;
        this.host = host;
        this.data = data;
        this.dataWrapper = dataWrapper;
        this.disposed = disposed;
    }

    private boolean stopAsked() {
        return cancelled.get() || disposed.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    /** The run, on the training thread: fine-tunes {@code base} (null: a new model). */
    void train(Checkpoint base) {
        TrainRun r = this;
        TrainSettings s = settings;
        Trainer trainer;
        try {
            Dataset d = dataWrapper.apply(data.load(s, base, this::stopAsked, msg -> fx(() -> host.problem(msg, false)),
                    msg -> {
                        dataNote = msg;
                        fx(() -> host.problem(msg, false));
                    }));
            TrainConfig cfg = config(s, base);
            if (base != null) {
                trainer = Trainer.resume(base, d, cfg.withSteps(base.header().step() + s.steps()));
            } else {
                int classes = s.conditional() ? d.classNames().size() : 0;
                UNetConfig u = ModelPreset.config(s.baseChannels(), d.imageSize(), d.channels(), classes)
                        .withParameterization(s.prediction(), s.variance());
                trainer = new Trainer(u, new GaussianDiffusion(s.schedule(), s.timesteps()), d, cfg);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (InterruptedIOException e) {
            fx(() -> host.ended(r, null, null, null));
            return;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            String msg = e instanceof OutOfMemoryError ? "Not enough memory to load the data" : ModelStore.message(e);
            fx(() -> host.ended(r, null, null, msg));
            return;
        }
        Loop loop = new Loop(trainer);
        String failure = null;
        try {
            String description = describe(trainer);
            fx(() -> host.started(r, description));
            loop.budget = s.minutes() > 0 ? TimeBudget.minutes(s.minutes()) : null;
            TimeBudget budget = loop.budget;
            trainer.run(() -> stopAsked() || budget != null && budget.expired(), loop::onStep, loop::onCheckpoint);
        } catch (TrainingDivergedException e) {
            failure = "Training diverged (the loss became NaN or infinite at step " + trainer.step()
                    + "): try a smaller learning rate. The last good checkpoint was kept.";
        } catch (OutOfMemoryError | RuntimeException e) {
            // the batch's activations are unreachable now: there is memory to save the steps done so far
            failure = isMemoryFailure(e) ? memoryMessage(s) : "Training failed: " + ModelStore.message(e);
            loop.keepProgress();
        }
        if (failure == null && loop.budget != null && loop.last != null && loop.previewStep != trainer.step()
                && !cancelled.get() && !disposed.getAsBoolean()) {
            try {
                loop.preview(); // the budget ended the run: a last grid of what it learnt
            } catch (RuntimeException | OutOfMemoryError e) {
                // the run itself succeeded and is saved; the grid of the last minute stays
            }
        }
        loop.publish(true);
        String f = failure;
        Checkpoint ck = loop.lastCheckpoint;
        Path lastFile = loop.lastFile;
        fx(() -> host.ended(r, ck, lastFile, f));
    }

    /**
     * Whether a failure means memory ran out: the JVM's OutOfMemoryError, or one of ND4J's native
     * allocation failures, which arrive as OutOfMemoryErrors from JavaCPP ("Cannot allocate …") and
     * ND4J's memory manager ("Failed to allocate […] bytes") or as RuntimeExceptions carrying the
     * C++ error ("std::bad_alloc", "… allocation …"), possibly as the cause of another exception.
     */
    static boolean isMemoryFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("memory") || m.contains("allocat") || m.contains("bad_alloc")) {
                return true;
            }
        }
        return false;
    }

    static String memoryMessage(TrainSettings s) {
        return String.format(Locale.ROOT, "Not enough memory for a batch of %d images at %dx%d: try a smaller batch (e.g. %d)",
                s.batchSize(), s.imageSize(), s.imageSize(), Math.max(1, s.batchSize() / 2));
    }

    private static TrainConfig config(TrainSettings s, Checkpoint base) {
        // warm-up: a tenth of the run, at most Ho et al.-style 200 steps
        int warmup = base != null ? 0 : (int) Math.min(200, s.steps() / 10);
        // flips for a folder of photos (more data for free); none for Fashion-MNIST, whose shoes all point left
        return new TrainConfig(s.steps(), s.batchSize(), s.learningRate(), warmup, 1.0, s.emaDecay(), 0.1, 0,
                CHECKPOINT_EVERY, s.folder() != null);
    }

    private static String describe(Trainer t) {
        UNetConfig u = t.model().config();
        Dataset d = t.data();
        return String.format(Locale.ROOT, "%s: %,d images, %dx%d%s, %s · U-Net C = %d, %,d parameters%s · %s · %s, T = %d",
                d.name(), d.size(), d.imageSize(), d.imageSize(), d.channels() == 3 ? " RGB" : "",
                t.config().flip() ? "random flips" : "no flips", u.baseChannels(), t.model().numParams(),
                u.conditional() ? " · conditional" : "", ParameterizationText.describe(u.prediction(), u.variance()),
                t.diffusion().schedule(), t.diffusion().timesteps());
    }

    /** The training thread's side of a run: history, previews, requests, snapshots. */
    private final class Loop {
        final TrainRun r = TrainRun.this;
        final Trainer trainer;
        double[] steps = new double[1024], raw = new double[1024], smooth = new double[1024];
        int count;
        double emaSum, emaWeight;
        final double[] buckets = new double[Trainer.BUCKETS];
        TrainProgress last;
        Pixels previewPixels;
        long previewStep = -1;
        long lastPublish;
        UNet previewNet;
        /** The latest checkpoint, and the file that holds it (null: not on disk). */
        Checkpoint lastCheckpoint;
        Path lastFile;
        /** The trainer's step when the run began (a fine-tune's base step). */
        final long firstStep;
        /** Snapshots on their way to the FX thread: only the latest is shown. */
        final LatestValue<Snapshot> snapshots;
        /** The run's wall-clock budget (null: none), and when the next preview is due on it. */
        TimeBudget budget;
        double nextPreviewSeconds = PREVIEW_SECONDS;

        Loop(Trainer trainer) {
            this.trainer = trainer;
            this.snapshots = new LatestValue<>(snap -> host.show(r, snap));
            this.firstStep = trainer.step();
            Arrays.fill(buckets, Double.NaN);
        }

        void onStep(TrainProgress p) {
            last = p;
            if (count == steps.length) {
                steps = Arrays.copyOf(steps, count * 2);
                raw = Arrays.copyOf(raw, count * 2);
                smooth = Arrays.copyOf(smooth, count * 2);
            }
            steps[count] = p.step();
            raw[count] = p.loss();
            // bias-corrected moving average (as Adam's moments): follows the loss from the first step
            emaSum = SMOOTHING * emaSum + (1 - SMOOTHING) * p.loss();
            emaWeight = SMOOTHING * emaWeight + (1 - SMOOTHING);
            smooth[count] = emaSum / emaWeight;
            count++;
            for (int b = 0; b < buckets.length; b++) {
                double v = p.lossByBucket()[b];
                if (!Double.isNaN(v)) {
                    buckets[b] = Double.isNaN(buckets[b]) ? v : BUCKET_SMOOTHING * buckets[b] + (1 - BUCKET_SMOOTHING) * v;
                }
            }
            if (previewDue(p)) {
                preview();
            }
            handleSave();
            publish(r.paused.get()); // entering a pause: show the exact step it paused at
            while (r.paused.get() && !r.cancelled.get() && !disposed.getAsBoolean()) {
                handleSave();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void onCheckpoint(Checkpoint ck) {
            lastCheckpoint = ck;
            lastFile = null;
            if (r.discard) {
                return;
            }
            try {
                ck.save(r.file);
                lastFile = r.file;
                fx(() -> host.autosaved(r, r.file));
            } catch (IOException e) {
                String msg = "Cannot autosave to " + r.file + ": " + ModelStore.message(e);
                fx(() -> host.problem(msg, true));
            }
        }

        /**
         * After a step failed: writes the steps trained since the last checkpoint to the autosave file, so
         * the run ends with its last whole step on disk (unless the user chose not to save, the run
         * trained nothing new, or the failure left the weights half-updated). A failure to write keeps
         * the last autosave.
         */
        void keepProgress() {
            long onDisk = lastFile == null ? firstStep : lastCheckpoint.header().step();
            if (r.discard || !trainer.consistent() || trainer.step() <= onDisk) {
                return;
            }
            try {
                Checkpoint ck = trainer.checkpoint();
                ck.save(r.file);
                lastCheckpoint = ck;
                lastFile = r.file;
                fx(() -> host.autosaved(r, r.file));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                String msg = "Cannot save the last steps to " + r.file + ": " + ModelStore.message(e);
                fx(() -> host.problem(msg, false));
            }
        }

        void handleSave() {
            Path f = r.saveRequest.getAndSet(null);
            if (f == null) {
                return;
            }
            Throwable ex = null;
            try {
                Checkpoint ck = trainer.checkpoint();
                ck.save(f);
                lastCheckpoint = ck;
                lastFile = f;
            } catch (IOException | RuntimeException e) {
                ex = e;
            }
            Throwable e2 = ex;
            long step = trainer.step();
            fx(() -> host.saved(r, f, e2, step));
        }

        /**
         * Whether to draw a preview after this step: the first step, the last, and then every N steps, or
         * with a time budget every minute and as the budget runs out (the step after which the run stops).
         */
        boolean previewDue(TrainProgress p) {
            if (previewStep < 0 && count == 1 || p.step() == p.totalSteps()) {
                return true;
            }
            if (budget == null) {
                return p.step() % r.settings.previewEvery() == 0;
            }
            if (budget.expired() || budget.elapsedSeconds() >= nextPreviewSeconds) {
                nextPreviewSeconds = (Math.floor(budget.elapsedSeconds() / PREVIEW_SECONDS) + 1) * PREVIEW_SECONDS;
                return true;
            }
            return false;
        }

        /** 16 samples from fixed seeds with the EMA weights (copied into a network of our own). */
        void preview() {
            UNetConfig u = trainer.model().config();
            if (previewNet == null) {
                previewNet = new UNet(u, 0);
            }
            previewNet.params().copyFrom(trainer.ema().params());
            int s = u.imageSize(), c = u.imageChannels();
            int[] classes = null;
            if (u.conditional()) {
                classes = new int[PREVIEW_SAMPLES];
                for (int i = 0; i < classes.length; i++) {
                    classes[i] = i % u.numClasses();
                }
            }
            int steps = Math.min(PREVIEW_STEPS, trainer.diffusion().timesteps());
            Sampler sampler = Sampler.fromNoise(trainer.diffusion(), new UNetDenoiser(previewNet),
                    SamplerConfig.ddim(steps, 0, PREVIEW_SEED), new long[] {PREVIEW_SAMPLES, s, s, c}, classes);
            SamplingStep st = null;
            while (sampler.hasNext() && !r.cancelled.get()) {
                st = sampler.next();
            }
            if (st != null && st.last()) {
                int content = trainer.data().contentSize() > 0 ? trainer.data().contentSize() : s;
                previewPixels = SampleGridPixels.grid(st.xValues(), PREVIEW_SAMPLES, s, s, c, content, 1);
                previewStep = trainer.step();
            }
        }

        void publish(boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastPublish < 1_000_000_000L / SNAPSHOTS_PER_SECOND) {
                return;
            }
            if (last == null) {
                return;
            }
            lastPublish = now;
            int every = Math.max(1, (count + CHART_POINTS - 1) / CHART_POINTS);
            int n = (count + every - 1) / every;
            double[] xs = new double[n], ls = new double[n], ss = new double[n];
            for (int i = 0; i < n; i++) {
                int from = i * every, to = Math.min(count, from + every);
                double sum = 0;
                for (int k = from; k < to; k++) {
                    sum += raw[k];
                }
                xs[i] = steps[to - 1];
                ls[i] = sum / (to - from); // the mean of the raw losses it stands for
                ss[i] = smooth[to - 1];
            }
            TrainProgress p = last;
            Snapshot snap = new Snapshot(p.step(), p.totalSteps(), p.loss(), smooth[count - 1], p.stepsPerSecond(),
                    budget == null ? p.etaSeconds() : budget.remainingSeconds(), p.learningRate(), xs, ls, ss,
                    buckets.clone(), previewPixels, previewStep, budget == null ? 0 : budget.minutes() * 60,
                    budget == null ? 0 : budget.elapsedSeconds());
            snapshots.publish(snap);
        }
    }

    private static void fx(Runnable action) {
        Platform.runLater(action);
    }
}
