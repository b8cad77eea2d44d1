package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.recovery.Ledgers.MS;
import static org.margay.net.tcp.recovery.Ledgers.MSS;

import org.junit.jupiter.api.Test;

/** The ledger's own rules: contiguity, cumulative ACKs (RFC 9293 §3.10.7.4), Karn (RFC 6298 §3), SACK (RFC 2018). */
class TransmitLedgerTest {
    private static final int ISS = 1_000;

    @Test
    void addKeepsEntriesContiguousAndCountsSynAndFin() {
        TransmitLedger l = new TransmitLedger(8, ISS);
        assertTrue(l.add(ISS, 1, TransmitLedger.SYN, 0));
        assertTrue(l.add(ISS + 1, 500, 0, MS));
        assertTrue(l.add(ISS + 501, 1, TransmitLedger.FIN | TransmitLedger.SACKED, 2 * MS));
        assertEquals(3, l.size());
        assertEquals(ISS + 502, l.nextSeq());
        assertEquals(502, l.bytesInFlight());
        assertEquals(502, l.pipe());
        assertEquals(TransmitLedger.FIN, l.flags(2), "callers may set only SYN and FIN");
        assertThrows(IllegalArgumentException.class, () -> l.add(ISS + 600, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> l.add(ISS + 502, 0, 0, 0));
    }

    @Test
    void aFullLedgerRefusesNewSegmentsLikeAClosedWindow() {
        TransmitLedger l = new TransmitLedger(2, ISS);
        assertTrue(l.add(ISS, MSS, 0, 0));
        assertTrue(l.add(ISS + MSS, MSS, 0, 0));
        assertTrue(l.isFull());
        assertFalse(l.add(ISS + 2 * MSS, MSS, 0, 0));
        assertEquals(2, l.size());
        l.acknowledge(ISS + MSS, MS);
        assertTrue(l.add(ISS + 2 * MSS, MSS, 0, 0), "the ring wraps once an ACK frees a slot");
        assertEquals(ISS + MSS, l.startSeq(0));
        assertEquals(ISS + 2 * MSS, l.startSeq(1));
    }

    @Test
    void acknowledgeRemovesWholeEntriesAndTrimsPartialOnes() {
        TransmitLedger l = Ledgers.segments(ISS, 4);
        AckResult r = l.acknowledge(ISS + 2 * MSS + 300, 10 * MS);
        assertSame(r, l.acknowledge(ISS, 10 * MS), "the holder is reused");
        r = Ledgers.segments(ISS, 4).acknowledge(ISS + 2 * MSS + 300, 10 * MS);
        assertEquals(2 * MSS + 300, r.ackedBytes);
        assertEquals(2, r.entriesRemoved);
        assertEquals(8 * MS, r.rttSampleNanos, "newest whole entry (segment 2, sent at 2 ms)");
        assertTrue(r.hasNewest);
        assertEquals(2 * MS, r.newestSentNanos);
        assertEquals(ISS + 2 * MSS, r.newestEndSeq);

        TransmitLedger m = Ledgers.segments(ISS, 4);
        m.acknowledge(ISS + 2 * MSS + 300, 10 * MS);
        assertEquals(2, m.size());
        assertEquals(ISS + 2 * MSS + 300, m.startSeq(0));
        assertEquals(MSS - 300, m.length(0));
        assertEquals(2 * MSS - 300, m.bytesInFlight());
    }

    @Test
    void acksOutsideUnaToNxtChangeNothing() {
        TransmitLedger l = Ledgers.segments(ISS, 3);
        assertEquals(0, l.acknowledge(ISS, MS).ackedBytes, "duplicate ACK");
        assertEquals(0, l.acknowledge(ISS - 5, MS).ackedBytes, "old ACK");
        assertEquals(0, l.acknowledge(ISS + 3 * MSS + 1, MS).ackedBytes, "ACK of data never sent");
        assertEquals(3, l.size());
        assertEquals(3 * MSS, l.acknowledge(ISS + 3 * MSS, MS).ackedBytes);
        assertTrue(l.isEmpty());
        assertEquals(ISS + 3 * MSS, l.firstSeq());
    }

    @Test
    void karnsRuleFlagsRetransmittedEntriesAndTheirRttIsNotSampled() {
        TransmitLedger l = Ledgers.segments(ISS, 3);
        l.markRetransmitted(0, 5 * MS);
        assertEquals(1, l.retransmissions(0));
        assertEquals(5 * MS, l.lastSentNanos(0));
        assertEquals(MS, l.firstSentNanos(0));
        AckResult r = l.acknowledge(ISS + MSS, 7 * MS);
        assertTrue(r.anyRetransmitted);
        assertEquals(-1, r.rttSampleNanos);
        r = l.acknowledge(ISS + 3 * MSS, 9 * MS);
        assertFalse(r.anyRetransmitted);
        assertEquals(6 * MS, r.rttSampleNanos, "segment 3 was sent at 3 ms");
    }

    @Test
    void synAndFinAcknowledgementAreReported() {
        TransmitLedger l = new TransmitLedger(4, ISS);
        l.add(ISS, 1, TransmitLedger.SYN, 0);
        assertTrue(l.acknowledge(ISS + 1, MS).synAcked);
        l.add(ISS + 1, 10, TransmitLedger.FIN, MS);
        AckResult r = l.acknowledge(ISS + 11, 2 * MS);
        assertTrue(r.finAcked);
        assertFalse(r.synAcked);
    }

    @Test
    void sackMarksOnlyWhollyCoveredEntries() {
        TransmitLedger l = Ledgers.segments(ISS, 5);
        assertEquals(2 * MSS, l.applySack(ISS + MSS - 10, ISS + 3 * MSS + 10));
        assertFalse(l.isSacked(0));
        assertTrue(l.isSacked(1));
        assertTrue(l.isSacked(2));
        assertFalse(l.isSacked(3));
        assertEquals(2 * MSS, l.sackedBytes());
        assertEquals(2, l.sackedSegments());
        assertEquals(ISS + 3 * MSS, l.highestSackedEnd());
        assertEquals(0, l.applySack(ISS + MSS, ISS + 3 * MSS), "SACKing again adds nothing");
        assertEquals(3 * MSS, l.pipe());
    }

    @Test
    void bogusSackBlocksAreIgnoredAndCounted() {
        TransmitLedger l = Ledgers.segments(ISS, 3);
        l.acknowledge(ISS + MSS, 4 * MS);
        assertEquals(0, l.applySack(ISS, ISS + MSS), "below SND.UNA (stale or D-SACK)");
        assertEquals(0, l.applySack(ISS + 2 * MSS, ISS + 4 * MSS), "beyond SND.NXT");
        assertEquals(0, l.applySack(ISS + 2 * MSS, ISS + 2 * MSS), "empty");
        assertEquals(0, l.applySack(ISS + 3 * MSS, ISS + MSS), "reversed");
        assertEquals(4, l.ignoredSackBlocks());
        assertEquals(0, l.sackedBytes());
        assertEquals(MSS, l.applySack(ISS, ISS + 2 * MSS), "straddling SND.UNA: clipped");
        assertEquals(1, l.sackedSegments());
    }

    @Test
    void cumulativeAckOfSackedEntriesReportsThemAsPreviouslySacked() {
        TransmitLedger l = Ledgers.segments(ISS, 4);
        Ledgers.sack(l, ISS, 2, 3);
        AckResult r = l.acknowledge(ISS + 3 * MSS, 10 * MS);
        assertEquals(3 * MSS, r.ackedBytes);
        assertEquals(2 * MSS, r.previouslySackedBytes);
        assertEquals(9 * MS, r.rttSampleNanos, "only segment 1 was delivered by this ACK");
        assertEquals(0, l.sackedBytes());
        assertEquals(ISS + 3 * MSS, l.highestSackedEnd(), "none SACKed: SND.UNA");
    }

    @Test
    void sequenceNumbersWrapAround() {
        int iss = -2 * MSS + 17; // 0xFFFFF83F + 17: wraps in the third segment
        TransmitLedger l = Ledgers.segments(iss, 5);
        assertEquals(MSS, Ledgers.sack(l, iss, 4));
        assertTrue(l.isSacked(3));
        AckResult r = l.acknowledge(iss + 3 * MSS, 10 * MS);
        assertEquals(3 * MSS, r.ackedBytes);
        assertEquals(2, l.size());
        assertEquals(iss + 5 * MSS, l.nextSeq());
    }

    @Test
    void deliveriesReachTheListenerOnce() {
        TransmitLedger l = Ledgers.segments(ISS, 4);
        int[] calls = new int[1];
        l.setDeliveryListener((sent, end, retransmitted) -> calls[0]++);
        Ledgers.sack(l, ISS, 3);
        Ledgers.sack(l, ISS, 3);
        assertEquals(1, calls[0]);
        l.acknowledge(ISS + 4 * MSS, 10 * MS);
        assertEquals(4, calls[0], "segments 1, 2 and 4; segment 3 was delivered by its SACK");
    }

    @Test
    void timeoutMarksEverythingLostAndMayForgetSacks() {
        TransmitLedger l = Ledgers.segments(ISS, 4);
        Ledgers.sack(l, ISS, 3);
        l.markRetransmitted(0, 5 * MS);
        l.markAllLost(false);
        assertTrue(l.isLost(0) && !l.isRetransmitted(0));
        assertTrue(l.isSacked(2) && !l.isLost(2));
        assertEquals(0, l.pipe());
        l.markAllLost(true);
        assertEquals(0, l.sackedBytes());
        assertEquals(4 * MSS, l.lostBytes());
        assertEquals(0, l.nextSegment());
    }
}
