package org.margay.net.tcp.engine;

/** Layer-wide counters of a {@link TcpLayer}: demultiplexing, resets, listeners, SYN cookies, totals. */
public final class TcpLayerStats {
    final long[] slowPathReasons = new long[TcpStats.SLOW_REASONS];
    long segmentsIn;
    long segmentsOut;
    long fastPathSegments;
    long slowPathSegments;
    long dataSegmentsIn;
    long fastPathDataSegments;
    long malformedDropped;
    long noConnectionDropped;
    long rstsSent;
    long rstsDroppedNoRoom;
    long synsReceived;
    long synCookiesSent;
    long synCookiesAccepted;
    long synCookiesRejected;
    long synsDroppedBacklog;
    long acceptQueueOverflows;
    long connectionsOpened;
    long connectionsClosed;
    long icmpErrors;
    long icmpIgnored;
    long challengeAcksRateLimited;
    long synRetransmits;

    /** Segments handed to {@code onSegment}. */
    public long segmentsIn() { return segmentsIn; }
    /** Segments emitted through the sink (RSTs included). */
    public long segmentsOut() { return segmentsOut; }
    /** Segments of all connections that took the fast path. */
    public long fastPathSegments() { return fastPathSegments; }
    /** Segments of all connections that took the slow path. */
    public long slowPathSegments() { return slowPathSegments; }
    /** Connection segments that missed header prediction for {@code reason} (see {@link TcpStats#SLOW_STATE}). */
    public long slowPathReason(int reason) { return slowPathReasons[reason]; }
    /** Segments with payload delivered to connections. */
    public long dataSegmentsIn() { return dataSegmentsIn; }
    /** Segments with payload that took the fast path. */
    public long fastPathDataSegments() { return fastPathDataSegments; }

    /** The share of data segments that took the fast path, 0..1. */
    public double fastPathDataShare() {
        return dataSegmentsIn == 0 ? 0 : (double) fastPathDataSegments / dataSegmentsIn;
    }

    /** Segments that failed structural checks or had a bad option. */
    public long malformedDropped() { return malformedDropped; }
    /** Segments to no connection and no listener that were RST segments (never answered, RFC 9293 §3.10.7.1). */
    public long noConnectionDropped() { return noConnectionDropped; }
    /** RSTs sent for segments to closed ports or unacceptable handshakes. */
    public long rstsSent() { return rstsSent; }
    /** RSTs not sent because the pending-RST queue was full. */
    public long rstsDroppedNoRoom() { return rstsDroppedNoRoom; }
    /** SYNs received by listeners. */
    public long synsReceived() { return synsReceived; }
    /** SYN-ACKs sent with a cookie instead of state (RFC 4987 §3.6). */
    public long synCookiesSent() { return synCookiesSent; }
    /** ACKs that carried a valid cookie and created a connection. */
    public long synCookiesAccepted() { return synCookiesAccepted; }
    /** ACKs to a listener whose cookie was invalid (answered with RST). */
    public long synCookiesRejected() { return synCookiesRejected; }
    /** SYNs dropped because the SYN backlog was full and cookies were off. */
    public long synsDroppedBacklog() { return synsDroppedBacklog; }
    /** SYNs or cookie ACKs dropped because the accept queue was full. */
    public long acceptQueueOverflows() { return acceptQueueOverflows; }
    /** Connections created (active or passive). */
    public long connectionsOpened() { return connectionsOpened; }
    /** Connections released. */
    public long connectionsClosed() { return connectionsClosed; }
    /** ICMP errors accepted. */
    public long icmpErrors() { return icmpErrors; }
    /** ICMP errors ignored (no connection, or quoted sequence not in flight, RFC 5927 §4.1). */
    public long icmpIgnored() { return icmpIgnored; }
    /** SYN and SYN-ACK retransmissions of every connection, half-open children that died included. */
    public long synRetransmits() { return synRetransmits; }
    /** Challenge ACKs suppressed by the RFC 5961 §7 limit. */
    public long challengeAcksRateLimited() { return challengeAcksRateLimited; }

    /** The share of segments that took the fast path, 0..1 (0 when none were counted). */
    public double fastPathShare() {
        long all = fastPathSegments + slowPathSegments;
        return all == 0 ? 0 : (double) fastPathSegments / all;
    }

    @Override
    public String toString() {
        return "TcpLayerStats{in=" + segmentsIn + ", out=" + segmentsOut + ", fast=" + fastPathSegments + ", slow="
                + slowPathSegments + ", slowReasons=" + java.util.Arrays.toString(slowPathReasons) + ", malformed=" + malformedDropped + ", rstsSent=" + rstsSent + ", syns="
                + synsReceived + ", cookiesSent=" + synCookiesSent + ", cookiesAccepted=" + synCookiesAccepted
                + ", opened=" + connectionsOpened + ", closed=" + connectionsClosed + '}';
    }
}
