package org.margay.apps;

import java.util.List;
import org.margay.examples.QueueApp;

/**
 * One running instance of an {@link App}: the event-driven parts it runs on (a TCP server, a UDP server, ...), how to
 * stop it, and its own counters for the summary line.
 *
 * <p>Invariants: after {@link #stop()} no new connection is accepted; {@link #finished()} turns true once every
 * connection it had has closed (a host gives up waiting after a grace period and closes the library OS instead).
 */
public interface Service {
    /** The parts to start, each a {@link QueueApp} owning its own queues. */
    List<QueueApp> parts();

    /** Stops accepting; idle connections close now, busy ones when their current exchange is done. */
    void stop();

    /** Whether it was stopped and every connection has closed. */
    boolean finished();

    /**
     * The app's own counters as space-separated {@code key=value} pairs ({@code requests=12 not-found=1}), or an
     * empty string. Keys are stable: scripts read them.
     */
    String counters();

    /**
     * Gives the service the time, about once per round of its host's loop ({@link AppHost#runUntil}), so that it can
     * enforce timeouts (an idle keep-alive connection). No completion arrives for an idle connection, so this is where
     * such a timer is checked. The default does nothing.
     */
    default void tick(long nowNanos) {
    }
}
