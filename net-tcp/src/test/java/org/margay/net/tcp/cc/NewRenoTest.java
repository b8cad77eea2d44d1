package org.margay.net.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 5681 + RFC 3465 rules, with windows computed by hand (SMSS = 1000 bytes unless said). */
class NewRenoTest {
    private static final int MSS = 1000;
    private static final long RTT = 100_000_000L;

    private static NewReno started() {
        NewReno reno = new NewReno();
        reno.init(MSS);
        return reno;
    }

    /** Brings a fresh connection to congestion avoidance with cwnd = ssthresh = {@code window}. */
    private static NewReno inAvoidance(long window) {
        NewReno reno = started();
        reno.onCongestionEvent(2 * window, 0); // ssthresh = FlightSize/2
        reno.onRecoveryExit(0); // cwnd = ssthresh
        assertEquals(window, reno.cwnd());
        return reno;
    }

    @Test
    void initialWindowIsTenSegmentsAndSsthreshInfinite() { // RFC 6928, RFC 5681 §3.1
        NewReno reno = started();
        assertEquals(10_000, reno.cwnd());
        assertEquals(CongestionControl.INFINITE_SSTHRESH, reno.ssthresh());
        assertTrue(reno.inSlowStart());
        assertEquals("newreno", reno.name());
    }

    @Test
    void initialWindowPolicies() {
        // RFC 5681 §3.1: 2 segments above 2190 bytes, 3 above 1095, else 4.
        assertEquals(4_400, InitialWindow.rfc5681().bytes(2200));
        assertEquals(4_380, InitialWindow.rfc5681().bytes(1460));
        assertEquals(6_570, InitialWindow.rfc5681().bytes(2190)); // 1095 < SMSS <= 2190: 3 segments
        assertEquals(2_144, InitialWindow.rfc5681().bytes(536));
        // RFC 6928 §2: min(10·MSS, max(2·MSS, 14600)).
        assertEquals(14_600, InitialWindow.rfc6928().bytes(1460));
        assertEquals(18_000, InitialWindow.rfc6928().bytes(9000));
        assertEquals(5_360, InitialWindow.rfc6928().bytes(536));
        assertEquals(3 * 1460, InitialWindow.segments(3).bytes(1460));
        NewReno reno = new NewReno(InitialWindow.rfc5681());
        reno.init(1460);
        assertEquals(4_380, reno.cwnd());
        assertThrows(IllegalArgumentException.class, () -> InitialWindow.segments(0));
    }

    @Test
    void slowStartDoublesPerRoundTripWithDelayedAcks() { // RFC 5681 §3.1 + RFC 3465 §2.2 (L = 2·SMSS)
        NewReno reno = started();
        long now = 0;
        for (int round = 0; round < 3; round++) {
            long window = reno.cwnd();
            for (long acked = 0; acked < window; acked += 2 * MSS) { // one ACK per two segments
                reno.onAck(2 * MSS, RTT, now, true);
            }
            now += RTT;
            assertEquals(2 * window, reno.cwnd(), "round " + round);
        }
        assertEquals(80_000, reno.cwnd());
    }

    @Test
    void byteCountingCapsAStretchAckAtTwoSegments() { // RFC 3465 §2.2
        NewReno reno = started();
        reno.onAck(10 * MSS, RTT, 0, true);
        assertEquals(12_000, reno.cwnd());
        reno.onAck(500, RTT, 0, true);
        assertEquals(12_500, reno.cwnd()); // min(N, L): a partial segment counts its bytes
    }

    @Test
    void slowStartStopsAtSsthreshAndHandsTheRestToAvoidance() { // RFC 5681 §3.1
        NewReno reno = inAvoidance(5_000);
        reno.onRetransmissionTimeout(10_000, 0); // ssthresh = 5000, cwnd = 1000
        assertEquals(5_000, reno.ssthresh());
        for (int i = 0; i < 4; i++) {
            reno.onAck(MSS, RTT, 0, true);
        }
        assertEquals(5_000, reno.cwnd());
        assertFalse(reno.inSlowStart());
        reno.onAck(MSS, RTT, 0, true); // congestion avoidance from here
        assertEquals(5_000, reno.cwnd());
        assertEquals(1_000, reno.bytesAcked());
    }

    @Test
    void congestionAvoidanceAddsOneSegmentPerWindowOfAcks() { // RFC 5681 §3.1, RFC 3465 §2.1
        NewReno reno = inAvoidance(10_000);
        for (int i = 0; i < 9; i++) {
            reno.onAck(MSS, RTT, 0, true);
        }
        assertEquals(10_000, reno.cwnd());
        reno.onAck(MSS, RTT, 0, true);
        assertEquals(11_000, reno.cwnd());
        assertEquals(0, reno.bytesAcked());
        for (int i = 0; i < 10; i++) {
            reno.onAck(MSS, RTT, 0, true);
        }
        assertEquals(11_000, reno.cwnd(), "the next increase needs 11 segments");
        reno.onAck(MSS, RTT, 0, true);
        assertEquals(12_000, reno.cwnd());
    }

