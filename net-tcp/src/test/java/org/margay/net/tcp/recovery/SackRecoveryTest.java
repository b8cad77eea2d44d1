package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.recovery.Ledgers.MS;
import static org.margay.net.tcp.recovery.Ledgers.MSS;

import org.junit.jupiter.api.Test;

/** RFC 6675: IsLost, SetPipe and NextSeg (§4), the recovery point and rescue retransmission (§4, §5). */
class SackRecoveryTest {
    private static final int ISS = 5_000;
    private static final int DUP_THRESH = 3;

    @Test
    void firstOfFourIsLostAfterThreeSackedSegments() {
        TransmitLedger l = Ledgers.segments(ISS, 4);
        Ledgers.sack(l, ISS, 2);
        assertEquals(0, l.markLost(DUP_THRESH, MSS));
        Ledgers.sack(l, ISS, 2, 3);
        assertEquals(0, l.markLost(DUP_THRESH, MSS), "two SACKed segments, 2*SMSS bytes: not more than (3-1)*SMSS");
        assertEquals(-1, l.nextSegment());
        Ledgers.sack(l, ISS, 2, 4);
        assertEquals(MSS, l.markLost(DUP_THRESH, MSS));
        assertTrue(l.isLost(0));
        assertEquals(0, l.pipe(), "the lost segment leaves the pipe, SACKed ones never count");
        assertEquals(0, l.nextSegment());
        l.markRetransmitted(0, 10 * MS);
        assertEquals(MSS, l.pipe(), "the retransmission is in flight");
        assertEquals(-1, l.nextSegment(), "not retransmitted twice in one recovery");
        assertEquals(0, l.markLost(DUP_THRESH, MSS), "already lost");
    }

    @Test
    void sackArrivalOrder_2_6_8_3_9() {
        TransmitLedger l = Ledgers.segments(ISS, 10);
        Ledgers.sack(l, ISS, 2);
        Ledgers.sack(l, ISS, 6);
        assertEquals(0, l.markLost(DUP_THRESH, MSS), "two SACKed segments above segment 1");
        Ledgers.sack(l, ISS, 8);
        assertEquals(MSS, l.markLost(DUP_THRESH, MSS));
        assertTrue(l.isLost(0), "segment 1: 2, 6 and 8 above it");
        assertFalse(l.isLost(2), "segment 3: only 6 and 8 above it");
        Ledgers.sack(l, ISS, 3);
        assertEquals(0, l.markLost(DUP_THRESH, MSS), "segment 4 still has only 6 and 8 above it");
        Ledgers.sack(l, ISS, 9);
        assertEquals(2 * MSS, l.markLost(DUP_THRESH, MSS));
        boolean[] lost = new boolean[11];
        for (int i = 0; i < l.size(); i++) {
            lost[i + 1] = l.isLost(i);
        }
        assertTrue(lost[1] && lost[4] && lost[5], "1, 4 and 5 each have 6, 8 and 9 (or more) above them");
        assertFalse(lost[7], "segment 7: only 8 and 9 above it");
        assertFalse(lost[10], "nothing SACKed above segment 10");
        // SetPipe: 10 segments, 5 SACKed (2 3 6 8 9), 3 lost (1 4 5): 7 and 10 remain.
        assertEquals(2 * MSS, l.pipe());
        assertEquals(0, l.nextSegment());
        l.markRetransmitted(0, 20 * MS);
        assertEquals(3, l.nextSegment(), "then segment 4");
        assertEquals(6, l.nextUnsackedSegment(), "rule 3: segment 7 lies below the highest SACK");
    }

    @Test
    void bytesRuleCatchesManySmallSackedSegments() {
        TransmitLedger l = new TransmitLedger(16, ISS);
        l.add(ISS, MSS, 0, 0);
        l.add(ISS + MSS, 2 * MSS + 1, 0, 0); // one big SACKed segment: more than (3-1)*SMSS bytes
        l.applySack(ISS + MSS, ISS + 3 * MSS + 1);
        assertEquals(MSS, l.markLost(DUP_THRESH, MSS));
    }

    @Test
    void pipeCountsRetransmittedButNotLostSegmentsTwice() {
        TransmitLedger l = Ledgers.segments(ISS, 3);
        l.markRetransmitted(2, 5 * MS); // e.g. a NewReno retransmission or a TLP, never judged lost
        assertEquals(4 * MSS, l.pipe());
        assertEquals(3 * MSS, l.bytesInFlight());
    }

    @Test
    void recoveryPointEndsRecovery() {
        TransmitLedger l = Ledgers.segments(ISS, 4);
        SackRecovery rec = new SackRecovery();
        Ledgers.sack(l, ISS, 2, 4);
        l.markLost(DUP_THRESH, MSS);
        assertTrue(rec.shouldEnter(1, DUP_THRESH, l), "IsLost(HighACK + 1) starts recovery before 3 dup ACKs");
        rec.enter(l.nextSeq());
        assertFalse(rec.shouldEnter(5, DUP_THRESH, l));
        l.add(ISS + 4 * MSS, MSS, 0, 10 * MS); // new data sent during recovery
        assertFalse(rec.onCumulativeAck(ISS + 3 * MSS));
        assertTrue(rec.inRecovery());
        assertTrue(rec.onCumulativeAck(ISS + 4 * MSS), "the ACK covers RecoveryPoint (HighData at entry)");
        assertFalse(rec.inRecovery());
    }

    @Test
    void oneRescueRetransmissionPerRecovery() {
        TransmitLedger l = Ledgers.segments(ISS, 4);
        SackRecovery rec = new SackRecovery();
        assertEquals(-1, rec.rescueSegment(l), "not in recovery");
        Ledgers.sack(l, ISS, 2);
        rec.enter(l.nextSeq());
        assertEquals(3, rec.rescueSegment(l), "the highest unSACKed segment (4)");
        rec.onRescueSent();
        assertEquals(-1, rec.rescueSegment(l));
    }
}
