package org.margay.explain.model;

/** What became of a packet, as far as the source knows. */
public enum Fate {
    /** Sent and received: both times are known (simulation). */
    DELIVERED,
    /** Sent and never received: dropped on the way (simulation). */
    LOST,
    /** Seen once, at a capture point: the other end's time is an estimate. */
    CAPTURED
}
