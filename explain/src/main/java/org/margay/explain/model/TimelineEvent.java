package org.margay.explain.model;

import java.util.Objects;

/**
 * One thing that happened on a connection, at one side.
 *
 * @param timeNanos  when it happened (the source's clock: virtual time, or capture time)
 * @param order      a tie-breaker: the order in which the source saw things happen at the same time
 * @param side       0 or 1 (the side of the connection it happened at), or -1 for the connection as a whole
 * @param kind       what kind of event
 * @param text       one line saying what and why, citing the RFC section when there is one
 * @param packet     the number of the packet it concerns, or 0
 */
public record TimelineEvent(long timeNanos, long order, int side, EventKind kind, String text, int packet) {
    /** Checks the side and that there is a text. */
    public TimelineEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (side < -1 || side > 1) {
            throw new IllegalArgumentException("side must be -1, 0 or 1: " + side);
        }
    }
}
