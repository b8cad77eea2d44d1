package org.margay.fastpath.runtime;

/**
 * Work a {@link PollLoop} runs once at a deadline (a retransmission, a delayed ACK, keepalive, TIME_WAIT
 * expiry, ARP ageing). A periodic task schedules itself again from {@link #run(long)}; scheduling an existing
 * task object allocates nothing.
 */
@FunctionalInterface
public interface BackgroundTask {
    /** Runs the task; {@code nowNanos} is at or after its deadline. Must not block. */
    void run(long nowNanos);
}