    @Test
    void noGrowthWhenNotCwndLimited() { // RFC 7661 §4.3 spirit
        NewReno reno = started();
        reno.onAck(2 * MSS, RTT, 0, false);
        assertEquals(10_000, reno.cwnd());
        NewReno avoiding = inAvoidance(10_000);
        for (int i = 0; i < 20; i++) {
            avoiding.onAck(MSS, RTT, 0, false);
        }
        assertEquals(10_000, avoiding.cwnd());
        assertEquals(0, avoiding.bytesAcked());
    }

    @Test
    void lossHalvesFlightSizeButLeavesCwndToPrr() { // RFC 5681 §3.1 eq. (4); RFC 6937
        NewReno reno = started();
        reno.onCongestionEvent(30_000, 0);
        assertEquals(15_000, reno.ssthresh());
        assertEquals(10_000, reno.cwnd(), "cwnd is PRR's to lower");
        reno.setCwnd(12_000);
        assertEquals(12_000, reno.cwnd());
        reno.onRecoveryExit(0);
        assertEquals(15_000, reno.cwnd());
        reno.onCongestionEvent(1_000, 0);
        assertEquals(2_000, reno.ssthresh(), "never below 2·SMSS");
    }

    @Test
    void timeoutSetsTheLossWindow() { // RFC 5681 §3.1
        NewReno reno = started();
        reno.onRetransmissionTimeout(20_000, 0);
        assertEquals(1_000, reno.cwnd());
        assertEquals(10_000, reno.ssthresh());
        reno.onRetransmissionTimeout(1_000, 0); // same data again: ssthresh kept
        assertEquals(10_000, reno.ssthresh());
        assertEquals(1_000, reno.cwnd());
        reno.onAck(2 * MSS, RTT, 0, true); // after an RTO, L = 1·SMSS (RFC 3465 §2.3)
        assertEquals(2_000, reno.cwnd());
        reno.onRetransmissionTimeout(4_000, 0); // new data timed out: eq. (4) again
        assertEquals(2_000, reno.ssthresh());
        assertEquals(1_000, reno.cwnd());
    }

    @Test
    void restartWindowAfterIdle() { // RFC 5681 §4.1
        NewReno reno = started();
        reno.setCwnd(50_000);
        reno.onIdleRestart(RTT, 2 * RTT); // shorter than RTO: nothing
        assertEquals(50_000, reno.cwnd());
        reno.onIdleRestart(3 * RTT, 2 * RTT);
        assertEquals(10_000, reno.cwnd()); // RW = min(IW, cwnd)
        reno.setCwnd(4_000);
        reno.onIdleRestart(3 * RTT, 2 * RTT);
        assertEquals(4_000, reno.cwnd(), "a window below IW stays");
    }

    @Test
    void setCwndAndSetMssClamp() {
        NewReno reno = started();
        reno.setCwnd(0);
        assertEquals(MSS, reno.cwnd());
        reno.setCwnd(Long.MAX_VALUE);
        assertEquals(CongestionControl.MAX_CWND_BYTES, reno.cwnd());
        reno.onCongestionEvent(3_000, 0);
        reno.setCwnd(0);
        reno.setMss(1460);
        assertEquals(1460, reno.cwnd());
        assertEquals(2920, reno.ssthresh());
        reno.init(0);
        assertEquals(1, reno.mss());
    }

    @Test
    void hugeAcksDoNotOverflow() {
        NewReno reno = started();
        for (int i = 0; i < 1000; i++) {
            reno.onAck(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, true);
        }
        assertEquals(10_000 + 2_000_000, reno.cwnd());
        reno.onCongestionEvent(Long.MAX_VALUE, 0);
        reno.onRecoveryExit(0);
        for (int i = 0; i < 1000; i++) {
            reno.onAck(Long.MAX_VALUE, 1, 0, true);
        }
        assertTrue(reno.cwnd() > 0 && reno.cwnd() <= CongestionControl.MAX_CWND_BYTES);
    }

    @Test
    void factoryKnowsTheCliNames() {
        CongestionControl reno = CongestionControl.create("newreno", 10);
        assertInstanceOf(NewReno.class, reno);
        reno.init(MSS);
        assertEquals(10_000, reno.cwnd());
        CongestionControl cubic = CongestionControl.create(" CUBIC ", 4);
        assertInstanceOf(Cubic.class, cubic);
        cubic.init(MSS);
        assertEquals(4_000, cubic.cwnd());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> CongestionControl.create("bbr", 10));
        assertTrue(unknown.getMessage().contains("newreno, cubic"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CongestionControl.create("newreno", 0));
        assertThrows(IllegalArgumentException.class, () -> CongestionControl.create(null, 10));
    }
}
