package org.ddpmexplorer.ui.generate;

import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.util.Duration;

/**
 * The timeline of a kept run: the shown frame, playback from x_T to the sample and its speed. It
 * moves the position and asks its owner to show the frame; it does nothing while a run is sampling
 * or before the first. FX thread.
 */
final class TrajectoryPlayer {
    /** Playback: a sweep through the trajectory takes 6 s at 1x. */
    static final double PLAY_SWEEP_SECONDS = 6;
    static final Duration PLAY_FRAME = Duration.millis(40);

    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(this, "position");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper(this, "speed", 1);
    private final Timeline player = new Timeline(new KeyFrame(PLAY_FRAME, e -> playStep()));
    private final Supplier<Trajectory> trajectory;
    private final BooleanSupplier running;
    private final IntConsumer show;
    private double playPosition;

    /**
     * @param trajectory the kept run (null before the first)
     * @param running    whether a run is sampling (the timeline then stays where it is)
     * @param show       shows frame i of the kept run
     */
    TrajectoryPlayer(Supplier<Trajectory> trajectory, BooleanSupplier running, IntConsumer show) {
        this.trajectory = trajectory;
        this.running = running;
        this.show = show;
        player.setCycleCount(Animation.INDEFINITE);
    }

    /** The scrubbed frame, 0..frames − 1. */
    ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** Playback speed factor (0.25..4). */
    ReadOnlyDoubleProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    /** Shows frame i of the trajectory (clamped). */
    void setPosition(int i) {
        Trajectory tr = trajectory.get();
        if (tr == null || running.getAsBoolean()) {
            return;
        }
        int v = Math.max(0, Math.min(tr.size() - 1, i));
        position.set(v);
        playPosition = v;
        show.accept(v);
    }

    void stepPosition(int delta) {
        setPosition(position.get() + delta);
    }

    /** Plays the trajectory from x_T to the sample (from the start if at the end). */
    void play() {
        Trajectory tr = trajectory.get();
        if (tr == null || running.getAsBoolean() || playing.get()) {
            return;
        }
        if (position.get() >= tr.size() - 1) {
            setPosition(0);
        }
        playing.set(true);
        player.play();
    }

    void pause() {
        player.stop();
        playing.set(false);
    }

    void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    void setSpeed(double s) {
        speed.set(Math.max(0.25, Math.min(4, s)));
    }

    private void playStep() {
        Trajectory tr = trajectory.get();
        if (tr == null) {
            pause();
            return;
        }
        double perFrame = tr.size() / (PLAY_SWEEP_SECONDS * 1000 / PLAY_FRAME.toMillis()) * speed.get();
        playPosition = Math.min(tr.size() - 1, playPosition + perFrame);
        int p = (int) Math.floor(playPosition);
        double keep = playPosition;
        if (p != position.get()) {
            position.set(p);
            show.accept(p);
        }
        playPosition = keep;
        if (p >= tr.size() - 1) {
            pause();
        }
    }
}
