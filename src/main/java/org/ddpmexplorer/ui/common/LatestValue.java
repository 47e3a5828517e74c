package org.ddpmexplorer.ui.common;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands what a worker publishes to the FX thread, newest only: however many values arrive before the
 * FX thread gets to them, one {@code runLater} is pending at a time and it delivers the latest value
 * ("publish the latest frame, not a runLater per step"). Any thread may {@link #publish}; the
 * consumer runs on the FX thread.
 *
 * @param <T> an immutable value (a frame, a snapshot)
 */
public final class LatestValue<T> {
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor fxThread;
    private final Consumer<? super T> consumer;

    /** Delivers to {@code consumer} on the FX thread. */
    public LatestValue(Consumer<? super T> consumer) {
        this(Platform::runLater, consumer);
    }

    /** Delivers through {@code fxThread} (tests run the deliveries themselves). */
    LatestValue(Executor fxThread, Consumer<? super T> consumer) {
        this.fxThread = Objects.requireNonNull(fxThread);
        this.consumer = Objects.requireNonNull(consumer);
    }

    /** Makes {@code value} the one to deliver next, replacing one not delivered yet. */
    public void publish(T value) {
        latest.set(Objects.requireNonNull(value));
        if (scheduled.compareAndSet(false, true)) {
            fxThread.execute(this::deliver);
        }
    }

    /** Drops a value that has not been delivered yet (e.g. when its run has ended). */
    public void clear() {
        latest.set(null);
    }

    private void deliver() {
        // clear the flag first: a value published from here on schedules a new delivery
        scheduled.set(false);
        T v = latest.getAndSet(null);
        if (v != null) {
            consumer.accept(v);
        }
    }
}
