package org.margay.explain.model;

/** The quantities plotted over time, per side of a connection. */
public enum Metric {
    /** Congestion window, bytes (exact in simulation). */
    CWND("cwnd", "bytes"),
    /** Slow-start threshold, bytes (exact in simulation). */
    SSTHRESH("ssthresh", "bytes"),
    /** Bytes sent and not yet acknowledged. */
    IN_FLIGHT("in flight", "bytes"),
    /** One RTT measurement: data sent, first ACK covering it (Karn: never for retransmitted data). */
    RTT_SAMPLE("RTT sample", "ns"),
    /** Smoothed RTT (RFC 6298 §2), simulation only. */
    SRTT("SRTT", "ns"),
    /** Retransmission timeout (RFC 6298 §2, with back-off), simulation only. */
    RTO("RTO", "ns"),
    /** The window this side advertises, scaled, bytes. */
    RECEIVE_WINDOW("advertised window", "bytes");

    private final String label;
    private final String unit;

    Metric(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** The name shown in plots. */
    public String label() {
        return label;
    }

    /** The unit of the values: "bytes" or "ns". */
    public String unit() {
        return unit;
    }
}
