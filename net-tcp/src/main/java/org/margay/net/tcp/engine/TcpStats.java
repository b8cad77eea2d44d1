package org.margay.net.tcp.engine;

import org.margay.net.tcp.cc.CongestionControl;
import org.margay.net.tcp.cc.RttEstimator;

/**
 * Counters and gauges of one connection, readable at any time by the application (the engine writes them;
 * single-threaded, so read them on the engine's thread). Gauges (SRTT, RTTVAR, RTO, cwnd, ssthresh) are read from
 * the RTT estimator and the congestion controller when asked, so the per-segment path stores nothing for them.
 */
public final class TcpStats {
    /** Slow-path reason: the state was not ESTABLISHED. */
    public static final int SLOW_STATE = 0;
    /** Slow-path reason: flags other than ACK/PSH, or SEG.SEQ != RCV.NXT. */
    public static final int SLOW_FLAGS_OR_SEQUENCE = 1;
    /** Slow-path reason: recovery, duplicate ACKs, SACK state, reassembly holes, a pending FIN or a TLP episode. */
    public static final int SLOW_RECOVERY_STATE = 2;
    /** Slow-path reason: options other than an aligned timestamp (or missing timestamps). */
    public static final int SLOW_OPTIONS = 3;
    /** Slow-path reason: the timestamp failed the PAWS test. */
    public static final int SLOW_PAWS = 4;
    /** Slow-path reason: the window differs from SND.WND. */
    public static final int SLOW_WINDOW = 5;
    /** Slow-path reason: SEG.ACK outside [SND.UNA, SND.NXT]. */
    public static final int SLOW_ACK = 6;
    /** Slow-path reason: the payload does not fit the window. */
    public static final int SLOW_PAYLOAD = 7;
    /** Slow-path reason: a duplicate ACK (counted by the slow path). */
    public static final int SLOW_DUPLICATE_ACK = 8;
    /** The number of slow-path reasons. */
    public static final int SLOW_REASONS = 9;

    final long[] slowPathReasons = new long[SLOW_REASONS];
    long fastPathSegments;
    long slowPathSegments;
    long dataSegmentsIn;
    long fastPathDataSegments;
    long segmentsIn;
    long segmentsOut;
    long bytesIn;
    long bytesOut;
    long retransmitsRto;
    long retransmitsFast;
    long retransmitsRack;
    long retransmitsTlp;
    long synRetransmits;
    long retransmittedBytes;
    long dupAcksReceived;
    long sackedBytes;
    long challengeAcks;
    long resetsOnDataAfterClose;
    long dsacksSent;
    long dsacksReceived;
    long pawsDropped;
    long outOfWindowDropped;
    long zeroWindowProbes;
    long keepAlivesSent;
    long rtoExpirations;
    long recoveryEpisodes;
    private final RttEstimator rtt;
    private final CongestionControl cc;

    TcpStats(RttEstimator rtt, CongestionControl cc) {
        this.rtt = rtt;
        this.cc = cc;
    }

