package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.recovery.Ledgers.MS;
import static org.margay.net.tcp.recovery.Ledgers.MSS;

import org.junit.jupiter.api.Test;

/** RFC 8985 §6: RACK's state updates, reordering window and time-based loss detection, on hand-built ledgers. */
class RackTest {
    private static final int ISS = 70_000;
    private static final int DUP_THRESH = 3;
    private static final long MIN_RTT = 40 * MS;
    private static final long SRTT = 48 * MS;

    private final Rack rack = new Rack();

    private TransmitLedger ledger(int n) {
        TransmitLedger l = Ledgers.segments(ISS, n);
        l.setDeliveryListener(rack);
        return l;
    }

    private long window(TransmitLedger l, boolean dsack, boolean exiting, boolean inRecovery) {
        return rack.updateReorderingWindow(l.firstSeq(), l.nextSeq(), dsack, exiting, inRecovery, l.sackedSegments(),
                DUP_THRESH, SRTT);
    }

    @Test
    void reorderingWithinTheWindowIsNotALoss() {
        TransmitLedger l = ledger(4);
        rack.beginAck(50 * MS, MIN_RTT);
        Ledgers.sack(l, ISS, 2); // segment 2 (sent at 2 ms) overtook segment 1 (sent at 1 ms)
        assertEquals(2 * MS, rack.xmitTs());
        assertEquals(48 * MS, rack.rtt());
        assertEquals(10 * MS, window(l, false, false, false), "min_RTT / 4");
        long deadline = rack.detectLoss(l, 50 * MS);
        assertFalse(l.isLost(0));
        assertEquals(59 * MS, deadline, "1 ms + RACK.rtt 48 ms + reo_wnd 10 ms");
        // Segment 1 arrives late: reordering, not loss.
        rack.beginAck(55 * MS, MIN_RTT);
        l.acknowledge(ISS + 2 * MSS, 55 * MS);
        assertTrue(rack.reorderingSeen());
        assertEquals(-1, rack.detectLoss(l, 55 * MS), "nothing older than RACK.xmit_ts is left");
    }

    @Test
    void theReorderingTimerDeclaresTheLoss() {
        TransmitLedger l = ledger(4);
        rack.beginAck(50 * MS, MIN_RTT);
        Ledgers.sack(l, ISS, 2);
        window(l, false, false, false);
        assertEquals(59 * MS, rack.detectLoss(l, 50 * MS));
        assertEquals(59 * MS, rack.detectLoss(l, 58 * MS), "still within the window");
        assertEquals(-1, rack.detectLoss(l, 59 * MS), "the timer fires: RFC 8985 §6.2 detect loss again");
        assertTrue(l.isLost(0));
        assertEquals(1, rack.newlyLost());
        assertFalse(l.isLost(2), "segments sent after RACK.xmit_ts are never judged");
        assertEquals(0, l.nextSegment());
    }

    @Test
    void timerIsTheLargestRemainingTime() {
        TransmitLedger l = ledger(4);
        rack.beginAck(50 * MS, MIN_RTT);
        Ledgers.sack(l, ISS, 4); // RACK.xmit_ts = 4 ms, rtt 46 ms
        window(l, false, false, false);
        long deadline = rack.detectLoss(l, 50 * MS);
        assertEquals(3 * MS + 46 * MS + 10 * MS, deadline, "segment 3's deadline, the latest of 1, 2 and 3");
    }

    @Test
    void windowIsZeroWithoutReorderingInRecoveryOrAfterDupThreshSacks() {
        TransmitLedger l = ledger(6);
        rack.beginAck(50 * MS, MIN_RTT);
        Ledgers.sack(l, ISS, 2);
        assertEquals(0, window(l, false, false, true), "in recovery, no reordering seen");
        Ledgers.sack(l, ISS, 3, 4);
        assertEquals(0, window(l, false, false, false), "three segments SACKed: DupThresh reached");
        rack.beginAck(60 * MS, MIN_RTT);
        l.acknowledge(ISS + MSS, 60 * MS); // segment 1 was only reordered
        assertTrue(rack.reorderingSeen());
        assertEquals(10 * MS, window(l, false, false, true), "reordering seen: min_RTT / 4 even in recovery");
    }

