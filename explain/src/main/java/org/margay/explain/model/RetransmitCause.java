package org.margay.explain.model;

/** Why the stack sent sequence space again, with the rule it followed. */
public enum RetransmitCause {
    /** The retransmission timer expired. */
    RTO("retransmission timeout", "RFC 6298 §5.4"),
    /** Fast retransmit after duplicate ACKs, or SACK-based loss recovery. */
    FAST("fast retransmit", "RFC 5681 §3.2, RFC 6675 §5"),
    /** RACK declared the segment lost by time. */
    RACK("RACK loss detection", "RFC 8985 §6.2"),
    /** A tail loss probe. */
    TLP("tail loss probe", "RFC 8985 §7.3"),
    /** A SYN or SYN-ACK sent again after its timer expired. */
    SYN_TIMEOUT("SYN retransmission timeout", "RFC 6298 §5.7, RFC 9293 §3.8.1"),
    /** The stack did not say (or the run cannot tell). */
    UNKNOWN("retransmission", "RFC 9293 §3.8.1");

    private final String text;
    private final String rule;

    RetransmitCause(String text, String rule) {
        this.text = text;
        this.rule = rule;
    }

    /** A short description. */
    public String text() {
        return text;
    }

    /** The RFC section the behaviour comes from. */
    public String rule() {
        return rule;
    }
}
