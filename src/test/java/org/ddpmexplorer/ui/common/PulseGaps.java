package org.ddpmexplorer.ui.common;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;

/**
 * Records the time between JavaFX pulses: an {@link AnimationTimer} runs once per pulse on the FX
 * thread, so a long gap is a frame that came late. {@link #start()} and {@link #stop()} on the FX
 * thread; read the gaps after stopping.
 */
public final class PulseGaps extends AnimationTimer {
    private final List<long[]> gaps = new ArrayList<>();
    private long last;

    @Override
    public void handle(long now) {
        long t = System.nanoTime();
        if (last != 0) {
            gaps.add(new long[] {t, t - last});
        }
        last = t;
    }

    /** Each gap as {its end (System.nanoTime), its length in ns}, in order. */
    public List<long[]> gaps() {
        return gaps;
    }

    /** The gap lengths in ns, shortest first. */
    public List<Long> sorted() {
        return gaps.stream().map(g -> g[1]).sorted().toList();
    }
}
