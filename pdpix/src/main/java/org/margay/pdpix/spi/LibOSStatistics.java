package org.margay.pdpix.spi;

/**
 * Counters of one library OS instance: duty cycles, operations started and completed, waits that timed out,
 * queues closed. Plain fields written by the library OS's thread; read them from that thread (or accept a
 * slightly stale view from another).
 */
public final class LibOSStatistics {
    long dutyCycles;
    long operationsStarted;
    long operationsCompleted;
    long waitTimeouts;
    long queuesClosed;

    /** Poll-loop passes run (by waits and by {@code poll()}). */
    public long dutyCycles() {
        return dutyCycles;
    }

    /** Data-path operations started (each made a qtoken). */
    public long operationsStarted() {
        return operationsStarted;
    }

    /** Operations whose results were consumed by a wait. */
    public long operationsCompleted() {
        return operationsCompleted;
    }

    /** Waits that returned ETIMEDOUT. */
    public long waitTimeouts() {
        return waitTimeouts;
    }

    /** Queues closed with {@code close}. */
    public long queuesClosed() {
        return queuesClosed;
    }

    @Override
    public String toString() {
        return "duty cycles " + dutyCycles + ", operations " + operationsStarted + " started / " + operationsCompleted
                + " completed, wait timeouts " + waitTimeouts + ", queues closed " + queuesClosed;
    }
}
