package org.margay.pdpix.spi;

/**
 * Counters of one library OS instance: duty cycles, operations started and completed, waits that timed out,
 * queues closed, and what the queue operators dropped or forwarded. Plain fields written by the library OS's thread; read them from that thread (or accept a
 * slightly stale view from another).
 */
public final class LibOSStatistics {
    long dutyCycles;
    long operationsStarted;
    long operationsCompleted;
    long waitTimeouts;
    long queuesClosed;
    private long elementsFilteredOut;
    private long elementsMappedOut;
    private long elementsForwarded;
    private long operatorDrops;
    private long callbackFailures;

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

    /** Elements a {@code filter} queue filtered out (on pop or on push). */
    public long elementsFilteredOut() {
        return elementsFilteredOut;
    }

    /** Elements a {@code map} queue's mapper dropped (returned null or an empty element). */
    public long elementsMappedOut() {
        return elementsMappedOut;
    }

    /** Elements {@code qconnect} forwarders pushed. */
    public long elementsForwarded() {
        return elementsForwarded;
    }

    /** Elements operators dropped for lack of memory (a copy they could not make). */
    public long operatorDrops() {
        return operatorDrops;
    }

    /** Exceptions thrown by applications' predicates, comparators and mappers (caught; the element dropped). */
    public long callbackFailures() {
        return callbackFailures;
    }

    // ------------------------------------------------------------------ for queue operators

    /** Counts an element filtered out. For queue operators. */
    public void recordFilteredOut() {
        elementsFilteredOut++;
    }

    /** Counts an element a mapper dropped. For queue operators. */
    public void recordMappedOut() {
        elementsMappedOut++;
    }

    /** Counts an element a forwarder pushed. For queue operators. */
    public void recordForwarded() {
        elementsForwarded++;
    }

    /** Counts an element dropped for lack of memory. For queue operators. */
    public void recordOperatorDrop() {
        operatorDrops++;
    }

    /** Counts an exception thrown by an application callback. For queue operators. */
    public void recordCallbackFailure() {
        callbackFailures++;
    }

    @Override
    public String toString() {
        return "duty cycles " + dutyCycles + ", operations " + operationsStarted + " started / " + operationsCompleted
                + " completed, wait timeouts " + waitTimeouts + ", queues closed " + queuesClosed
                + ", filtered out " + elementsFilteredOut + ", mapped out " + elementsMappedOut + ", forwarded "
                + elementsForwarded + ", operator drops " + operatorDrops + ", callback failures " + callbackFailures;
    }
}
