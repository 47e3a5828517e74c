package org.ddpmexplorer.ui.plane;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.train.ToyModelFile;
import org.ddpmexplorer.train.ToyTrainConfig;
import org.ddpmexplorer.train.ToyTrainer;
import org.ddpmexplorer.ui.common.LatestValue;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * Training the plane's MLP denoiser (the engine's {@link ToyTrainer}) on the executor: Train starts a
 * fresh model, Stop ends the run between two steps, Continue runs another round on the same model,
 * Reset drops it. While a run goes, the training thread publishes its {@link Progress} (newest only,
 * through {@link LatestValue}) with samples drawn from the EMA weights every {@link #PREVIEW_MS} ms.
 * When a run ends, the EMA snapshot becomes the {@link #modelProperty() model}.
 */
final class PlaneTraining {
    enum Phase {
        /** No model. */
        IDLE,
        TRAINING,
        /** Stop was asked; the run ends after its current step. */
        STOPPING,
        /** A model exists and no run goes: sample, continue or reset. */
        READY;

        boolean running() {
            return this == TRAINING || this == STOPPING;
        }
    }

    /** A published training state: step, smoothed loss, wall time, the loss curve, the latest preview samples. */
    record Progress(long step, long totalSteps, double loss, long elapsedMs, double[] lossCurve, float[] samples,
                    long samplesStep) {
        String summary() {
            return String.format(Locale.ROOT, "step %,d · loss %.4f · %.1f s", step, loss, elapsedMs / 1000.0);
        }
    }

    /**
     * A trained model: the EMA snapshot, its diffusion (schedule and T), the data it learnt, and the
     * same model as a file's content (what Save writes).
     */
    record Model(Denoiser denoiser, GaussianDiffusion diffusion, PointSet data, long step, ToyModelFile file) {
    }

    /** How often the training thread samples from the EMA weights for the live view. */
    static final long PREVIEW_MS = 250;
    /** How often the training thread publishes its progress (the status line and the loss curve). */
    static final long PUBLISH_MS = 100;
    /** Particles of the live preview (fewer than a full sampling run: it shares the thread with training). */
    static final int PREVIEW_PARTICLES = 1000;
    /** Steps of the live preview: DDPM on an evenly spaced subsequence of 1..T (respaced), cheap next to training. */
    static final int PREVIEW_STEPS = 25;
    /** Seed of the preview's x_T: the same particles at every preview, so the plot shows the model changing. */
    static final long PREVIEW_SEED = 99;
    /** Points of the published loss curve (bucket means of all steps). */
    static final int CURVE_POINTS = 300;

    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyObjectWrapper<Progress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ReadOnlyObjectWrapper<Model> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyBooleanWrapper continuable = new ReadOnlyBooleanWrapper(this, "continuable");
    private final LatestValue<Progress> publisher = new LatestValue<>(this::apply);
    private ToyTrainer trainer;
    /** What the data is, for the model file ("Two moons · 8,000 points"). */
    private String dataDescription = "";
    private volatile Run run;
    /** Training threads still running (a stopped run counts until its thread has returned). */
    private final java.util.concurrent.atomic.AtomicInteger workers = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long elapsedBefore;
    private float[] losses = new float[1024];
    private int lossCount;

    private static final class Run {
        final AtomicBoolean cancelled = new AtomicBoolean();
    }

    PlaneTraining(TaskExecutor executor) {
        this.executor = executor;
    }

    ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The latest progress (null before the first run). */
    ReadOnlyObjectProperty<Progress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The model of the last run that ended (null: none). */
    ReadOnlyObjectProperty<Model> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** Why the last run failed (null: it did not). */
    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether Continue can train the model further (a model read from a file has no optimiser state). */
    ReadOnlyBooleanProperty continuableProperty() {
        return continuable.getReadOnlyProperty();
    }

    /**
     * Starts a fresh model on {@code data} with the given forward process (T and schedule).
     *
     * @param description what the data is, recorded in the model file
     * @param prediction  what the network learns to predict
     * @param variance    the reverse steps' variance (learned: two more outputs)
     */
    void train(PointSet data, GaussianDiffusion diffusion, String description, Prediction prediction, VarianceType variance) {
        if (phase.get().running()) {
            return;
        }
        trainer = new ToyTrainer(MlpConfig.defaults(), diffusion, data,
                ToyTrainConfig.defaults().withPrediction(prediction).withVariance(variance));
        dataDescription = description == null ? "" : description;
        continuable.set(true);
        elapsedBefore = 0;
        synchronized (this) {
            lossCount = 0;
        }
        model.set(null);
        progress.set(null);
        start();
    }

    /** Another round of {@code ToyTrainConfig.defaults().steps()} steps on the current model. */
    void continueTraining() {
        if (trainer == null || phase.get().running()) {
            return;
        }
        start();
    }

    private void start() {
        error.set(null);
        Run r = new Run();
        run = r;
        phase.set(Phase.TRAINING);
        ToyTrainer tr = trainer;
        long target = tr.step() + ToyTrainConfig.defaults().steps();
        workers.incrementAndGet();
        executor.execute(() -> {
            try {
                loop(r, tr, target);
            } finally {
                workers.decrementAndGet();
            }
        });
    }

    /** Asks the run to end after its current step; the model so far is kept. */
    void stop() {
        if (run != null && phase.get() == Phase.TRAINING) {
            run.cancelled.set(true);
            phase.set(Phase.STOPPING);
        }
    }

    /** Stops any run and forgets the model. */
    void reset() {
        if (run != null) {
            run.cancelled.set(true);
            run = null;
        }
        publisher.clear();
        trainer = null;
        continuable.set(false);
        synchronized (this) {
            lossCount = 0;
        }
        model.set(null);
        progress.set(null);
        error.set(null);
        phase.set(Phase.IDLE);
    }

    /**
     * Makes a model read from a file the model (any run stops, the current model goes): it samples
     * and saves like a trained one; Continue needs a run of its own (the file has no optimiser state).
     *
     * @param data the points shown with it (the file records only a description of its data)
     */
    void adopt(ToyModelFile file, PointSet data) {
        reset();
        model.set(new Model(file.denoiser(), file.diffusion(), data, file.step(), file));
        phase.set(Phase.READY);
    }

    /** Whether a training thread is still running (any thread). */
    boolean workerActive() {
        return workers.get() > 0;
    }

    void dispose() {
        if (run != null) {
            run.cancelled.set(true);
        }
        publisher.clear();
    }

    /** The training thread: steps until the target, a stop or an interrupt; publishes as it goes. */
    private void loop(Run r, ToyTrainer tr, long target) {
        long start = System.nanoTime(), lastPublish = 0, nextPreview = 0;
        float[] samples = null;
        long samplesStep = 0;
        Throwable failure = null;
        try {
            while (tr.step() < target && !r.cancelled.get() && !Thread.currentThread().isInterrupted()) {
                double loss = tr.trainStep();
                recordLoss(r, (float) loss);
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (ms >= nextPreview) {
                    samples = sample(tr.emaSnapshot(), tr.diffusion(), previewConfig(tr.diffusion().timesteps()),
                            PREVIEW_PARTICLES, r);
                    samplesStep = tr.step();
                    long took = (System.nanoTime() - start) / 1_000_000 - ms;
                    // every PREVIEW_MS, but never more than a fifth of the time: training comes first
                    nextPreview = ms + Math.max(PREVIEW_MS, 5 * took);
                }
                if (ms - lastPublish >= PUBLISH_MS) {
                    lastPublish = ms;
                    publish(r, tr, target, start, samples, samplesStep);
                }
            }
            if (run == r) {
                publish(r, tr, target, start, samples, samplesStep); // the final step count and loss
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        Denoiser ema = failure == null ? tr.emaSnapshot() : null;
        ToyModelFile file = failure == null ? ToyModelFile.of(tr, dataDescription) : null;
        long ms = (System.nanoTime() - start) / 1_000_000;
        Throwable f = failure;
        Platform.runLater(() -> {
            if (run != r) {
                return; // reset meanwhile
            }
            elapsedBefore += ms;
            if (f != null) {
                error.set("Training failed: " + PlaneData.rootMessage(f));
            }
            if (ema != null) {
                model.set(new Model(ema, tr.diffusion(), tr.data(), tr.step(), file));
            }
            phase.set(ema != null || model.get() != null ? Phase.READY : Phase.IDLE);
        });
    }

    /**
     * The live preview's sampler: DDPM respaced to at most {@link #PREVIEW_STEPS} steps with σ² = β, no
     * clipping, from a fixed seed (deterministic DDIM with so few steps drew a half-trained model's
     * samples as thin filaments that the full run does not show).
     */
    static SamplerConfig previewConfig(int timesteps) {
        return new SamplerConfig(SamplerConfig.Kind.DDPM, Math.min(timesteps, PREVIEW_STEPS), 1, SamplerConfig.Variance.BETA,
                false, 1, PREVIEW_SEED);
    }

    /** Samples n particles with the given sampler (shape [n, 2], no clipping); null if cancelled. */
    static float[] sample(Denoiser d, GaussianDiffusion diffusion, SamplerConfig config, int n, Run r) {
        Sampler s = Sampler.fromNoise(diffusion, d, config, new long[] {n, 2}, null);
        SamplingStep last = null;
        while (s.hasNext()) {
            if (r != null && r.cancelled.get() && last != null) {
                return null;
            }
            last = s.next();
        }
        return last == null ? null : last.xValues();
    }

    private synchronized void recordLoss(Run r, float loss) {
        if (run != r) {
            return; // reset meanwhile: the next run's curve starts empty
        }
        if (lossCount == losses.length) {
            losses = java.util.Arrays.copyOf(losses, losses.length * 2);
        }
        losses[lossCount++] = loss;
    }

    private void publish(Run r, ToyTrainer tr, long target, long start, float[] samples, long samplesStep) {
        long ms = elapsedBefore + (System.nanoTime() - start) / 1_000_000;
        publisher.publish(new Progress(tr.step(), target, tr.lossEma(), ms, curve(), samples, samplesStep));
    }

    /** The loss per step, thinned to at most {@link #CURVE_POINTS} bucket means. */
    private synchronized double[] curve() {
        int n = lossCount, points = Math.min(n, CURVE_POINTS);
        double[] out = new double[points];
        for (int i = 0; i < points; i++) {
            int from = (int) ((long) i * n / points), to = (int) ((long) (i + 1) * n / points);
            double sum = 0;
            for (int k = from; k < to; k++) {
                sum += losses[k];
            }
            out[i] = sum / Math.max(1, to - from);
        }
        return out;
    }

    private void apply(Progress p) {
        if (phase.get().running()) {
            progress.set(p);
        }
    }

    /** Runs {@code c} with the progress each time it changes (for the status bar). */
    void onProgress(Consumer<Progress> c) {
        progress.addListener((o, a, b) -> {
            if (b != null) {
                c.accept(b);
            }
        });
    }
}
