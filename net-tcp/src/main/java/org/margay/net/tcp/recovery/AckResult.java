package org.margay.net.tcp.recovery;

/**
 * What one {@link TransmitLedger#acknowledge(int, long)} did: a mutable holder the ledger owns and reuses, so that
 * processing an ACK allocates nothing. Read it before the next call to {@code acknowledge}.
 *
 * <p>What must stay true: after a call, {@code ackedBytes >= previouslySackedBytes >= 0}; {@code rttSampleNanos} is
 * -1 or at least 0; {@code hasNewest} is false exactly when no entry was wholly removed.
 */
public final class AckResult {
    /** Sequence space newly acknowledged (SND.UNA's advance), counting SYN and FIN, including trimmed parts. */
    public long ackedBytes;
    /** Of {@link #ackedBytes}, the bytes that had already been SACKed (already counted as delivered). */
    public long previouslySackedBytes;
    /** Entries wholly removed. */
    public int entriesRemoved;
    /**
     * Whether any wholly acknowledged entry had ever been retransmitted. Karn's rule (RFC 6298 §3): without
     * timestamps, the engine then takes no RTT sample from this ACK.
     */
    public boolean anyRetransmitted;
    /**
     * now minus the send time of the newest acknowledged entry that was never retransmitted and not SACKed before
     * (a SACKed entry was delivered earlier; its ACK time says nothing about the path), or -1.
     */
    public long rttSampleNanos;
    /** Whether {@link #newestSentNanos} and {@link #newestEndSeq} are set. */
    public boolean hasNewest;
    /**
     * The last send time of the most recently sent wholly acknowledged entry (RFC 8985 §6.2 RACK_sent_after order:
     * later send time, then higher end sequence).
     */
    public long newestSentNanos;
    /** The end sequence of that entry. */
    public int newestEndSeq;
    /** Whether the acknowledged entries included the SYN. */
    public boolean synAcked;
    /** Whether the acknowledged entries included the FIN. */
    public boolean finAcked;

    void clear() {
        ackedBytes = 0;
        previouslySackedBytes = 0;
        entriesRemoved = 0;
        anyRetransmitted = false;
        rttSampleNanos = -1;
        hasNewest = false;
        newestSentNanos = 0;
        newestEndSeq = 0;
        synAcked = false;
        finAcked = false;
    }

    @Override
    public String toString() {
        return "AckResult[acked=" + ackedBytes + ", previouslySacked=" + previouslySackedBytes + ", removed="
                + entriesRemoved + ", anyRetransmitted=" + anyRetransmitted + ", rtt=" + rttSampleNanos + "]";
    }
}
