package org.ddpmexplorer.ui.forward;

import java.nio.file.Path;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.io.ImageLoader;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.LoadedImage;
import org.ddpmexplorer.io.SampleImages;
import org.ddpmexplorer.io.AnimationSources;
import org.ddpmexplorer.ui.common.AnimationExport;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.FxImages;
import org.ddpmexplorer.ui.common.SharedImage;
import org.ddpmexplorer.ui.common.StatusModel;

/**
 * The forward-process explorer's state and verbs. State is held in read-only JavaFX properties
 * (read and changed on the FX thread only); verbs change it and schedule image work on the
 * shared executor. x_t is computed by a {@link ForwardRenderer}, which shows only the latest frame.
 */
public final class ForwardController {
    /** Default T: the DDPM paper's 1000 steps. */
    public static final int DEFAULT_T = 1000;
    /** Range of T offered in the UI (the 10..4000). */
    public static final int MIN_T = 10, MAX_T = BetaSchedule.MAX_T;
    /** Working sizes (long side, px): 32/64 are typical model resolutions, 512 the largest. */
    public static final List<Integer> WORKING_SIZES = List.of(32, 64, 128, 256, 512);
    public static final int DEFAULT_WORKING_SIZE = 256;
    /** Play: one frame every 40 ms (25 fps) ... */
    static final Duration PLAY_FRAME = Duration.millis(40);
    /** ... advancing T/200 steps a frame, so a full sweep takes 8 s whatever T is. */
    static final int PLAY_FRAMES_PER_SWEEP = 200;

    private final AppContext ctx;
    private final StatusModel status;

    private final ReadOnlyObjectWrapper<BetaSchedule> schedule = new ReadOnlyObjectWrapper<>(this, "schedule", BetaSchedule.LINEAR);
    private final ReadOnlyIntegerWrapper timesteps = new ReadOnlyIntegerWrapper(this, "timesteps", DEFAULT_T);
    private final ReadOnlyIntegerWrapper t = new ReadOnlyIntegerWrapper(this, "t", DEFAULT_T / 4);
    private final ReadOnlyLongWrapper seed = new ReadOnlyLongWrapper(this, "seed", 1);
    private final ReadOnlyIntegerWrapper workingSize = new ReadOnlyIntegerWrapper(this, "workingSize", DEFAULT_WORKING_SIZE);
    private final ReadOnlyBooleanWrapper iterative = new ReadOnlyBooleanWrapper(this, "iterative", false);
    private final ReadOnlyBooleanWrapper compare = new ReadOnlyBooleanWrapper(this, "compare", false);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing", false);
    private final ReadOnlyObjectWrapper<GaussianDiffusion> diffusion = new ReadOnlyObjectWrapper<>(this, "diffusion");
    private final ReadOnlyObjectWrapper<LoadedImage> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<ImageTensor> x0 = new ReadOnlyObjectWrapper<>(this, "x0");
    private final ReadOnlyObjectWrapper<Image> x0Image = new ReadOnlyObjectWrapper<>(this, "x0Image");
    private final ReadOnlyObjectWrapper<Image> xtImage = new ReadOnlyObjectWrapper<>(this, "xtImage");
    private final ReadOnlyObjectWrapper<Image> linearImage = new ReadOnlyObjectWrapper<>(this, "linearImage");
    private final ReadOnlyObjectWrapper<Image> cosineImage = new ReadOnlyObjectWrapper<>(this, "cosineImage");
    private final ReadOnlyObjectWrapper<Readouts> readouts = new ReadOnlyObjectWrapper<>(this, "readouts");
    private final ReadOnlyIntegerWrapper frames = new ReadOnlyIntegerWrapper(this, "frames", 0);
    private final ReadOnlyIntegerWrapper frameT = new ReadOnlyIntegerWrapper(this, "frameT", -1);

    private final Timeline player = new Timeline(new KeyFrame(PLAY_FRAME, e -> playStep()));
    /** Bumped whenever x_0 changes, so late frames for an older image are dropped. */
    private long imageGeneration;
    private final ForwardImageLoader loader;
    private final ForwardRenderer renderer;
    private boolean disposed;