    @Test
    void dsackGrowsTheWindowOncePerRoundAndItDecaysAfter16Recoveries() {
        TransmitLedger l = ledger(4);
        rack.beginAck(50 * MS, MIN_RTT);
        assertEquals(20 * MS, window(l, true, false, false), "(1 + 1) * min_RTT / 4");
        assertEquals(2, rack.reorderingWindowMultiplier());
        assertEquals(Rack.REO_WND_PERSIST, rack.reorderingWindowPersist());
        assertEquals(20 * MS, window(l, true, false, false), "same DSACK round: SND.UNA below dsack_round");
        l.acknowledge(l.nextSeq(), 60 * MS);
        assertEquals(30 * MS, window(l, true, false, false), "a new round");
        assertEquals(SRTT, rack.updateReorderingWindow(l.firstSeq(), l.nextSeq(), false, false, false, 0, DUP_THRESH,
                25 * MS) + 23 * MS, "bounded by SRTT");
        for (int i = 0; i < 15; i++) {
            window(l, false, true, false);
        }
        assertEquals(3, rack.reorderingWindowMultiplier());
        window(l, false, true, false);
        assertEquals(1, rack.reorderingWindowMultiplier(), "16 DSACK-free recoveries");
        assertEquals(10 * MS, rack.reorderingWindow());
    }

    @Test
    void ambiguousRetransmissionIsSkipped() {
        TransmitLedger l = ledger(2);
        l.markRetransmitted(0, 45 * MS);
        rack.beginAck(50 * MS, MIN_RTT);
        l.acknowledge(ISS + MSS, 50 * MS); // 5 ms after the retransmission: surely the original's ACK
        assertEquals(Long.MIN_VALUE, rack.xmitTs());
        rack.beginAck(100 * MS, MIN_RTT);
        l.acknowledge(ISS + 2 * MSS, 100 * MS);
        assertEquals(2 * MS, rack.xmitTs());
        assertEquals(98 * MS, rack.rtt());
    }

    @Test
    void lostRetransmissionIsDetectedAgain() {
        TransmitLedger l = ledger(4);
        rack.beginAck(50 * MS, MIN_RTT);
        Ledgers.sack(l, ISS, 2, 4);
        l.markLost(DUP_THRESH, MSS);
        l.markRetransmitted(0, 60 * MS);
        l.add(ISS + 4 * MSS, MSS, 0, 70 * MS);
        assertEquals(-1, l.nextSegment());
        rack.beginAck(120 * MS, MIN_RTT);
        Ledgers.sack(l, ISS, 5); // sent after the retransmission, delivered: RACK.rtt 50 ms
        window(l, false, false, true);
        assertEquals(-1, rack.detectLoss(l, 120 * MS));
        assertTrue(l.isLost(0));
        assertFalse(l.isRetransmitted(0));
        assertEquals(0, l.nextSegment(), "eligible for retransmission again");
    }

    @Test
    void retransmissionTimeoutMarksTheFirstAndOldOnes() {
        TransmitLedger l = ledger(4);
        rack.beginAck(50 * MS, MIN_RTT);
        Ledgers.sack(l, ISS, 2);
        window(l, false, false, false);
        l.add(ISS + 4 * MSS, MSS, 0, 300 * MS);
        assertEquals(3, rack.onRetransmissionTimeout(l, 301 * MS));
        assertTrue(l.isLost(0) && l.isLost(2) && l.isLost(3));
        assertFalse(l.isLost(4), "sent 1 ms ago: less than RACK.rtt + reo_wnd");
    }

    @Test
    void duplicateSackRecognition() {
        assertTrue(Rack.isDuplicateSack(1000, 500, 600, false, 0, 0), "first block below the ACK");
        assertTrue(Rack.isDuplicateSack(1000, 1500, 1600, true, 1200, 1800), "first block inside the second");
        assertFalse(Rack.isDuplicateSack(1000, 1500, 1600, true, 2000, 2500));
        assertFalse(Rack.isDuplicateSack(1000, 1500, 1600, false, 0, 0));
    }
}
