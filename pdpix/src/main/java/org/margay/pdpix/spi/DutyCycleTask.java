package org.margay.pdpix.spi;

/**
 * Work a library OS runs once in every duty cycle of its poll loop until the work says it is finished: a
 * {@code qconnect} forwarder, say. Unlike an {@link IoQueue} it has no queue descriptor. Tasks run on the library
 * OS's thread, after its device was polled and its queues serviced, and must not block or allocate per element.
 */
public interface DutyCycleTask {
    /** One step at time {@code nowNanos}; returns the work done (0 when nothing progressed). */
    int run(long nowNanos);

    /** Whether the task is done; the library OS then drops it. */
    boolean isFinished();

    /** Stops the task because the library OS is closing: it completes its token with {@code errno}. */
    void cancel(int errno);
}
