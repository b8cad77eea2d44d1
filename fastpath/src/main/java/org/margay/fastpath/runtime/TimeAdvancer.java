package org.margay.fastpath.runtime;

/**
 * Moves virtual time for a {@link PollLoop} that runs on a {@link org.margay.fastpath.time.VirtualClock}:
 * {@code clock::set}, or a simulator's {@code network::advanceTo}, which delivers what is due on the way.
 * The loop calls it only when a duty cycle found nothing to do, with the earliest time anything is due.
 */
@FunctionalInterface
public interface TimeAdvancer {
    /** Moves time to {@code nanos} (never earlier than the clock's current time). */
    void advanceTo(long nanos);
}
