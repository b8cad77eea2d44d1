package org.margay.net.tcp.recovery;

import org.margay.net.tcp.SequenceNumber;

/**
 * Tail Loss Probe (RFC 8985 §7): when the tail of a flight may have been lost and no ACK will come to let RACK see
 * it, send one probe after a probe timeout (PTO) shorter than the RTO, so that the loss is repaired by fast recovery
 * instead of a timeout.
 *
 * <p>The engine: asks {@link #mayArm} whenever it sends new data or an ACK advances SND.UNA, and if so arms the PTO
 * timer at {@link #probeDeadline}; when it fires, asks {@link #maySendProbe()} (else re-arms the RTO only), sends what
 * {@link #chooseProbe} says, and reports it with {@link #onProbeSent}; on every ACK calls {@link #onAck}, and when
 * that returns {@link #LOSS_REPAIRED} invokes the congestion controller's response to a loss (RFC 8985 §7.4.2). It
 * also reports RTT samples ({@link #onRttSample()}) and resets on an RTO ({@link #reset()}).
 *
 * <p>What must stay true: at most one probe is in flight per episode (TLP.end_seq set means one is); a new probe
 * needs an RTT sample since the previous one (§7.3). No allocation.
 */
public final class TailLossProbe {
    /** RFC 8985 §7.2's default budget for the receiver's delayed ACK when one segment is in flight: 200 ms. */
    public static final long DEFAULT_MAX_ACK_DELAY_NANOS = 200_000_000L;
    /** RFC 8985 §7.2: with no SRTT yet, the PTO is 1 s. */
    public static final long NO_SRTT_PTO_NANOS = 1_000_000_000L;
    /**
     * The default floor under 2·SRTT: 10 ms, the TLP draft's {@code PTO = max(2 * SRTT, 10ms)}
     * (draft-dukkipati-tcpm-tcp-loss-probe-01 §2.1) and Linux's first TLP. RFC 8985 §7.2 drops the floor, but with
     * an RTT near zero (a LAN, a loopback, a simulation with no delay) 2·SRTT is shorter than the time an ACK takes to
     * be generated and processed, and every flight would be followed by a probe.
     */
    public static final long DEFAULT_MIN_PTO_NANOS = 10_000_000L;

    /** {@link #chooseProbe}: send the next segment of new data (§7.3). */
    public static final int PROBE_NEW_DATA = 1;
    /** {@link #chooseProbe}: retransmit the highest-sequence segment sent so far (§7.3). */
    public static final int PROBE_RETRANSMIT_LAST = 2;

    /** {@link #onAck}: nothing to report. */
    public static final int NO_EVENT = 0;
    /** {@link #onAck}: the episode ended and nothing was lost (the probe or original was merely duplicated). */
    public static final int EPISODE_ENDED = 1;
    /** {@link #onAck}: the probe repaired a loss; the engine invokes the congestion response (§7.4.2). */
    public static final int LOSS_REPAIRED = 2;

    private final long maxAckDelayNanos;
    private final long minPtoNanos;
    private boolean episode;
    private int endSeq;
    private boolean isRetrans;
    private boolean rttSampledSinceProbe = true;

    /** A probe with RFC 8985's default TLP.max_ack_delay of 200 ms and the default 10 ms floor under 2·SRTT. */
    public TailLossProbe() {
        this(DEFAULT_MAX_ACK_DELAY_NANOS, DEFAULT_MIN_PTO_NANOS);
    }

    /**
     * A probe with the given TLP.max_ack_delay (RFC 8985 §7.2 leaves its value to the implementation; the draft
     * called it WCDelAckT, the worst-case delayed-ACK timer, and recommended 200 ms) and floor under 2·SRTT
     * ({@link #DEFAULT_MIN_PTO_NANOS}; 0 gives RFC 8985's formula exactly). Negative values count as 0.
     */
    public TailLossProbe(long maxAckDelayNanos, long minPtoNanos) {
        this.maxAckDelayNanos = Math.max(0, maxAckDelayNanos);
        this.minPtoNanos = Math.max(0, minPtoNanos);
    }

    /**
     * RFC 8985 §7.2: whether a PTO may be armed now: SACK is in use, the sender is in neither fast nor RTO recovery,
     * nothing is SACKed (RACK.segs_sacked is 0), and there is data in flight.
     */
    public boolean mayArm(boolean sackEnabled, boolean inRecovery, int sackedSegments, boolean dataInFlight) {
        return sackEnabled && !inRecovery && sackedSegments == 0 && dataInFlight;
    }

