package org.margay.net.tcp.recovery;

/**
 * Proportional Rate Reduction (RFC 6937), with the slow-start reduction bound (PRR-SSRB, RFC 6937 §3.1): during
 * loss recovery, decides on each ACK how many bytes may be sent, so that the flight shrinks smoothly from RecoverFS
 * to ssthresh and then grows back towards it by at most slow start.
 *
 * <p>Use: {@link #enter} when recovery begins (after the congestion controller has computed ssthresh); on every ACK
 * in recovery, {@link #onAck} with the bytes it delivered (the change in SND.UNA plus the change in SACKed bytes,
 * RFC 6937 §3's DeliveredData) and the RFC 6675 pipe after the scoreboard update; {@link #onSent} for every
 * transmission and retransmission during recovery. cwnd may then be set to pipe + sndcnt.
 *
 * <p>What must stay true: {@code prrDelivered} and {@code prrOut} never decrease within one recovery; the result of
 * {@link #onAck} is never negative. No allocation.
 */
public final class ProportionalRateReduction {
    private long recoverFs = 1;
    private long prrDelivered;
    private long prrOut;

    /**
     * Starts a recovery (RFC 6937 §3.1, "on entering recovery"): prr_delivered = prr_out = 0.
     *
     * @param recoverFs the flight size at the start of recovery (RecoverFS = SND.NXT - SND.UNA)
     * @param ssthresh the target chosen by the congestion controller (kept for symmetry; each ACK passes the
     *     current value)
     */
    public void enter(long recoverFs, long ssthresh) {
        this.recoverFs = Math.max(1, recoverFs);
        prrDelivered = 0;
        prrOut = 0;
    }

    /**
     * RFC 6937 §3.1, on every ACK during recovery: the bytes that may be sent now (sndcnt).
     *
     * @param deliveredBytes DeliveredData of this ACK (change in SND.UNA + change in SACKed bytes), at least 0
     * @param pipe the RFC 6675 pipe after this ACK's scoreboard update
     * @param ssthresh the current slow-start threshold
     * @param mss the sender MSS (SMSS)
     */
    public int onAck(long deliveredBytes, long pipe, long ssthresh, int mss) {
        long delivered = Math.max(0, deliveredBytes);
        prrDelivered += delivered;
        long sndcnt;
        if (pipe > ssthresh) {
            // Proportional part: sndcnt = CEIL(prr_delivered * ssthresh / RecoverFS) - prr_out.
            sndcnt = ceilDiv(multiplySaturated(prrDelivered, Math.max(0, ssthresh)), recoverFs) - prrOut;
        } else {
            // PRR-SSRB: limit = MAX(prr_delivered - prr_out, DeliveredData) + MSS; sndcnt = MIN(ssthresh - pipe, limit).
            long limit = Math.max(prrDelivered - prrOut, delivered) + Math.max(0, mss);
            sndcnt = Math.min(ssthresh - pipe, limit);
        }
        return (int) Math.clamp(sndcnt, 0, Integer.MAX_VALUE);
    }

    /** Counts bytes sent (new data or retransmission) during recovery: prr_out += data sent (RFC 6937 §3.1). */
    public void onSent(long bytes) {
        prrOut += Math.max(0, bytes);
    }

    /** Bytes delivered to the receiver since recovery began (prr_delivered). */
    public long prrDelivered() {
        return prrDelivered;
    }

    /** Bytes sent since recovery began (prr_out). */
    public long prrOut() {
        return prrOut;
    }

    /** The flight size when recovery began (RecoverFS). */
    public long recoverFs() {
        return recoverFs;
    }

    private static long multiplySaturated(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    private static long ceilDiv(long a, long b) {
        return a == Long.MAX_VALUE ? Long.MAX_VALUE / b : Math.ceilDiv(a, b);
    }

    @Override
    public String toString() {
        return "PRR[recoverFs=" + recoverFs + ", delivered=" + prrDelivered + ", out=" + prrOut + "]";
    }
}
