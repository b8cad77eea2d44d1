package org.margay.net.tcp.recovery;

import org.margay.net.tcp.SequenceNumber;

/**
 * The state of one RFC 6675 §5 SACK-based loss recovery: whether the sender is in recovery, its RecoveryPoint and
 * the single rescue retransmission of NextSeg rule (4). The scoreboard, IsLost, SetPipe and NextSeg rules (1) and
 * (3) live in {@link TransmitLedger}; cwnd changes belong to the congestion controller, driven by the engine (with
 * {@link ProportionalRateReduction} deciding how much may be sent on each ACK).
 *
 * <p>Sequence convention: RFC 6675 §2 defines HighData as the highest octet sent; this class stores one past it,
 * SND.NXT at entry, so "a cumulative ACK for a sequence number greater than RecoveryPoint" (§5 (A)) reads
 * {@code ack >= recoveryPoint()}.
 *
 * <p>What must stay true: {@code recoveryPoint()} is meaningful only while {@link #inRecovery()}; at most one rescue
 * retransmission is sent per recovery. No allocation.
 */
public final class SackRecovery {
    private boolean inRecovery;
    private int recoveryPoint;
    private boolean rescueSent;
    private int rescueRxt;

    /**
     * RFC 6675 §5 steps (1)-(2): whether loss recovery should start now: not already in recovery, and either
     * {@code dupAcks >= dupThresh} or the first unacknowledged entry is judged lost (IsLost(HighACK + 1), after
     * {@link TransmitLedger#markLost(int, int)} or RACK has run).
     */
    public boolean shouldEnter(int dupAcks, int dupThresh, TransmitLedger ledger) {
        return !inRecovery && !ledger.isEmpty() && (dupAcks >= dupThresh || ledger.isLost(0));
    }

    /**
     * Enters recovery, RFC 6675 §5 step (4.1): RecoveryPoint = HighData (given as SND.NXT). The engine then reduces
     * cwnd and ssthresh (step 4.2, RFC 5681 §3.2) and retransmits the first segment (step 4.3).
     */
    public void enter(int sndNxt) {
        inRecovery = true;
        recoveryPoint = sndNxt;
        rescueSent = false;
    }

    /**
     * RFC 6675 §5 (A): on each cumulative ACK, leaves recovery once it covers the RecoveryPoint.
     *
     * @return true exactly when this ACK ended recovery (the engine tells the congestion controller)
     */
    public boolean onCumulativeAck(int ack) {
        if (inRecovery && SequenceNumber.geq(ack, recoveryPoint)) {
            inRecovery = false;
            return true;
        }
        return false;
    }

    /** Leaves recovery without an ACK: after a retransmission timeout (RFC 6675 §5.1) or a reset. */
    public void abandon() {
        inRecovery = false;
    }

    /** Whether a SACK-based recovery is under way. */
    public boolean inRecovery() {
        return inRecovery;
    }

    /** SND.NXT when recovery began (one past RFC 6675's HighData). */
    public int recoveryPoint() {
        return recoveryPoint;
    }

    /**
     * RFC 6675 §4 NextSeg rule (4), the rescue retransmission (optional: a SHOULD). When rules (1)-(3) found nothing,
     * in recovery, and no rescue was sent since RescueRxt (HighACK > RescueRxt), returns the index of the highest
     * entry not SACKED, or -1. The engine retransmits it and calls {@link #onRescueSent()}.
     */
    public int rescueSegment(TransmitLedger ledger) {
        if (!inRecovery || (rescueSent && SequenceNumber.leq(ledger.firstSeq(), rescueRxt))) {
            return -1;
        }
        for (int i = ledger.size() - 1; i >= 0; i--) {
            if (!ledger.isSacked(i)) {
                return i;
            }
        }
        return -1;
    }

    /** The rescue retransmission went out: RescueRxt = RecoveryPoint (RFC 6675 §4 rule (4)); HighRxt is untouched. */
    public void onRescueSent() {
        rescueSent = true;
        rescueRxt = recoveryPoint;
    }

    @Override
    public String toString() {
        return inRecovery ? "SackRecovery[until " + SequenceNumber.unsigned(recoveryPoint) + "]" : "SackRecovery[open]";
    }
}
