package org.ddpmexplorer.ui.plane;

import javafx.animation.AnimationTimer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The one time slider of the plane: t = 0..T, shared by every view, and its play/pause. Playing
 * moves t at {@link #SECONDS_PER_RUN} seconds for the whole range, up (noising, the forward view) or
 * down (denoising), and stops at the end. FX thread.
 */
final class PlaneTimeline {
    /** A whole run, 0..T, plays in this many seconds whatever T is. */
    static final double SECONDS_PER_RUN = 5;

    final IntegerProperty timesteps = new SimpleIntegerProperty(this, "timesteps");
    /** The current t in 0..T (kept in range). */
    final IntegerProperty t = new SimpleIntegerProperty(this, "t", 0);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private int direction = 1;
    private double position;
    private long lastNanos;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            tick(now);
        }
    };

    PlaneTimeline(int timesteps) {
        this.timesteps.set(timesteps);
        this.timesteps.addListener((o, a, b) -> t.set(Math.min(t.get(), b.intValue())));
        t.addListener((o, a, b) -> {
            int v = Math.max(0, Math.min(this.timesteps.get(), b.intValue()));
            if (v != b.intValue()) {
                t.set(v);
            }
        });
    }

    ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** +1: play towards T (noising); -1: towards 0 (denoising). */
    void setDirection(int dir) {
        direction = dir >= 0 ? 1 : -1;
    }

    int direction() {
        return direction;
    }

    void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    /** Plays from the current t, or from the start if t is at the end. */
    void play() {
        int end = direction > 0 ? timesteps.get() : 0;
        if (t.get() == end) {
            t.set(direction > 0 ? 0 : timesteps.get());
        }
        position = t.get();
        lastNanos = 0;
        playing.set(true);
        timer.start();
    }

    void pause() {
        timer.stop();
        playing.set(false);
    }

    /** One step of the slider (the arrow keys). */
    void step(int delta) {
        pause();
        t.set(t.get() + delta);
    }

    private void tick(long now) {
        if (lastNanos == 0) {
            lastNanos = now;
            return;
        }
        double dt = (now - lastNanos) / 1e9;
        lastNanos = now;
        position += direction * dt * timesteps.get() / SECONDS_PER_RUN;
        int end = direction > 0 ? timesteps.get() : 0;
        if ((direction > 0 && position >= end) || (direction < 0 && position <= end)) {
            t.set(end);
            pause();
            return;
        }
        t.set((int) Math.round(position));
    }
}