    /** Segments handled by header prediction (TCP-ENGINE.md "Fast path"). */
    public long fastPathSegments() { return fastPathSegments; }
    /** Segments handled by the full RFC 9293 §3.10.7 processing. */
    public long slowPathSegments() { return slowPathSegments; }
    /** Segments that missed header prediction for {@code reason} ({@link #SLOW_STATE} ... {@link #SLOW_DUPLICATE_ACK}). */
    public long slowPathReason(int reason) { return slowPathReasons[reason]; }
    /** Segments with payload received. */
    public long dataSegmentsIn() { return dataSegmentsIn; }
    /** Segments with payload that took the fast path. */
    public long fastPathDataSegments() { return fastPathDataSegments; }
    /** Segments received for this connection. */
    public long segmentsIn() { return segmentsIn; }
    /** Segments emitted. */
    public long segmentsOut() { return segmentsOut; }
    /** In-order payload bytes accepted. */
    public long bytesIn() { return bytesIn; }
    /** Payload bytes emitted, retransmissions included. */
    public long bytesOut() { return bytesOut; }
    /** Segments retransmitted after a retransmission timeout (RFC 6298 §5.4). */
    public long retransmitsRto() { return retransmitsRto; }
    /** Segments retransmitted by fast retransmit / SACK recovery (RFC 5681 §3.2, RFC 6675, RFC 6582). */
    public long retransmitsFast() { return retransmitsFast; }
    /** Segments retransmitted because RACK marked them lost (RFC 8985 §6). */
    public long retransmitsRack() { return retransmitsRack; }
    /** Tail loss probes that retransmitted (RFC 8985 §7.3). */
    public long retransmitsTlp() { return retransmitsTlp; }
    /** SYN or SYN-ACK retransmissions after a timeout (RFC 6298 §5.7, RFC 9293 §3.8.1); not in {@link #retransmits()}. */
    public long synRetransmits() { return synRetransmits; }
    /** All retransmitted segments carrying data or FIN (SYN retransmissions are {@link #synRetransmits()}). */
    public long retransmits() { return retransmitsRto + retransmitsFast + retransmitsRack + retransmitsTlp; }
    /** Payload bytes retransmitted. */
    public long retransmittedBytes() { return retransmittedBytes; }
    /** Duplicate ACKs received (RFC 5681 §2 definition). */
    public long dupAcksReceived() { return dupAcksReceived; }
    /** Bytes newly SACKed by the peer, summed over ACKs. */
    public long sackedBytes() { return sackedBytes; }
    /** Challenge ACKs sent (RFC 5961 §3–§5). */
    public long challengeAcks() { return challengeAcks; }
    /** Resets sent because data arrived after CLOSE (RFC 1122 §4.2.2.13). */
    public long resetsOnDataAfterClose() { return resetsOnDataAfterClose; }
    /** D-SACK blocks sent (RFC 2883). */
    public long dsacksSent() { return dsacksSent; }
    /** D-SACK blocks received. */
    public long dsacksReceived() { return dsacksReceived; }
    /** Segments dropped by PAWS (RFC 7323 §5). */
    public long pawsDropped() { return pawsDropped; }
    /** Segments dropped as unacceptable (RFC 9293 §3.10.7.4 sequence test). */
    public long outOfWindowDropped() { return outOfWindowDropped; }
    /** Zero-window probes sent (RFC 9293 §3.8.6.1). */
    public long zeroWindowProbes() { return zeroWindowProbes; }
    /** Keep-alive probes sent (RFC 9293 §3.8.4). */
    public long keepAlivesSent() { return keepAlivesSent; }
    /** Retransmission timer expiries. */
    public long rtoExpirations() { return rtoExpirations; }
    /** Fast-recovery episodes entered. */
    public long recoveryEpisodes() { return recoveryEpisodes; }
    /** Smoothed RTT (RFC 6298), 0 before a sample. */
    public long srttNanos() { return rtt.srttNanos(); }
    /** RTT variation (RFC 6298). */
    public long rttvarNanos() { return rtt.rttvarNanos(); }
    /** Current RTO including back-off. */
    public long rtoNanos() { return rtt.rtoNanos(); }
    /** Congestion window in bytes. */
    public long cwnd() { return cc.cwnd(); }
    /** Slow-start threshold in bytes (Long.MAX_VALUE before the first loss). */
    public long ssthresh() { return cc.ssthresh(); }

    @Override
    public String toString() {
        return "TcpStats{fast=" + fastPathSegments + ", slow=" + slowPathSegments + ", in=" + segmentsIn + ", out="
                + segmentsOut + ", slowReasons=" + java.util.Arrays.toString(slowPathReasons) + ", bytesIn=" + bytesIn + ", bytesOut=" + bytesOut + ", rtx(rto/fast/rack/tlp)="
                + retransmitsRto + "/" + retransmitsFast + "/" + retransmitsRack + "/" + retransmitsTlp + ", dupAcks="
                + dupAcksReceived + ", sacked=" + sackedBytes + ", challengeAcks=" + challengeAcks + ", srtt="
                + srttNanos() + ", rto=" + rtoNanos() + ", cwnd=" + cwnd() + ", ssthresh=" + ssthresh() + '}';
    }
}
