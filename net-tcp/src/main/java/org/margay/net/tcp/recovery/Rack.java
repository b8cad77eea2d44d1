package org.margay.net.tcp.recovery;

import org.margay.net.tcp.SequenceNumber;

/**
 * RACK, the time-based loss detection of RFC 8985 §6: a segment is lost when a segment sent sufficiently later has
 * been delivered (SACKed or cumulatively acknowledged) and a reordering window has passed since.
 *
 * <p>Per ACK, the engine drives it in the RFC's order:
 * <ol>
 *   <li>{@link #beginAck(long, long)} with now and RACK.min_RTT (step 1: the windowed minimum of the RFC 6298 /
 *       RFC 7323 samples, e.g. {@code RttEstimator.minRttNanos()});</li>
 *   <li>{@link TransmitLedger#acknowledge} and {@link TransmitLedger#applySack}: the ledger reports every newly
 *       delivered entry to {@link #onDelivered} (steps 2 and 3), this object being its {@link DeliveryListener};</li>
 *   <li>{@link #updateReorderingWindow} (step 4);</li>
 *   <li>{@link #detectLoss(TransmitLedger, long)} (step 5), which marks entries LOST and returns when the reordering
 *       timer should fire.</li>
 * </ol>
 * When that timer fires, the engine calls {@link #detectLoss} again (RFC 8985 §6.2, "Upon RACK reordering timer
 * expiration"); on an RTO, {@link #onRetransmissionTimeout} (§6.3).
 *
 * <p>What must stay true: RACK.xmit_ts/end_seq only move forward in {@link #sentAfter} order; reo_wnd_mult is at
 * least 1 and reo_wnd at most SRTT (§6.2 step 4: "The RACK reordering window MUST be bounded, and this bound SHOULD
 * be SRTT"). No allocation.
 */
public final class Rack implements DeliveryListener {
    /** RFC 8985 §6.2 step 4: an inflated reordering window persists for 16 loss recoveries. */
    public static final int REO_WND_PERSIST = 16;
    /** A cap on reo_wnd_mult (as Linux's 8-bit counter), harmless since reo_wnd is bounded by SRTT anyway. */
    public static final int MAX_REO_WND_MULT = 255;

    // RFC 8985 §6.1 per-connection state.
    private boolean hasXmit;
    private long xmitTs;
    private int endSeq;
    private long rtt;
    private boolean hasFack;
    private int fack;
    private boolean reorderingSeen;
    private long minRtt;
    private long reoWnd;
    private int reoWndMult = 1;
    private int reoWndPersist;
    private boolean hasDsackRound;
    private int dsackRound;

    // Per-ACK scratch.
    private long now;
    private boolean ackHasRttUpdate;
    private long ackNewestXmit;
    private boolean ackFackValid;
    private int ackFackAtStart;
    private int newlyLost;

    /**
     * RFC 8985 §6.2 RACK_sent_after: whether a segment sent at {@code t1} ending at {@code seq1} was sent after one
     * sent at {@code t2} ending at {@code seq2} (later time, or the same time and a higher end sequence).
     */
    public static boolean sentAfter(long t1, int seq1, long t2, int seq2) {
        return t1 > t2 || (t1 == t2 && SequenceNumber.gt(seq1, seq2));
    }

    /**
     * RFC 2883 §4: whether the SACK blocks of an ACK report a duplicate segment (D-SACK): the first block lies below
     * the cumulative ACK, or is contained in the second block.
     */
    public static boolean isDuplicateSack(int ack, int firstLeft, int firstRight, boolean hasSecond, int secondLeft,
            int secondRight) {
        if (SequenceNumber.leq(firstRight, ack)) {
            return SequenceNumber.lt(firstLeft, firstRight);
        }
        return hasSecond && SequenceNumber.geq(firstLeft, secondLeft) && SequenceNumber.leq(firstRight, secondRight)
                && SequenceNumber.lt(firstLeft, firstRight);
    }

