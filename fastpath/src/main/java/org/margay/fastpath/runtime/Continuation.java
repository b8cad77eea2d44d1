package org.margay.fastpath.runtime;

/**
 * An application's blocked operation, parked on a {@link PollLoop} until the operation it waits for (a qtoken)
 * can make progress. {@link PollLoop#wake(int)} makes it runnable; the loop then calls {@link #resume(long)}
 * once in its next duty cycle.
 */
@FunctionalInterface
public interface Continuation {
    /**
     * Continues the blocked work. Returns true when finished (the loop drops it and its handle goes stale),
     * false to stay parked until woken again. Must not block.
     */
    boolean resume(long nowNanos);
}
