package org.ddpmexplorer.ui.common;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.testfx.api.FxRobot;

/**
 * A window of time measured for the frame benchmarks ({@code TrainPulseBench},
 * {@code GeneratePulseBench}): every pulse gap ({@link PulseGaps}), the JVM's GC events, and the CPU
 * time and run delay of each thread of this process and of other processes over the window; then
 * a report that says, for every gap over two frames, what overlapped it.
 */
public final class PulseWindow implements AutoCloseable {
    /** A GC event: when it ended (nanoTime), how long it took, which collector and why. */
    private record Gc(long endNanos, long durationMs, String what) {
    }

    private final List<Gc> gcs = new CopyOnWriteArrayList<>();
    private final NotificationListener onGc;
    private final PulseGaps pulse = new PulseGaps();
    private Map<Long, PulseGaps.ThreadStat> threadsAtStart;
    private Map<Long, PulseGaps.ThreadStat> threadsAtEnd;
    private long[] ticksAtStart;
    private long[] ticksAtEnd;
    private long t0;
    private long uptimeAtStart;

    /** Starts listening for GC events (open it before the work starts). */
    public PulseWindow() {
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long nanoAtJvmStart = System.nanoTime() - (System.currentTimeMillis() - jvmStartMs) * 1_000_000L;
        onGc = (n, h) -> {
            if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long end = nanoAtJvmStart + info.getGcInfo().getEndTime() * 1_000_000L;
                gcs.add(new Gc(end, info.getGcInfo().getDuration(), info.getGcName() + " (" + info.getGcCause() + ")"));
            }
        };
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) b).addNotificationListener(onGc, null, null);
        }
    }

    /** Starts recording pulses (on the FX thread, with {@code alsoOnFx} run there first) and takes the threads' counters. */
    public void begin(FxRobot robot, Runnable alsoOnFx) {
        robot.interact(() -> {
            alsoOnFx.run();
            pulse.start();
        });
        threadsAtStart = PulseGaps.threadTable();
        ticksAtStart = PulseGaps.cpuTicks();
        t0 = System.nanoTime();
        uptimeAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** Stops recording and takes the threads' counters again. */
    public void end(FxRobot robot) {
        robot.interact(pulse::stop);
        threadsAtEnd = PulseGaps.threadTable();
        ticksAtEnd = PulseGaps.cpuTicks();
    }

    /** How many pulse gaps were recorded. */
    public int frames() {
        return pulse.gaps().size();
    }

    /**
     * The report: {@code what} (e.g. "40 s, 420 steps") and the gap statistics on its first line,
     * then the FX and render threads' work per frame, the waits for a core, the busy threads, and
     * each gap over 33.4 ms.
     */
    public String report(String what) {
        StringBuilder out = new StringBuilder();
        List<Long> sorted = pulse.sorted();
        out.append(String.format(Locale.ROOT, "collector %s%n",
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList()));
        out.append(String.format(Locale.ROOT, "%s; %d gaps: median %.1f ms, 95th pct %.1f ms, 99th pct %.1f ms, worst %.1f ms, "
                + "%d over 16.7 ms+1, %d over 33.4 ms%n", what, sorted.size(), ms(pct(sorted, 0.5)), ms(pct(sorted, 0.95)),
                ms(pct(sorted, 0.99)), ms(sorted.get(sorted.size() - 1)),
                sorted.stream().filter(g -> g > 17_700_000L).count(), sorted.stream().filter(g -> g > 33_400_000L).count()));
        perFrame(out, "FX thread CPU per frame", pulse.sortedCpu());
        perFrame(out, "render thread CPU per frame", pulse.sortedRenderCpu());
        long pauses = gcs.stream().filter(g -> g.endNanos >= t0 && !g.what.contains("Concurrent")).count();
        out.append(String.format(Locale.ROOT, "GC events in the window: %d (longest %d ms)%n", pauses,
                gcs.stream().filter(g -> g.endNanos >= t0).mapToLong(Gc::durationMs).max().orElse(0)));
        out.append(String.format(Locale.ROOT, "the window starts at JVM uptime %.3f s (for -Xlog's uptime stamps)%n", uptimeAtStart / 1e3));
        out.append("threads: " + pulse.threadNames() + "; run delay followed for FX, render, timer: "
                + Arrays.toString(pulse.trackedThreads()) + "\n");
        String[] names = {"FX", "render", "timer"};
        for (int i = 0; i < 3; i++) {
            int col = 5 + i;
            List<Long> d = pulse.gaps().stream().map(g -> g[col]).sorted().toList();
            out.append(String.format(Locale.ROOT, "%s thread waiting for a core per frame: median %.2f ms, 99th pct %.1f ms, worst %.1f ms, total %.0f ms%n",
                    names[i], ms(pct(d, 0.5)), ms(pct(d, 0.99)), ms(d.get(d.size() - 1)), ms(d.stream().mapToLong(Long::longValue).sum())));
        }
        long ours = ticksAtEnd[1] - ticksAtStart[1];
        out.append(String.format(Locale.ROOT, "CPU time in the window: this process %.1f s, other processes %.1f s%n",
                ours / 100.0, ((ticksAtEnd[0] - ticksAtStart[0]) - ours) / 100.0));
        out.append("threads that ran over 0.2 s in the window (native id, name, nice, policy, CPU s, waiting for a core s):\n");
        threadsAtEnd.forEach((tid, e) -> {
            PulseGaps.ThreadStat b = threadsAtStart.getOrDefault(tid, new PulseGaps.ThreadStat(e.name(), e.nice(), 0, 0, e.policy()));
            long ticks = e.ticks() - b.ticks();
            if (ticks > 20) { // clock ticks of 10 ms
                out.append(String.format(Locale.ROOT, "  %6d %-16s nice %3d policy %d  cpu %6.2f s  waiting %6.2f s%n", tid, e.name(), e.nice(),
                        e.policy(), ticks / 100.0, (e.runDelay() - b.runDelay()) / 1e9));
            }
        });
        out.append("gaps over 33.4 ms (time into the run, gap, FX thread CPU in it, FX thread blocked or waiting in it, render thread CPU in it, "
                + "run delay of the FX, render and timer threads in it, GC overlapping it):\n");
        for (long[] g : pulse.gaps()) {
            if (g[1] > 33_400_000L) {
                String gc = gcs.stream().filter(e -> e.endNanos >= g[0] - g[1] - 2_000_000L && e.endNanos - e.durationMs * 1_000_000L <= g[0])
                        .map(e -> e.what + " " + e.durationMs + " ms").reduce((a, b) -> a + ", " + b).orElse("none");
                out.append(String.format(Locale.ROOT, "  %7.3f s  %6.1f ms  cpu %5.1f ms  blocked/waiting %3.0f ms  render cpu %5.1f ms  "
                        + "run delay fx %4.1f render %4.1f timer %4.1f ms  %s%n", (g[0] - t0) / 1e9,
                        ms(g[1]), ms(g[2]), ms(g[3]), ms(g[4]), ms(g[5]), ms(g[6]), ms(g[7]), gc));
            }
        }
        return out.toString();
    }

    private static void perFrame(StringBuilder out, String what, List<Long> sorted) {
        out.append(String.format(Locale.ROOT, "%s: median %.1f ms, 99th pct %.1f ms, worst %.1f ms, %d over 16 ms%n", what,
                ms(pct(sorted, 0.5)), ms(pct(sorted, 0.99)), ms(sorted.get(sorted.size() - 1)), sorted.stream().filter(g -> g > 16_000_000L).count()));
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get((int) (sorted.size() * p));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Stops listening for GC events. */
    @Override
    public void close() {
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) b).removeNotificationListener(onGc);
            } catch (ListenerNotFoundException e) {
                // not registered with this collector
            }
        }
    }
}