    /** Step 1 and the start of steps 2-3 for one ACK: records now and RACK.min_RTT. */
    public void beginAck(long nowNanos, long minRttNanos) {
        now = nowNanos;
        minRtt = Math.max(0, minRttNanos);
        ackHasRttUpdate = false;
        ackFackValid = hasFack;
        ackFackAtStart = fack;
        newlyLost = 0;
    }

    /**
     * Steps 2 and 3 for one newly delivered segment. Step 2: a retransmitted segment whose RTT would be below
     * min_RTT is skipped (the ACK is probably for the original; with timestamps, RFC 8985 also checks TSecr, which
     * the engine can do by not reporting such a segment). Otherwise RACK.rtt takes this segment's RTT if it is the
     * most recently sent of this ACK, and RACK.xmit_ts/end_seq advance. Step 3: a never-retransmitted segment
     * ending below RACK.fack as it stood before this ACK reveals reordering; RACK.fack advances.
     */
    @Override
    public void onDelivered(long lastSentNanos, int segEndSeq, boolean retransmitted) {
        long sample = now - lastSentNanos;
        if (!(retransmitted && sample < minRtt)) {
            if (!ackHasRttUpdate || lastSentNanos >= ackNewestXmit) {
                ackHasRttUpdate = true;
                ackNewestXmit = lastSentNanos;
                rtt = Math.max(0, sample);
            }
            if (!hasXmit || sentAfter(lastSentNanos, segEndSeq, xmitTs, endSeq)) {
                hasXmit = true;
                xmitTs = lastSentNanos;
                endSeq = segEndSeq;
            }
        }
        // Step 3 in ascending end_seq order is equivalent to comparing with RACK.fack as it was before this ACK.
        if (ackFackValid && SequenceNumber.lt(segEndSeq, ackFackAtStart) && !retransmitted) {
            reorderingSeen = true;
        }
        if (!hasFack || SequenceNumber.gt(segEndSeq, fack)) {
            hasFack = true;
            fack = segEndSeq;
        }
    }

    /**
     * Step 4, RACK_update_reo_wnd: the DSACK-driven scaling, then the window itself.
     *
     * <ul>
     *   <li>A DSACK round ends once SND.UNA reaches RACK.dsack_round. A DSACK outside a round starts one
     *       (dsack_round = SND.NXT), grows reo_wnd_mult by one and sets reo_wnd_persist to 16; otherwise each exit
     *       from fast or RTO recovery counts down reo_wnd_persist, and at 0 reo_wnd_mult returns to 1.</li>
     *   <li>Without observed reordering, reo_wnd is 0 in recovery or once {@code sackedSegments >= dupThresh};
     *       otherwise min(reo_wnd_mult * min_RTT / 4, SRTT).</li>
     * </ul>
     *
     * @param dsack whether this ACK carries a D-SACK ({@link #isDuplicateSack})
     * @param exitingRecovery whether this ACK ends a fast or RTO recovery
     * @param inRecovery whether the sender is (still) in fast or RTO recovery
     * @param sackedSegments RACK.segs_sacked ({@link TransmitLedger#sackedSegments()})
     * @param srttNanos the smoothed RTT (RFC 6298), the bound
     * @return the new RACK.reo_wnd
     */
    public long updateReorderingWindow(int sndUna, int sndNxt, boolean dsack, boolean exitingRecovery,
            boolean inRecovery, int sackedSegments, int dupThresh, long srttNanos) {
        if (hasDsackRound && SequenceNumber.geq(sndUna, dsackRound)) {
            hasDsackRound = false;
        }
        if (!hasDsackRound && dsack) {
            hasDsackRound = true;
            dsackRound = sndNxt;
            reoWndMult = Math.min(reoWndMult + 1, MAX_REO_WND_MULT);
            reoWndPersist = REO_WND_PERSIST;
        } else if (exitingRecovery) {
            reoWndPersist--;
            if (reoWndPersist <= 0) {
                reoWndMult = 1;
                reoWndPersist = 0;
            }
        }
        if (!reorderingSeen && (inRecovery || sackedSegments >= dupThresh)) {
            reoWnd = 0;
        } else {
            long scaled = minRtt / 4 * reoWndMult + (minRtt % 4) * reoWndMult / 4;
            reoWnd = Math.max(0, Math.min(scaled, srttNanos));
        }
        return reoWnd;
    }

