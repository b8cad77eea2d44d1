package org.margay.fastpath.runtime;

/**
 * A unit of cooperative work run by a {@link PollLoop} (or anything else that drives duty cycles): a stack's
 * poller, an application's event loop, the {@code PollLoop} itself when hosted by another runner.
 *
 * <p>Contract: {@link #doWork(long)} never blocks, does a bounded amount of work and returns how much it did
 * (0 when it found nothing to do, which lets an {@link IdleStrategy} back off). It runs on the loop's one
 * thread; it allocates nothing per call in steady state.
 */
public interface Agent {
    /** Does what is due at {@code nowNanos}; returns the amount of work done (0 means idle). */
    int doWork(long nowNanos);

    /** A short name for messages and error reports ("tcp-echo-server", "stack 10.0.0.1"). */
    String roleName();

    /** Called once on the loop's thread before the first {@link #doWork(long)}. */
    default void onStart() {
    }

    /** Called once on the loop's thread when the loop closes. */
    default void onClose() {
    }
}
