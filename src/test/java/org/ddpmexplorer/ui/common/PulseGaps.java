package org.ddpmexplorer.ui.common;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long last;
    private long lastCpu;
    private long lastBlockedOrWaited;
    private long renderThreadId = -1;
    private long lastRenderCpu;
    /** Native thread ids whose run-queue delay is kept per gap: the FX thread, the render thread, the pulse timer. */
    private final long[] tids = {-1, -1, -1};
    private final long[] lastDelay = new long[3];
    private final long[] delay = new long[3];
    private String threadNames = "";

    @Override
    public void start() {
        if (threads.isThreadContentionMonitoringSupported()) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
        renderThreadId = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
        tids[0] = thisThreadsTid();
        Map<String, Long> byName = new TreeMap<>(); // native name (15 characters at most) to id; the first of equal names
        threadTable().forEach((tid, t) -> byName.putIfAbsent(t.name(), tid));
        threadNames = byName.keySet().toString();
        tids[1] = byName.entrySet().stream().filter(e -> e.getKey().startsWith("QuantumRendere")).mapToLong(Map.Entry::getValue)
                .findFirst().orElse(-1);
        // Monocle's pulse timer thread; GTK has none (its timer is a GLib source on the FX thread's own loop)
        tids[2] = byName.getOrDefault("Monocle Timer", -1L);
        for (int i = 0; i < 3; i++) {
            lastDelay[i] = runDelay(tids[i]);
        }
        super.start();
    }

    @Override
    public void handle(long now) {
        long t = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        ThreadInfo info = threads.getThreadInfo(Thread.currentThread().getId());
        long bw = info == null || info.getBlockedTime() < 0 ? 0 : (info.getBlockedTime() + info.getWaitedTime()) * 1_000_000L;
        long renderCpu = renderThreadId < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(renderThreadId));
        for (int i = 0; i < 3; i++) {
            delay[i] = runDelay(tids[i]);
        }
        if (last != 0) {
            gaps.add(new long[] {t, t - last, cpu - lastCpu, bw - lastBlockedOrWaited, renderCpu - lastRenderCpu,
                delay[0] - lastDelay[0], delay[1] - lastDelay[1], delay[2] - lastDelay[2]});
        }
        System.arraycopy(delay, 0, lastDelay, 0, 3);
        last = t;
        lastRenderCpu = renderCpu;
        lastCpu = cpu;
        lastBlockedOrWaited = bw;
    }

    /**
     * Each gap as {its end (System.nanoTime), its length, the FX thread's CPU time in it, the time it
     * spent blocked on a monitor or waiting (Object.wait, park: for a lock, for the render thread; at
     * millisecond resolution), the render thread's CPU time in it, and the time the FX thread, the
     * render thread and the pulse timer thread each spent runnable but waiting for a core (Linux's
     * run delay from {@code /proc/self/task/TID/schedstat}; 0 where it cannot be read)}, in ns, in order.
     */
    public List<long[]> gaps() {
        return gaps;
    }

    /** The native names of this process's threads when {@link #start()} ran, for the report. */
    public String threadNames() {
        return threadNames;
    }

    /** Which threads the run-delay columns follow: the native ids of the FX, render and timer threads (-1: not found). */
    public long[] trackedThreads() {
        return tids.clone();
    }

    private static long thisThreadsTid() {
        try {
            return Long.parseLong(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * A thread of this process as Linux counts it: its name (15 characters at most), nice value, CPU
     * time so far in clock ticks (10 ms), run delay so far in ns, and scheduling policy (0 normal, 3
     * batch, 5 idle).
     */
    public record ThreadStat(String name, int nice, long ticks, long runDelay, int policy) {
    }

    /** Every thread of this process now, by native id (from {@code /proc/self/task}); empty where that cannot be read. */
    public static Map<Long, ThreadStat> threadTable() {
        Map<Long, ThreadStat> table = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // the fields after the name start at field 3 (state); utime, stime are 14, 15; nice is 19
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
                    long tid = Long.parseLong(task.getFileName().toString());
                    // the policy is field 41
                    table.put(tid, new ThreadStat(name, Integer.parseInt(f[19 - 3]), ticks, runDelay(tid), Integer.parseInt(f[41 - 3])));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return table;
    }

    /**
     * CPU time in clock ticks so far: {all processes (busy time from /proc/stat), this process}; zeros
     * where it cannot be read. Their difference over a window is what other programs used.
     */
    public static long[] cpuTicks() {
        try {
            String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8 && i < all.length; i++) { // user .. steal; guest time is in user already
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(all[i]);
                }
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {busy, Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3])};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** Linux's run delay of a thread, in ns: the time it has been runnable but not running (the second field of schedstat). */
    private static long runDelay(long tid) {
        if (tid < 0) {
            return 0;
        }
        try {
            String[] f = Files.readString(Path.of("/proc/self/task/" + tid + "/schedstat")).strip().split(" ");
            return Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