    public ForwardController(AppContext ctx) {
        this.ctx = ctx;
        this.status = ctx.status();
        this.renderer = new ForwardRenderer(ctx.executor()::execute, status, this::showFrame, msg -> {
            pause(); // play waits for frames: none is coming
            status.show(msg);
        });
        this.loader = new ForwardImageLoader(ctx, this::apply, workingSize::get, image::get, () -> disposed);
        player.setCycleCount(Animation.INDEFINITE);
        diffusion.set(new GaussianDiffusion(schedule.get(), timesteps.get()));
        readouts.set(Readouts.of(diffusion.get(), t.get()));
        // publish the image and t for other features ("Denoise from here" in Generate)
        Runnable share = () -> {
            ImageTensor img = x0.get();
            LoadedImage li = image.get();
            ctx.forwardImage().publish(img == null ? null
                    : new SharedImage.NoisedImage(li == null ? "image" : li.name(), img, t.get(), timesteps.get()));
        };
        x0.addListener((o, a, b) -> share.run());
        t.addListener((o, a, b) -> share.run());
        timesteps.addListener((o, a, b) -> share.run());
    }

    // ---- read-only state ----------------------------------------------------------------

    public ReadOnlyObjectProperty<BetaSchedule> scheduleProperty() {
        return schedule.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty timestepsProperty() {
        return timesteps.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty tProperty() {
        return t.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty seedProperty() {
        return seed.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty workingSizeProperty() {
        return workingSize.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty iterativeProperty() {
        return iterative.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty compareProperty() {
        return compare.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** True while an image is being decoded. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loader.loadingProperty();
    }

    /** The coefficients of the current schedule and T. */
    public ReadOnlyObjectProperty<GaussianDiffusion> diffusionProperty() {
        return diffusion.getReadOnlyProperty();
    }

    /** The loaded image (null until the first load finishes). */
    public ReadOnlyObjectProperty<LoadedImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** x_0 at the working size. */
    public ReadOnlyObjectProperty<ImageTensor> x0Property() {
        return x0.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Image> x0ImageProperty() {
        return x0Image.getReadOnlyProperty();
    }

    /** x_t under the chosen schedule (its pixels are rewritten in place for each frame). */
    public ReadOnlyObjectProperty<Image> xtImageProperty() {
        return xtImage.getReadOnlyProperty();
    }

    /** In compare mode: x_t under the linear schedule. */
    public ReadOnlyObjectProperty<Image> linearImageProperty() {
        return linearImage.getReadOnlyProperty();
    }

    /** In compare mode: x_t under the cosine schedule. */
    public ReadOnlyObjectProperty<Image> cosineImageProperty() {
        return cosineImage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Readouts> readoutsProperty() {
        return readouts.getReadOnlyProperty();
    }

    /** The last error meant for the user (null when there is none). */
    public ReadOnlyStringProperty errorProperty() {
        return loader.errorProperty();
    }

    /** The t of the picture on screen (-1 before the first frame); while a frame is computed it lags {@link #tProperty()}. */
    public ReadOnlyIntegerProperty frameTProperty() {
        return frameT.getReadOnlyProperty();
    }

    /** The number of frames drawn so far (increases whenever x_t is redrawn). */
    public ReadOnlyIntegerProperty framesProperty() {
        return frames.getReadOnlyProperty();
    }

    // ---- verbs --------------------------------------------------------------------------

    /**
     * The noising animation of the loaded image, t = 0..T, as the tab shows it now (schedule, T,
     * seed, closed form or chain, working size), for the GIF export; null before an image is loaded.
     */
    public AnimationExport animationExport() {
        ImageTensor img = x0.get();
        LoadedImage li = image.get();
        if (img == null || li == null) {
            return null;
        }
        GaussianDiffusion d = diffusion.get();
        long s = seed.get();
        boolean chainMode = iterative.get();
        String base = li.name().replaceFirst("\\.[^.]*$", "");
        return new AnimationExport("Noising " + li.name() + " (" + d.schedule() + ", T = " + d.timesteps() + ")",
                base + "-" + d.schedule().id() + "-noising.gif", d.timesteps() + 1, 1, false, img.width(), img.height(),
                AnimationExport.scaleFor(img.longSide()),
                () -> AnimationSources.forward(d, img, s, d.timesteps(), chainMode));
    }

    /** Loads an image file in the background; on failure the previous image stays and {@link #errorProperty()} says why. */
    public void loadImage(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        loader.load(name, () -> ImageLoader.load(file), file);
    }

    /** Loads one of the bundled sample images by file name. */
    public void loadSample(String file) {
        loader.load(file, () -> SampleImages.load(file), null);
    }

    private void apply(ForwardImageLoader.Prepared p) {
        imageGeneration++;
        image.set(p.image());
        x0.set(p.x0());
        x0Image.set(FxImages.write(p.pixels(), null));
        requestRender();
    }

    /** Dismisses the error message. */
    public void clearError() {
        loader.clearError();
    }

    /** Moves the timeline to t (clamped to 0..T). */
    public void setT(int value) {
        int v = Math.max(0, Math.min(timesteps.get(), value));
        if (v != t.get()) {
            Readouts old = readouts.get();
            t.set(v);
            Readouts r = Readouts.of(diffusion.get(), v);
            // while playing, the last measurements stay until the frame for v arrives (no flicker to "–")
            readouts.set(playing.get() && old != null && !Double.isNaN(old.psnr()) ? r.withMeasurements(old.psnr(), old.noiseStd()) : r);
            requestRender();
        }
    }

    /** Moves t by delta steps. */
    public void stepT(int delta) {
        setT(t.get() + delta);
    }

    public void setSchedule(BetaSchedule s) {
        if (s != null && s != schedule.get()) {
            schedule.set(s);
            rebuildDiffusion();
        }
    }

    /** Sets T (clamped to {@link #MIN_T}..{@link #MAX_T}); t keeps its relative position. */
    public void setTimesteps(int value) {
        int v = Math.max(MIN_T, Math.min(MAX_T, value));
        if (v != timesteps.get()) {
            int newT = (int) Math.round((double) t.get() / timesteps.get() * v);
            // listeners of either property must never see t > T: lower t first when T shrinks, raise T first when it grows
            if (v < timesteps.get()) {
                t.set(newT);
                timesteps.set(v);
            } else {
                timesteps.set(v);
                t.set(newT);
            }
            rebuildDiffusion();
        }
    }

    private void rebuildDiffusion() {
        diffusion.set(new GaussianDiffusion(schedule.get(), timesteps.get()));
        readouts.set(Readouts.of(diffusion.get(), t.get()));
        requestRender();
    }

    public void setSeed(long value) {
        if (value != seed.get()) {
            seed.set(value);
            requestRender();
        }
    }

    /** Draws new noise ε (the next seed). */
    public void resample() {
        setSeed(seed.get() + 1);
        status.show("New noise: seed " + seed.get());
    }

    /** Sets the working size (long side, 8..512 px) and recomputes x_0 from the loaded image in the background. */
    public void setWorkingSize(int size) {
        int v = Math.max(8, Math.min(512, size)); // the 512 max; below 8 px there is nothing to see
        if (v == workingSize.get()) {
            return;
        }
        workingSize.set(v);
        loader.prepareAtWorkingSize();
    }

    /** Chooses between the closed form of q(x_t | x_0) and stepping q(x_t | x_{t-1}) from x_0. */
    public void setIterative(boolean on) {
        if (on != iterative.get()) {
            iterative.set(on);
            status.show(on ? "Stepping the chain q(x_t | x_{t-1}) from x_0" : "Closed form q(x_t | x_0): x_t straight from x_0");
            requestRender();
        }
    }

    /** Shows x_t under the linear and the cosine schedule side by side. */
    public void setCompare(boolean on) {
        if (on != compare.get()) {
            compare.set(on);
            requestRender();
        }
    }

    /** Animates t upwards to T (from 0 if already at T). */
    public void play() {
        if (playing.get()) {
            return;
        }
        if (t.get() >= timesteps.get()) {
            setT(0);
        }
        playing.set(true);
        player.play();
    }

    public void pause() {
        player.stop();
        playing.set(false);
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    private void playStep() {
        if (x0.get() != null && frameT.get() != t.get()) {
            return; // the picture has not caught up yet (the chain at a large size): t waits for it
        }
        int step = Math.max(1, timesteps.get() / PLAY_FRAMES_PER_SWEEP);
        setT(t.get() + step);
        if (t.get() >= timesteps.get()) {
            pause();
        }
    }

    /** Stops the animation and drops pending work; the controller does nothing afterwards. */
    public void dispose() {
        disposed = true;
        pause();
        renderer.dispose();
    }

    // ---- rendering ----------------------------------------------------------------------

    private void requestRender() {
        ImageTensor img = x0.get();
        if (img == null || disposed) {
            return;
        }
        renderer.request(new ForwardRenderer.Request(imageGeneration, img, seed.get(), diffusion.get(), t.get(),
                iterative.get(), compare.get()));
    }

    /** Takes in the latest computed frame (FX thread). */
    private void showFrame(ForwardRenderer.Frame f) {
        if (f.generation() != imageGeneration || disposed) {
            return;
        }
        xtImage.set(FxImages.write(f.xt(), (WritableImage) xtImage.get()));
        if (f.linear() != null) {
            linearImage.set(FxImages.write(f.linear(), (WritableImage) linearImage.get()));
            cosineImage.set(FxImages.write(f.cosine(), (WritableImage) cosineImage.get()));
        }
        if (f.t() == t.get() && f.diffusion() == diffusion.get()) {
            readouts.set(Readouts.of(f.diffusion(), f.t()).withMeasurements(f.psnr(), f.noiseStd()));
        }
        frameT.set(f.t());
        frames.set(frames.get() + 1);
    }
}
