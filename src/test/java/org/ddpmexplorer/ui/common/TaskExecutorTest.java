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

    @Test
    void theAppsWorkersRunAtTheBackgroundPriorityAndThreadsTheyStartInheritIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "per-thread nice values are Linux's");
        int callerBefore = org.ddpmexplorer.nn.NativeEngine.niceOfThisThread();
        TaskExecutor app = TaskExecutor.forThisMachine(), plain = new TaskExecutor(1);
        try {
            int[] child = new int[1];
            int worker = app.submit(() -> {
                Thread t = new Thread(() -> child[0] = org.ddpmexplorer.nn.NativeEngine.niceOfThisThread());
                t.start();
                t.join();
                return org.ddpmexplorer.nn.NativeEngine.niceOfThisThread();
            }).get(10, TimeUnit.SECONDS);
            // 10, or the caller's if that is lower still (a test run started with `nice`)
            int expected = Math.max(callerBefore, org.ddpmexplorer.nn.NativeEngine.BACKGROUND_NICE);
            assertEquals(expected, worker, "the app's worker thread");
            assertEquals(expected, child[0], "a thread it started");
            assertEquals(callerBefore, org.ddpmexplorer.nn.NativeEngine.niceOfThisThread(), "the caller is left alone");
            assertEquals(callerBefore, plain.submit(org.ddpmexplorer.nn.NativeEngine::niceOfThisThread).get(10, TimeUnit.SECONDS),
                    "a pool made without the hook keeps the normal priority");
        } finally {
            app.shutdown();
            plain.shutdown();
        }
    }
}
