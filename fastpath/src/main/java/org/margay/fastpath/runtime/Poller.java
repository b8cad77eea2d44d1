package org.margay.fastpath.runtime;

/**
 * The fast-path I/O work of a {@link PollLoop}: a network stack or device polled once per duty cycle.
 * {@code InetStack} fits it ({@code now -> stack.poll()}, {@code stack::nextDeadline}).
 */
public interface Poller {
    /** Receives, processes and transmits what is due at {@code nowNanos}; returns the work done. */
    int poll(long nowNanos);

    /**
     * The earliest time this poller has timer work (a lower bound is fine), or {@link Long#MAX_VALUE}. Work
     * arriving from outside (a received frame) is not announced here; a loop on real time polls anyway.
     */
    long nextDeadline();
}
