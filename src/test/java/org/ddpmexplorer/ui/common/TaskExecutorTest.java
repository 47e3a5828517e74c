package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskExecutorTest {
    @Test
    void heldWorkWaitsForReleaseThenRunsInSubmissionOrder() throws Exception {
        TaskExecutor ex = new TaskExecutor(1);
        try {
            ex.hold();
            List<Integer> ran = new CopyOnWriteArrayList<>();
            CompletableFuture<String> f = ex.submit(() -> {
                ran.add(1);
                return "first";
            });
            CountDownLatch done = new CountDownLatch(1);
            ex.execute(() -> {
                ran.add(2);
                done.countDown();
            });
            Thread.sleep(200);
            assertTrue(ex.isHeld());
            assertTrue(ran.isEmpty(), "nothing runs while held");
            assertFalse(f.isDone());
            ex.release();
            assertEquals("first", f.get(10, TimeUnit.SECONDS));
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(1, 2), ran);
            assertFalse(ex.isHeld());
            // after the release, new work starts at once
            assertEquals(3, ex.submit(() -> 3).get(10, TimeUnit.SECONDS));
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void shutdownDropsHeldWork() throws Exception {
        TaskExecutor ex = new TaskExecutor(1);
        ex.hold();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        ex.execute(() -> ran.add(1));
        ex.shutdown();
        ex.release();
        Thread.sleep(200);
        assertTrue(ran.isEmpty());
        assertTrue(ex.isShutdown());
    }
}
