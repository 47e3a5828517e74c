package org.ddpmexplorer.ui.common;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;

/**
 * Records the time between JavaFX pulses: an {@link AnimationTimer} runs once per pulse on the FX
 * thread, so a long gap is a frame that came late. With each gap it keeps the CPU time the FX thread
 * used in it (its own work for that frame: CSS, layout, our handlers), so a long gap can be told apart
 * into work and waiting (for a core, or for the render thread). {@link #start()} and {@link #stop()}
 * on the FX thread; read the gaps after stopping.
 */
public final class PulseGaps extends AnimationTimer {
    private final List<long[]> gaps = new ArrayList<>();
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private long last;
    private long lastCpu;
    private long lastBlockedOrWaited;
    private long renderThreadId = -1;
    private long lastRenderCpu;

    @Override
    public void start() {
        if (threads.isThreadContentionMonitoringSupported()) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
        renderThreadId = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
        super.start();
    }

    @Override
    public void handle(long now) {
        long t = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        java.lang.management.ThreadInfo info = threads.getThreadInfo(Thread.currentThread().getId());
        long bw = info == null || info.getBlockedTime() < 0 ? 0 : (info.getBlockedTime() + info.getWaitedTime()) * 1_000_000L;
        long renderCpu = renderThreadId < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(renderThreadId));
        if (last != 0) {
            gaps.add(new long[] {t, t - last, cpu - lastCpu, bw - lastBlockedOrWaited, renderCpu - lastRenderCpu});
        }
        last = t;
        lastRenderCpu = renderCpu;
        lastCpu = cpu;
        lastBlockedOrWaited = bw;
    }

    /**
     * Each gap as {its end (System.nanoTime), its length, the FX thread's CPU time in it, the time it
     * spent blocked on a monitor or waiting (Object.wait, park: for a lock, for the render thread; at
     * millisecond resolution), the render thread's CPU time in it}, in ns, in order.
     */
    public List<long[]> gaps() {
        return gaps;
    }

    /** The FX thread's CPU time per gap in ns, shortest first. */
    public List<Long> sortedCpu() {
        return gaps.stream().map(g -> g[2]).sorted().toList();
    }

    /** The render thread's CPU time per gap in ns, shortest first. */
    public List<Long> sortedRenderCpu() {
        return gaps.stream().map(g -> g[4]).sorted().toList();
    }

    /** The gap lengths in ns, shortest first. */
    public List<Long> sorted() {
        return gaps.stream().map(g -> g[1]).sorted().toList();
    }
}
