package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The lock API and the validating heap's thread checks. */
class ThreadingTest extends HeapTestBase {

    private static void runConcurrently(Runnable a, Runnable b) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t1 = new Thread(() -> {
            try {
                a.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        Thread t2 = new Thread(() -> {
            try {
                b.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void twoThreadsCountingUnderTheLockEndWithExactCounts() throws InterruptedException {
        Heap heap = newHeap(Heap.builder().binding(vm));
        int shared = node.newEmpty(heap, 0);
        int n = 200_000;
        Runnable work = () -> {
            for (int i = 0; i < n; i++) {
                heap.lock();
                try {
                    heap.incref(shared);
                    heap.incref(shared);
                    heap.decref(shared);
                    node.newEmpty(heap, 0); // allocation too
                    heap.safePoint();
                } finally {
                    heap.unlock();
                }
            }
        };
        runConcurrently(work, work);
        assertEquals(1 + 2L * n, heap.refcount(shared));
        assertTrue(heap.allocatedBlocks() >= 1);
        assertEquals(2L * n + 1, heap.liveCount(node), "nothing collected: every new object is still referenced");
    }

    @Test
    void validatingHeapRejectsAForeignThreadWithoutTheLock() throws InterruptedException {
        Heap heap = newHeap();
        int h = node.newEmpty(heap, 0);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                heap.incref(h);
            } catch (Throwable ex) {
                seen.set(ex);
            }
        });
        t.start();
        t.join();
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        assertEquals(1, heap.refcount(h), "the rejected call changed nothing");
        heap.decref(h);
    }

    @Test
    void validatingHeapAcceptsAForeignThreadHoldingTheLockAndRejectsTheOwnerMeanwhile() throws Exception {
        Heap heap = newHeap();
        int h = node.newEmpty(heap, 0);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (Heap.Access a = heap.acquire()) {
                heap.incref(h);
                locked.countDown();
                release.await(10, TimeUnit.SECONDS);
                heap.decref(h);
            } catch (Throwable ex) {
                failure.set(ex);
            }
        });
        t.start();
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> heap.refcount(h), "another thread holds the lock");
        release.countDown();
        t.join();
        assertEquals(null, failure.get());
        assertFalse(heap.isHeldByCurrentThread());
        assertEquals(1, heap.refcount(h));
        heap.withLock(() -> heap.decref(h));
    }

    @Test
    void ownershipCanBeHandedToAnotherThread() throws InterruptedException {
        Heap heap = newHeap();
        int h = node.newEmpty(heap, 0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                heap.incref(h);
                heap.decref(h);
                heap.decref(h);
            } catch (Throwable ex) {
                failure.set(ex);
            }
        });
        heap.setOwnerThread(t);
        t.start();
        t.join();
        heap.setOwnerThread(Thread.currentThread());
        assertEquals(null, failure.get());
        assertFalse(heap.isAlive(h));
    }

    @Test
    void lockIsReentrantAndTryLockTimesOut() throws Exception {
        Heap heap = newHeap(Heap.builder().binding(vm));
        heap.lock();
        heap.lock();
        assertTrue(heap.isHeldByCurrentThread());
        AtomicReference<Boolean> got = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                got.set(heap.tryLock(10, TimeUnit.MILLISECONDS));
            } catch (InterruptedException ex) {
                got.set(null);
            }
        });
        t.start();
        t.join();
        assertEquals(Boolean.FALSE, got.get());
        heap.unlock();
        heap.unlock();
        assertFalse(heap.isHeldByCurrentThread());
    }
}