    /**
     * RFC 8985 §7.2 TLP_calc_PTO, as an absolute time: {@link #probeTimeout}, never later than the RTO would expire.
     *
     * @param hasSrtt whether an RTT sample exists
     * @param oneSegmentInFlight whether FlightSize is one segment
     * @param rtoExpiryNanos when the retransmission timer would fire (TCP_RTO_expiration())
     */
    public long probeDeadline(long nowNanos, boolean hasSrtt, long srttNanos, boolean oneSegmentInFlight,
            long rtoExpiryNanos) {
        return Math.min(nowNanos + probeTimeout(hasSrtt, srttNanos, oneSegmentInFlight), rtoExpiryNanos);
    }

    /**
     * RFC 8985 §7.2 TLP_calc_PTO as a duration: 2·SRTT, raised to the floor ({@link #DEFAULT_MIN_PTO_NANOS}), plus
     * TLP.max_ack_delay when the flight is one segment (its ACK may be delayed); 1 s without an SRTT.
     */
    public long probeTimeout(boolean hasSrtt, long srttNanos, boolean oneSegmentInFlight) {
        if (!hasSrtt) {
            return NO_SRTT_PTO_NANOS;
        }
        long pto = Math.max(2 * Math.max(0, srttNanos), minPtoNanos);
        return oneSegmentInFlight ? pto + maxAckDelayNanos : pto;
    }

    /**
     * RFC 8985 §7.3, on PTO expiry: a probe may be sent only if no earlier probe is still in flight (TLP.end_seq is
     * unset) and an RTT sample was taken since the last probe. Otherwise the engine MUST re-arm the RTO instead.
     */
    public boolean maySendProbe() {
        return !episode && rttSampledSinceProbe;
    }

    /**
     * RFC 8985 §7.3: what to send: new data if there is some and the receive window allows it, else a
     * retransmission of the highest-sequence segment sent (the last entry of the ledger).
     */
    public int chooseProbe(boolean hasUnsentData, boolean receiveWindowAllows) {
        return hasUnsentData && receiveWindowAllows ? PROBE_NEW_DATA : PROBE_RETRANSMIT_LAST;
    }

    /**
     * RFC 8985 §7.3: the probe went out. Starts the episode: TLP.end_seq = SND.NXT after the probe, TLP.is_retrans =
     * whether it was a retransmission. The engine then arms the RTO, not another PTO.
     */
    public void onProbeSent(int sndNxt, boolean retransmission) {
        episode = true;
        endSeq = sndNxt;
        isRetrans = retransmission;
        rttSampledSinceProbe = false;
    }

    /** An RTT sample was taken (§7.3's second condition). */
    public void onRttSample() {
        rttSampledSinceProbe = true;
    }

    /**
     * RFC 8985 §7.4 on every ACK: detects whether the probe repaired a loss.
     * <ul>
     *   <li>An ACK below TLP.end_seq changes nothing.</li>
     *   <li>A probe of new data that is acknowledged ends the episode: RACK finds any loss itself.</li>
     *   <li>A D-SACK for the probe (or any D-SACK at or above TLP.end_seq) means both the original and the probe
     *       arrived: no loss.</li>
     *   <li>An ACK beyond TLP.end_seq without that D-SACK means the probe repaired a loss: {@link #LOSS_REPAIRED}.</li>
     *   <li>A pure duplicate ACK at TLP.end_seq (no data, no window change, nothing newly SACKed) means the probe
     *       arrived as a duplicate: no loss.</li>
     * </ul>
     *
     * @param ack the ACK's cumulative acknowledgement
     * @param dsack whether it carries a D-SACK ({@link Rack#isDuplicateSack})
     * @param pureDuplicate whether it is an RFC 5681 §2 duplicate ACK that SACKs nothing new
     */
    public int onAck(int ack, boolean dsack, boolean pureDuplicate) {
        if (!episode || SequenceNumber.lt(ack, endSeq)) {
            return NO_EVENT;
        }
        if (!isRetrans || dsack) {
            episode = false;
            return EPISODE_ENDED;
        }
        if (SequenceNumber.gt(ack, endSeq)) {
            episode = false;
            return LOSS_REPAIRED;
        }
        if (pureDuplicate) {
            episode = false;
            return EPISODE_ENDED;
        }
        return NO_EVENT;
    }

    /** Ends any episode without a verdict: on an RTO or when recovery starts (Linux does the same). */
    public void reset() {
        episode = false;
    }

    /** Whether a probe is in flight (TLP.end_seq is set). */
    public boolean inEpisode() {
        return episode;
    }

    /** TLP.end_seq (meaningful while {@link #inEpisode()}). */
    public int endSeq() {
        return endSeq;
    }

    /** TLP.is_retrans. */
    public boolean isRetransmission() {
        return isRetrans;
    }

    @Override
    public String toString() {
        return episode ? "TailLossProbe[end=" + SequenceNumber.unsigned(endSeq) + ", retrans=" + isRetrans + "]"
                : "TailLossProbe[idle]";
    }
}
