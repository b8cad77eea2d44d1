package org.margay.explain.model;

/** The kinds of event on a connection's timeline. */
public enum EventKind {
    /** A state transition (RFC 9293 §3.3.2). */
    STATE,
    /** Sequence space sent again; the event names the cause. */
    RETRANSMISSION,
    /** A packet the network dropped (simulation only). */
    LOSS,
    /** A duplicate ACK. */
    DUP_ACK,
    /** A segment below the highest sequence sent that was not a retransmission. */
    OUT_OF_ORDER,
    /** A zero window advertised, or the window opening again. */
    WINDOW,
    /** A zero-window probe. */
    PROBE,
    /** A keep-alive. */
    KEEP_ALIVE,
    /** Congestion window or slow-start threshold change (RFC 5681, RFC 9438). */
    CONGESTION,
    /** An RTT sample, SRTT or RTO change, or the retransmission timer firing (RFC 6298). */
    TIMER,
    /** The SACK scoreboard changed (RFC 2018, RFC 6675). */
    SACK,
    /** Handshake round trip and other facts about the connection. */
    INFO
}
