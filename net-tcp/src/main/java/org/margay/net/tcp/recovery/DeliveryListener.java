package org.margay.net.tcp.recovery;

/**
 * Told by a {@link TransmitLedger} about every entry newly delivered to the peer, whether cumulatively acknowledged
 * (and not SACKed before) or newly SACKed: the per-segment feed RACK needs (RFC 8985 §6.2 steps 2 and 3: "for each
 * Segment newly acknowledged, cumulatively or selectively"). {@link Rack} implements it.
 *
 * <p>What must stay true: an implementation allocates nothing and never calls back into the ledger; it is called
 * while the ledger is mid-update.
 */
public interface DeliveryListener {
    /**
     * One entry was newly delivered.
     *
     * @param lastSentNanos when the entry was last (re)transmitted (RFC 8985 Segment.xmit_ts)
     * @param endSeq the sequence number just past the entry (Segment.end_seq)
     * @param retransmitted whether the entry was ever retransmitted (Segment.retransmitted)
     */
    void onDelivered(long lastSentNanos, int endSeq, boolean retransmitted);
}
