package org.margay.testkit;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Counts the bytes the current thread allocates on the Java heap (HotSpot's per-thread allocation counter), so
 * a test can assert that a hot path allocates nothing in steady state. It measures bytes, never time.
 *
 * <p>Where the JVM cannot count (not HotSpot, or counting disabled), {@link #currentThread()} aborts the calling
 * test as skipped with the reason: it never passes silently.
 */
public final class AllocationMeter {
    private final com.sun.management.ThreadMXBean threads;
    private final long threadId;

    private AllocationMeter(com.sun.management.ThreadMXBean threads, long threadId) {
        this.threads = threads;
        this.threadId = threadId;
    }

    /** A meter for the calling thread; skips the calling test when this JVM cannot count allocation. */
    public static AllocationMeter currentThread() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)) {
            Assumptions.abort("this JVM cannot count allocated bytes per thread");
            throw new AssertionError("unreachable");
        }
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(),
                "this JVM does not support per-thread allocation counting");
        threads.setThreadAllocatedMemoryEnabled(true);
        return new AllocationMeter(threads, Thread.currentThread().threadId());
    }

    /** The bytes the thread has allocated so far (a running total; subtract two readings). */
    public long allocatedBytes() {
        return threads.getThreadAllocatedBytes(threadId);
    }

    /** The bytes allocated while {@code work} ran on the calling thread. */
    public long measure(Runnable work) {
        long before = allocatedBytes();
        work.run();
        return allocatedBytes() - before;
    }
}
