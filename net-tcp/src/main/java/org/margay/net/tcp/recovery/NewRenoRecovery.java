package org.margay.net.tcp.recovery;

import org.margay.net.tcp.SequenceNumber;

/**
 * NewReno fast recovery for peers that did not negotiate SACK (RFC 6582 §3.2), as a small state object the engine
 * drives: it says when fast retransmit may start, and classifies each ACK in recovery as partial (retransmit the
 * first unacknowledged segment, stay in recovery) or full (leave). The cwnd arithmetic of §3.2 steps 2-6 belongs
 * to the congestion controller ({@code cc.NewReno}).
 *
 * <p>Sequence convention: RFC 6582 sets {@code recover} to "the highest sequence number transmitted"; this class
 * stores one past it (SND.NXT at entry), so "covers more than recover" and "acknowledges all of the data up to and
 * including recover" both read {@code ack >= recover()}.
 *
 * <p>What must stay true: {@code recover} never moves backwards in sequence space; at most one fast retransmit is
 * entered per window of data (step 1's check). The careful-variant heuristics of RFC 6582 §4 are not implemented.
 */
public final class NewRenoRecovery {
    /** The ACK does not concern recovery: not in recovery, or not advancing SND.UNA. */
    public static final int NOT_IN_RECOVERY = 0;
    /** RFC 6582 §3.2 step 5 partial ACK: retransmit the first unacknowledged segment, deflate cwnd, stay. */
    public static final int PARTIAL_ACK = 1;
    /** RFC 6582 §3.2 step 5 full ACK: recovery is over; set cwnd per step 5's full-ACK rule. */
    public static final int FULL_ACK = 2;

    private boolean inRecovery;
    private int recover;
    private boolean partialAckSeen;

    /**
     * A recovery state for a connection whose SND.UNA is {@code sndUna}. RFC 6582 §3.2 initialises recover to the
     * ISS; one past it (ISS + 1 once the SYN is acknowledged) is equivalent here.
     */
    public NewRenoRecovery(int sndUna) {
        recover = sndUna;
    }

    /**
     * RFC 6582 §3.2 step 1: on the third duplicate ACK, fast retransmit may start only if the ACK "covers more
     * than recover" (else the duplicates may come from retransmissions of the previous episode).
     */
    public boolean mayEnter(int ack) {
        return !inRecovery && SequenceNumber.geq(ack, recover);
    }

    /** RFC 6582 §3.2 step 2: enter fast recovery; recover = highest sequence transmitted (given as SND.NXT). */
    public void enter(int sndNxt) {
        inRecovery = true;
        recover = sndNxt;
        partialAckSeen = false;
    }

    /**
     * Classifies an ACK that advanced SND.UNA to {@code ack}, RFC 6582 §3.2 step 5. A {@link #FULL_ACK} leaves
     * recovery.
     */
    public int onAck(int ack) {
        if (!inRecovery) {
            return NOT_IN_RECOVERY;
        }
        if (SequenceNumber.geq(ack, recover)) {
            inRecovery = false;
            return FULL_ACK;
        }
        return PARTIAL_ACK;
    }

    /**
     * Whether the retransmission timer should be reset on this partial ACK: RFC 6582 §3.2 step 5 resets it only on
     * the first partial ACK of an episode (the "Impatient" variant). Call once per partial ACK.
     */
    public boolean resetTimerOnPartialAck() {
        boolean first = !partialAckSeen;
        partialAckSeen = true;
        return first;
    }

    /**
     * After a retransmission timeout: recover = highest sequence transmitted and recovery ends (RFC 6582 §3.2
     * step 1's companion rule, RFC 6582 §4 and RFC 5681 §3.2: duplicates from the go-back-N must not start another
     * fast retransmit).
     */
    public void onRetransmissionTimeout(int sndNxt) {
        inRecovery = false;
        recover = sndNxt;
    }

    /** Whether a NewReno fast recovery is under way. */
    public boolean inRecovery() {
        return inRecovery;
    }

    /** SND.NXT at the last entry (one past RFC 6582's recover). */
    public int recover() {
        return recover;
    }

    @Override
    public String toString() {
        return "NewRenoRecovery[" + (inRecovery ? "in recovery" : "open") + ", recover="
                + SequenceNumber.unsigned(recover) + "]";
    }
}
