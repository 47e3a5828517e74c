package org.ddpmexplorer.ui.generate;

import java.util.List;
import java.util.Random;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.ddpmexplorer.diffusion.ClassLabels;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.nn.UNetConfig;

/**
 * The Generate tab's sampler settings as read-only properties with verbs that clamp what they are
 * given: the kind of sampler, steps, η, the fixed variance, the number of samples, seed, class and
 * guidance, clipping and whether ε̂ is shown. {@link #config()} turns them into a {@link SamplerConfig}.
 * FX thread.
 */
public final class GenerateSettings {
    public static final List<Integer> SAMPLE_COUNTS = List.of(1, 4, 16);
    /** Default: DDPM (Algorithm 2) on 100 respaced steps (σ² = β̃_t suits respacing): seconds for the bundled model. */
    public static final int DEFAULT_STEPS = 100;
    /** {@link #classIndexProperty()} for "any class": the classes in turn. */
    public static final int ANY_CLASS = -1;
    /** {@link #classIndexProperty()} for the model's "no class" label (the unconditional half of guidance). */
    public static final int NO_CLASS = -2;

    private final ReadOnlyObjectWrapper<SamplerConfig.Kind> kind = new ReadOnlyObjectWrapper<>(this, "kind", SamplerConfig.Kind.DDPM);
    private final ReadOnlyIntegerWrapper steps = new ReadOnlyIntegerWrapper(this, "steps", DEFAULT_STEPS);
    private final ReadOnlyDoubleWrapper eta = new ReadOnlyDoubleWrapper(this, "eta", 0);
    private final ReadOnlyObjectWrapper<SamplerConfig.Variance> variance =
            new ReadOnlyObjectWrapper<>(this, "variance", SamplerConfig.Variance.POSTERIOR);
    private final ReadOnlyIntegerWrapper sampleCount = new ReadOnlyIntegerWrapper(this, "sampleCount", 4);
    private final ReadOnlyLongWrapper seed = new ReadOnlyLongWrapper(this, "seed", 1);
    private final ReadOnlyIntegerWrapper classIndex = new ReadOnlyIntegerWrapper(this, "classIndex", ANY_CLASS);
    private final ReadOnlyDoubleWrapper guidance = new ReadOnlyDoubleWrapper(this, "guidance", 1);
    private final ReadOnlyBooleanWrapper clip = new ReadOnlyBooleanWrapper(this, "clip", true);
    private final ReadOnlyBooleanWrapper showNoise = new ReadOnlyBooleanWrapper(this, "showNoise", true);
    /** The loaded model's T (steps are clamped to it); 4000 without a model. */
    private int maxSteps = 4000;

    /** Fits the settings to a newly loaded model: steps ≤ its T, a class it has. */
    void fitTo(int timesteps, int numClasses) {
        maxSteps = timesteps;
        if (steps.get() > timesteps) {
            steps.set(timesteps);
        }
        if (classIndex.get() >= numClasses) {
            classIndex.set(ANY_CLASS);
        }
    }

    public ReadOnlyObjectProperty<SamplerConfig.Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stepsProperty() {
        return steps.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SamplerConfig.Variance> varianceProperty() {
        return variance.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty sampleCountProperty() {
        return sampleCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty seedProperty() {
        return seed.getReadOnlyProperty();
    }

    /** The class to generate for a conditional model: an index, {@link #ANY_CLASS} or {@link #NO_CLASS}. */
    public ReadOnlyIntegerProperty classIndexProperty() {
        return classIndex.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty guidanceProperty() {
        return guidance.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty clipProperty() {
        return clip.getReadOnlyProperty();
    }

    /** Whether ε̂ is shown beside x_t and x̂_0. */
    public ReadOnlyBooleanProperty showNoiseProperty() {
        return showNoise.getReadOnlyProperty();
    }

    public void setKind(SamplerConfig.Kind k) {
        if (k != null) {
            kind.set(k);
        }
    }

    /** Steps of the run, clamped to 1..T of the loaded model. */
    public void setSteps(int value) {
        steps.set(Math.max(1, Math.min(maxSteps, value)));
    }

    public void setEta(double value) {
        eta.set(Math.max(0, Math.min(1, value)));
    }

    public void setVariance(SamplerConfig.Variance v) {
        if (v != null) {
            variance.set(v);
        }
    }

    /** 1, 4 or 16 samples (other values are rounded to the nearest of those). */
    public void setSampleCount(int n) {
        sampleCount.set(n <= 2 ? 1 : n <= 9 ? 4 : 16);
    }

    public void setSeed(long value) {
        seed.set(Math.max(0, value));
    }

    /** A new random seed (the dice). */
    public void rollSeed() {
        seed.set(new Random().nextInt(1_000_000));
    }

    public void setClassIndex(int c) {
        classIndex.set(Math.max(NO_CLASS, c));
    }

    public void setGuidance(double w) {
        guidance.set(Math.max(0, Math.min(SamplerConfig.MAX_GUIDANCE, w)));
    }

    public void setClip(boolean on) {
        clip.set(on);
    }

    void setShowNoise(boolean on) {
        showNoise.set(on);
    }

    /** The sampler configuration of the current settings. */
    public SamplerConfig config() {
        return new SamplerConfig(kind.get(), steps.get(), eta.get(), variance.get(), clip.get(), guidance.get(), seed.get());
    }

    /** The labels of n images for a model {@code u} (null for an unconditional one). */
    int[] classes(UNetConfig u, int n) {
        return u.conditional() ? classesFor(classIndex.get(), seed.get(), n, u.numClasses()) : null;
    }

    /**
     * The labels of n images of a k-class model: {@code classIndex} for each; for {@link #ANY_CLASS}
     * the classes in turn from one the seed picks, so that a single image is not always class 0; for
     * {@link #NO_CLASS} the model's no-class label.
     */
    static int[] classesFor(int classIndex, long seed, int n, int k) {
        if (classIndex == NO_CLASS) {
            return ClassLabels.all(ClassLabels.NONE, n);
        }
        return classIndex >= 0 ? ClassLabels.all(classIndex, n) : ClassLabels.anyClass(seed, n, k);
    }
}
