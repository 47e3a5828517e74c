package org.ddpmexplorer.ui.training;

import static org.ddpmexplorer.ui.common.UiTestBench.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.stage.Stage;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.ddpmexplorer.ui.common.PulseGaps;
import org.ddpmexplorer.ui.common.UiTestBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A benchmark, not part of the test run: the gaps between FX pulses while the Train tab trains
 * with its defaults (bundled Fashion-MNIST, batch 16, base 16) for a while, with the JVM's GC
 * pauses, to say where each long gap comes from.
 * <pre>mvn -o test -Dtest=TrainPulseBench -Dddpm.pulseBench=60 [-Dsurefire.failIfNoSpecifiedTests=false]</pre>
 * (seconds of training measured; {@code -Dddpm.pulseBenchIdle=true} measures as long with nothing
 * training first). Writes {@code target/pulse-bench.txt}.
 */
@EnabledIfSystemProperty(named = "ddpm.pulseBench", matches = "\\d+")
@ExtendWith(ApplicationExtension.class)
class TrainPulseBench {
    private UiTestBench bench;
    private TrainController c;

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) {
        bench = new UiTestBench();
        c = new TrainController(bench.ctx, dir.resolve("models-" + UUID.randomUUID()));
        bench.show(stage, new TrainView(c, bench.ctx), c::dispose);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    /** A GC event: when it ended (nanoTime), how long it took, which collector and why. */
    private record Gc(long endNanos, long durationMs, String what) {
    }

    @Test
    void pulseGapsWhileTrainingWithTheDefaults(FxRobot robot) throws Exception {
        int seconds = Integer.getInteger("ddpm.pulseBench");
        List<Gc> gcs = new CopyOnWriteArrayList<>();
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long nanoAtJvmStart = System.nanoTime() - (System.currentTimeMillis() - jvmStartMs) * 1_000_000L;
        NotificationListener onGc = (n, h) -> {
            if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long end = nanoAtJvmStart + info.getGcInfo().getEndTime() * 1_000_000L;
                gcs.add(new Gc(end, info.getGcInfo().getDuration(), info.getGcName() + " (" + info.getGcCause() + ")"));
            }
        };
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) b).addNotificationListener(onGc, null, null);
        }

        StringBuilder out = new StringBuilder();
        if (Boolean.getBoolean("ddpm.pulseBenchIdle")) {
            // the same window with nothing training first: which long gaps the idle app has too
            PulseGaps idle = new PulseGaps();
            robot.interact(idle::start);
            Thread.sleep(seconds * 1000L);
            robot.interact(idle::stop);
            List<Long> s = idle.sorted();
            out.append(String.format(Locale.ROOT, "idle, before training: %d gaps: median %.1f ms, 99th pct %.1f ms, worst %.1f ms, %d over 33.4 ms%n",
                    s.size(), ms(s.get(s.size() / 2)), ms(s.get((int) (s.size() * 0.99))), ms(s.get(s.size() - 1)),
                    s.stream().filter(g -> g > 33_400_000L).count()));
        }
        PulseGaps pulse = new PulseGaps();
        robot.clickOn("#start-button");
        waitUntil(() -> c.snapshotProperty().get() != null && c.snapshotProperty().get().step() >= 3, "the first steps");
        robot.interact(() -> {
            c.resetWorstApply();
            pulse.start();
        });
        var threadsAtT0 = PulseGaps.threadTable();
        long[] ticksAtT0 = PulseGaps.cpuTicks();
        long t0 = System.nanoTime();
        long uptimeAtT0 = ManagementFactory.getRuntimeMXBean().getUptime();
        Thread.sleep(seconds * 1000L);
        robot.interact(pulse::stop);
        var threadsAtEnd = PulseGaps.threadTable();
        long[] ticksAtEnd = PulseGaps.cpuTicks();
        long steps = c.snapshotProperty().get().step();
        robot.interact(c::stop);

        List<Long> sorted = pulse.sorted();
        out.append(String.format(Locale.ROOT, "collector %s%n",
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList()));
        out.append(String.format(Locale.ROOT, "%d s, %d steps; %d gaps: median %.1f ms, 95th pct %.1f ms, 99th pct %.1f ms, worst %.1f ms, "
                + "%d over 16.7 ms+1, %d over 33.4 ms; worst snapshot apply %.1f ms%n",
                seconds, steps, sorted.size(), ms(sorted.get(sorted.size() / 2)), ms(sorted.get((int) (sorted.size() * 0.95))),
                ms(sorted.get((int) (sorted.size() * 0.99))), ms(sorted.get(sorted.size() - 1)),
                sorted.stream().filter(g -> g > 17_700_000L).count(), sorted.stream().filter(g -> g > 33_400_000L).count(),
                c.worstApplyNanos() / 1e6));
        List<Long> cpu = pulse.sortedCpu();
        out.append(String.format(Locale.ROOT, "FX thread CPU per frame: median %.1f ms, 99th pct %.1f ms, worst %.1f ms, %d over 16 ms%n",
                ms(cpu.get(cpu.size() / 2)), ms(cpu.get((int) (cpu.size() * 0.99))), ms(cpu.get(cpu.size() - 1)),
                cpu.stream().filter(g -> g > 16_000_000L).count()));
        List<Long> render = pulse.sortedRenderCpu();
        out.append(String.format(Locale.ROOT, "render thread CPU per frame: median %.1f ms, 99th pct %.1f ms, worst %.1f ms, %d over 16 ms%n",
                ms(render.get(render.size() / 2)), ms(render.get((int) (render.size() * 0.99))), ms(render.get(render.size() - 1)),
                render.stream().filter(g -> g > 16_000_000L).count()));
        long gcPauses = gcs.stream().filter(g -> g.endNanos >= t0 && !g.what.contains("Concurrent")).count();
        out.append(String.format(Locale.ROOT, "GC events in the window: %d (longest %d ms)%n", gcPauses,
                gcs.stream().filter(g -> g.endNanos >= t0).mapToLong(Gc::durationMs).max().orElse(0)));
        out.append(String.format(Locale.ROOT, "the window starts at JVM uptime %.3f s (for -Xlog's uptime stamps)%n", uptimeAtT0 / 1e3));
        out.append("threads: " + pulse.threadNames() + "; run delay followed for FX, render, timer: "
                + java.util.Arrays.toString(pulse.trackedThreads()) + "\n");
        for (int i = 0; i < 3; i++) {
            int col = 5 + i;
            List<Long> d = pulse.gaps().stream().map(g -> g[col]).sorted().toList();
            out.append(String.format(Locale.ROOT, "%s thread waiting for a core per frame: median %.2f ms, 99th pct %.1f ms, worst %.1f ms, total %.0f ms%n",
                    new String[] {"FX", "render", "timer"}[i], ms(d.get(d.size() / 2)), ms(d.get((int) (d.size() * 0.99))), ms(d.get(d.size() - 1)),
                    ms(d.stream().mapToLong(Long::longValue).sum())));
        }
        out.append(String.format(Locale.ROOT, "CPU time in the window: this process %.1f s, other processes %.1f s%n",
                (ticksAtEnd[1] - ticksAtT0[1]) / 100.0, ((ticksAtEnd[0] - ticksAtT0[0]) - (ticksAtEnd[1] - ticksAtT0[1])) / 100.0));
        out.append("threads that ran over 0.2 s in the window (native id, name, nice, CPU s, waiting for a core s):\n");
        threadsAtEnd.forEach((tid, e) -> {
            Object[] b = threadsAtT0.getOrDefault(tid, new Object[] {e[0], e[1], 0L, 0L});
            long ticks = (Long) e[2] - (Long) b[2];
            if (ticks > 20) { // clock ticks of 10 ms
                out.append(String.format(Locale.ROOT, "  %6d %-16s nice %3d policy %d  cpu %6.2f s  waiting %6.2f s%n", tid, e[0], e[1], e[4], ticks / 100.0,
                        ((Long) e[3] - (Long) b[3]) / 1e9));
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
        System.out.print(out);
        Files.writeString(Path.of("target", "pulse-bench.txt"), out.toString());
        assertTrue(sorted.size() > seconds * 10, "the FX thread kept pulsing: " + out);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
