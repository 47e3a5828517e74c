package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The latest-value hand-over to the FX thread, with a stand-in FX thread the test runs by hand. */
class LatestValueTest {
    /** Queues the "runLater"s; the test runs them when it likes. */
    private static final class ManualFx implements Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queue.add(r);
        }

        void runAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }

    @Test
    void valuesPublishedBeforeTheFxThreadRunsAreOneDeliveryOfTheNewest() {
        ManualFx fx = new ManualFx();
        List<Integer> got = new ArrayList<>();
        LatestValue<Integer> v = new LatestValue<>(fx, got::add);
        v.publish(1);
        v.publish(2);
        v.publish(3);
        assertEquals(1, fx.queue.size(), "one runLater for three values");
        fx.runAll();
        assertEquals(List.of(3), got);

        v.publish(4); // after a delivery, the next value schedules again
        assertEquals(1, fx.queue.size());
        fx.runAll();
        assertEquals(List.of(3, 4), got);
    }

    @Test
    void clearDropsAValueNotYetDelivered() {
        ManualFx fx = new ManualFx();
        List<String> got = new ArrayList<>();
        LatestValue<String> v = new LatestValue<>(fx, got::add);
        v.publish("old run");
        v.clear();
        fx.runAll();
        assertEquals(List.of(), got);
        v.publish("new run");
        fx.runAll();
        assertEquals(List.of("new run"), got);
    }

    @Test
    void aValuePublishedWhileTheConsumerRunsIsDeliveredToo() {
        ManualFx fx = new ManualFx();
        List<Integer> got = new ArrayList<>();
        LatestValue<Integer>[] self = new LatestValue[1];
        self[0] = new LatestValue<>(fx, x -> {
            got.add(x);
            if (x == 1) {
                self[0].publish(2); // a worker publishing during the delivery
            }
        });
        self[0].publish(1);
        fx.runAll();
        assertEquals(List.of(1, 2), got);
    }

    @Test
    void underConcurrentPublishingAtMostOneDeliveryIsPendingAndTheLastValueArrives() throws Exception {
        ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        AtomicInteger pending = new AtomicInteger(), maxPending = new AtomicInteger();
        Executor fx = r -> {
            maxPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
            queue.add(r);
        };
        List<Integer> got = new ArrayList<>();
        LatestValue<Integer> v = new LatestValue<>(fx, got::add);
        int n = 200_000;
        Thread worker = new Thread(() -> {
            for (int i = 1; i <= n; i++) {
                v.publish(i);
            }
        });
        AtomicBoolean done = new AtomicBoolean();
        Thread fxThread = new Thread(() -> {
            while (!done.get() || !queue.isEmpty()) {
                Runnable r = queue.poll();
                if (r != null) {
                    pending.decrementAndGet();
                    r.run();
                }
            }
        });
        fxThread.start();
        worker.start();
        worker.join();
        done.set(true);
        fxThread.join();
        assertEquals(1, maxPending.get(), "never more than one runLater waiting");
        assertEquals(n, got.get(got.size() - 1), "the newest value is delivered");
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i) > got.get(i - 1), "values arrive in order, each once");
        }
    }
}