    /**
     * Step 5, RACK_detect_loss: marks LOST every entry not SACKED (and not already LOST awaiting retransmission) that
     * was sent before RACK.xmit_ts/end_seq and whose send time + RACK.rtt + reo_wnd has passed. A retransmission
     * judged lost this way makes its entry eligible for retransmission again.
     *
     * @return when the reordering timer should fire, or -1: the RFC arms it for the <em>largest</em> remaining time
     *     of the entries still waiting ("timeout = max(remaining, timeout)"), so that one expiry settles them all
     */
    public long detectLoss(TransmitLedger ledger, long nowNanos) {
        newlyLost = 0;
        if (!hasXmit) {
            return -1;
        }
        long timeout = 0;
        for (int i = 0, n = ledger.size(); i < n; i++) {
            int f = ledger.flags(i);
            if ((f & TransmitLedger.SACKED) != 0
                    || (f & (TransmitLedger.LOST | TransmitLedger.RETRANSMITTED)) == TransmitLedger.LOST) {
                continue; // delivered, or lost and not yet retransmitted (RFC: xmit_ts = INFINITE_TS)
            }
            long sent = ledger.lastSentNanos(i);
            if (!sentAfter(xmitTs, endSeq, sent, ledger.endSeq(i))) {
                continue;
            }
            long remaining = sent + rtt + reoWnd - nowNanos;
            if (remaining <= 0) {
                if (ledger.markLost(i)) {
                    newlyLost++;
                }
            } else {
                timeout = Math.max(timeout, remaining);
            }
        }
        return timeout == 0 ? -1 : nowNanos + timeout;
    }

    /**
     * RFC 8985 §6.3, upon RTO expiration: the first outstanding entry not SACKED is lost (it was sent an RTO ago);
     * any other is lost only if it was sent at least RACK.rtt + reo_wnd ago. Returns the number marked.
     */
    public int onRetransmissionTimeout(TransmitLedger ledger, long nowNanos) {
        int marked = 0;
        boolean first = true;
        for (int i = 0, n = ledger.size(); i < n; i++) {
            if (ledger.isSacked(i)) {
                continue;
            }
            if (first || nowNanos - ledger.lastSentNanos(i) >= rtt + reoWnd) {
                if (ledger.markLost(i)) {
                    marked++;
                }
            }
            first = false;
        }
        newlyLost = marked;
        return marked;
    }

    /** Entries the last {@link #detectLoss} or {@link #onRetransmissionTimeout} marked lost. */
    public int newlyLost() {
        return newlyLost;
    }

    /** RACK.xmit_ts, or {@link Long#MIN_VALUE} before any delivery. */
    public long xmitTs() {
        return hasXmit ? xmitTs : Long.MIN_VALUE;
    }

    /** RACK.end_seq (meaningful once {@link #xmitTs()} is set). */
    public int endSeq() {
        return endSeq;
    }

    /** RACK.rtt. */
    public long rtt() {
        return rtt;
    }

    /** RACK.fack: the highest end sequence delivered. */
    public int fack() {
        return fack;
    }

    /** RACK.reordering_seen. */
    public boolean reorderingSeen() {
        return reorderingSeen;
    }

    /** RACK.reo_wnd as last computed by {@link #updateReorderingWindow}. */
    public long reorderingWindow() {
        return reoWnd;
    }

    /** RACK.reo_wnd_mult. */
    public int reorderingWindowMultiplier() {
        return reoWndMult;
    }

    /** RACK.reo_wnd_persist. */
    public int reorderingWindowPersist() {
        return reoWndPersist;
    }

    @Override
    public String toString() {
        return "Rack[xmit=" + (hasXmit ? xmitTs : "none") + ", end=" + SequenceNumber.unsigned(endSeq) + ", rtt=" + rtt
                + ", reoWnd=" + reoWnd + ", mult=" + reoWndMult + ", reordering=" + reorderingSeen + "]";
    }
}
