package org.margay.explain.model;

/**
 * What sequence-space reasoning says about one TCP segment seen at one vantage point: the categories of
 * tshark's TCP analysis, each defined on RFC 9293 sequence numbers (§3.4) and RFC 5681's definitions.
 */
public enum Finding {
    /** A segment carrying sequence space already sent: data, SYN or FIN sent again. */
    RETRANSMISSION("retransmission"),
    /** A retransmission that answers at least two duplicate ACKs for exactly its sequence number (RFC 5681 §3.2). */
    FAST_RETRANSMISSION("fast retransmission"),
    /** A retransmission of bytes the peer had already acknowledged. */
    SPURIOUS_RETRANSMISSION("spurious retransmission"),
    /** A segment below the highest sequence number sent, arriving sooner than a retransmission could. */
    OUT_OF_ORDER("out-of-order"),
    /** An ACK that repeats the last acknowledgment, window and sequence number, carrying nothing (RFC 5681 §2). */
    DUP_ACK("duplicate ACK"),
    /** The receiver advertises a window of zero (RFC 9293 §3.8.6). */
    ZERO_WINDOW("zero window"),
    /** One byte sent into a zero window to probe it (RFC 9293 §3.8.6.1). */
    ZERO_WINDOW_PROBE("zero-window probe"),
    /** The answer to a zero-window probe. */
    ZERO_WINDOW_PROBE_ACK("zero-window probe ACK"),
    /** This segment fills the receiver's advertised window exactly. */
    WINDOW_FULL("window full"),
    /** An ACK that only changes the window (RFC 9293 §3.8.6.2.2). */
    WINDOW_UPDATE("window update"),
    /** A keep-alive: at most one byte at SND.NXT − 1 (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6). */
    KEEP_ALIVE("keep-alive"),
    /** The answer to a keep-alive. */
    KEEP_ALIVE_ACK("keep-alive ACK"),
    /** Sequence numbers jump forward: the capture missed earlier segments. */
    PREVIOUS_SEGMENT_NOT_CAPTURED("previous segment not captured"),
    /** The ACK covers bytes the capture never saw. */
    ACKED_UNSEEN_SEGMENT("ACKed segment not captured");

    private final String text;

    Finding(String text) {
        this.text = text;
    }

    /** A short lower-case description. */
    public String text() {
        return text;
    }
}
