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
    /**
     * The steady-state allocation of {@code operation} in bytes per call: runs it {@code warmUp} times, then
     * measures {@code windows} windows of {@code rounds} calls each and returns the quietest window's bytes per
     * call. A JIT compilation or a one-off lazy initialisation on a loaded machine can put a few hundred bytes
     * into one window; an allocation per call shows in every window as at least 16 bytes per call. Assert
     * "below 1 byte per call" on the result.
     */
    public double bytesPerCall(Runnable operation, int warmUp, int rounds, int windows) {
        for (int i = 0; i < warmUp; i++) {
            operation.run();
        }
        double best = Double.MAX_VALUE;
        for (int w = 0; w < windows; w++) {
            long before = allocatedBytes();
            for (int i = 0; i < rounds; i++) {
                operation.run();
            }
            best = Math.min(best, (double) (allocatedBytes() - before) / rounds);
            if (best == 0) {
                break;
            }
        }
        return best;
    }
}
