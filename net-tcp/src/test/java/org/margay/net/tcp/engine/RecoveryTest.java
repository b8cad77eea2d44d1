package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.MS;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Retransmission timer, fast retransmit, limited transmit, SACK recovery, RACK and TLP. */
class RecoveryTest {

    private static Harness established(TcpConfig config, boolean sack) {
        Harness h = new Harness(config);
        h.connect(true, sack, 7, 1460);
        h.inject(h.peerAck(h.conn.sndNxt())); // the peer's scaled window, so later ACKs are duplicates
        return h;
    }

    /** Sends {@code n} full segments and returns them. */
    private static List<Sent> sendSegments(Harness h, int n) {
        h.conn.send(Harness.bytes(n * 1448, 0), 0, n * 1448);
        return h.poll();
    }

    /** One RTT sample of {@code rtt}: a segment, then its ACK after {@code rtt}. */
    private static void primeRtt(Harness h, long rtt) {
        h.conn.send(new byte[1448], 0, 1448);
        h.poll();
        h.advance(rtt);
        h.inject(h.peerAck(h.conn.sndNxt()));
    }

    @Test
    void rtoBacksOffExponentiallyThenGivesUpWithEtimedout() {
        Harness h = established(TcpConfig.builder().maxDataRetransmissions(4).tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        List<Sent> first = sendSegments(h, 1);
        long last = h.now;
        long[] gaps = new long[4];
        for (int i = 0; i < 4; i++) {
            List<Sent> out = h.fire();
            assertEquals(1, out.size(), "retransmission " + i + " " + out);
            assertEquals(first.get(0).seq(), out.get(0).seq());
            gaps[i] = h.now - last;
            last = h.now;
        }
        for (int i = 1; i < 4; i++) {
            assertEquals(2 * gaps[i - 1], gaps[i], "back-off doubles");
        }
        assertEquals(4, c.stats().retransmitsRto());
        h.fire();
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ETIMEDOUT, c.error());
    }

    @Test
    void retransmissionTimerIsTiedToTheOldestSegmentAndDoesNotDrift() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).noDelay(true).build(), true);
        TcpConnection c = h.conn;
        c.send(new byte[100], 0, 100);
        h.poll();
        long deadline = c.nextDeadline();
        h.advance(50 * MS);
        c.send(new byte[100], 0, 100);
        h.poll();
        assertEquals(deadline, c.nextDeadline(), "sending new data must not restart the timer (RFC 6298 §5.1)");
        h.advance(50 * MS);
        h.inject(h.peerAck(c.sndUna() + 100));
        assertEquals(h.now + c.rttEstimator().rtoNanos(), c.nextDeadline(), "an ACK of new data restarts it (§5.3)");
    }

    @Test
    void rtoRetransmitsGoBackNWithSlowStart() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        List<Sent> sent = sendSegments(h, 6);
        assertEquals(6, sent.size());
        List<Sent> rto = h.fire();
        assertEquals(1, rto.size(), "cwnd = 1 SMSS after a timeout");
        assertEquals(sent.get(0).seq(), rto.get(0).seq());
        assertEquals(c.effectiveMss(), c.stats().cwnd());
        h.inject(h.peerAck(sent.get(1).seq()));
        List<Sent> next = h.poll();
        assertEquals(2, next.size(), "slow start: two segments after one ACK");
        assertEquals(sent.get(1).seq(), next.get(0).seq());
        assertEquals(sent.get(2).seq(), next.get(1).seq());
    }

    @Test
    void threeDuplicateAcksTriggerFastRetransmitWithoutSack() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), false);
        TcpConnection c = h.conn;
        List<Sent> sent = sendSegments(h, 8);
        int una = sent.get(0).seq();
        h.inject(h.peerAck(una));
        h.inject(h.peerAck(una));
        assertEquals(0, h.poll().stream().filter(s -> s.seq() == una).count());
        h.inject(h.peerAck(una));
        List<Sent> out = h.poll();
        assertTrue(out.size() >= 1);
        assertEquals(una, out.get(0).seq());
        assertEquals(1448, out.get(0).len());
        assertEquals(1, c.stats().retransmitsFast());
        assertEquals(3, c.stats().dupAcksReceived());
        assertTrue(c.inRecovery());
        assertTrue(c.stats().ssthresh() < Long.MAX_VALUE);
        // The full ACK ends recovery.
        h.inject(h.peerAck(c.sndNxt()));
        assertFalse(c.inRecovery());
    }

    @Test
    void newRenoPartialAckRetransmitsNextHole() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).congestionControl("newreno").build(), false);
        TcpConnection c = h.conn;
        List<Sent> sent = sendSegments(h, 8);
        int una = sent.get(0).seq();
        for (int i = 0; i < 3; i++) {
            h.inject(h.peerAck(una));
        }
        h.poll();
        // Partial ACK: segment 0 repaired, segment 2 is also lost.
        h.inject(h.peerAck(sent.get(2).seq()));
        List<Sent> out = h.poll();
        assertEquals(sent.get(2).seq(), out.get(0).seq());
        assertTrue(c.inRecovery());
        assertEquals(2, c.stats().retransmitsFast());
    }

    @Test
    void limitedTransmitSendsNewDataOnFirstDupAcks() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), false);
        TcpConnection c = h.conn;
        List<Sent> sent = sendSegments(h, 14); // 10 go out (IW), 4 wait
        assertEquals(10, sent.size());
        int una = sent.get(0).seq();
        h.inject(h.peerAck(una));
        List<Sent> out = h.poll();
        assertEquals(1, out.size(), "RFC 3042: one new segment per dup ACK");
        assertEquals(sent.get(9).seq() + 1448, out.get(0).seq());
        h.inject(h.peerAck(una));
        assertEquals(1, h.poll().size());
    }

    @Test
    void sackRecoveryRetransmitsTheHoleAfterThreeSackedSegments() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).rack(false).build(), true);
        TcpConnection c = h.conn;
        List<Sent> sent = sendSegments(h, 6);
        int una = sent.get(0).seq();
        int s1 = sent.get(1).seq();
        h.inject(h.peerAck(una).sack(s1, s1 + 1448));
        h.inject(h.peerAck(una).sack(s1, s1 + 2 * 1448));
        assertFalse(c.inRecovery());
        h.inject(h.peerAck(una).sack(s1, s1 + 3 * 1448));
        assertTrue(c.inRecovery());
        List<Sent> out = h.poll();
        assertEquals(una, out.get(0).seq());
        assertEquals(3 * 1448, c.stats().sackedBytes());
        assertEquals(1, c.stats().retransmitsFast());
    }

    @Test
    void sackBlocksOutsideTheWindowAreIgnored() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        List<Sent> sent = sendSegments(h, 3);
        h.inject(h.peerAck(sent.get(0).seq()).sack(c.sndNxt() + 100, c.sndNxt() + 2000));
        assertEquals(0, c.stats().sackedBytes());
    }

    @Test
    void rackToleratesReorderingWithinTheWindowThenMarksLossOnTimer() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        primeRtt(h, 40 * MS);
        List<Sent> sent = sendSegments(h, 4);
        h.advance(40 * MS);
        int una = sent.get(0).seq();
        int s1 = sent.get(1).seq();
        h.inject(h.peerAck(una).sack(s1, s1 + 1448)); // segment 1 delivered, segment 0 not (yet)
        assertEquals(0, h.poll().size(), "within the reordering window: no retransmission");
        assertFalse(c.inRecovery());
        // The reordering timer fires (RACK.rtt + reo_wnd after segment 0 was sent).
        List<Sent> out = h.fire();
        assertEquals(1, out.size());
        assertEquals(una, out.get(0).seq());
        assertEquals(1, c.stats().retransmitsRack());
    }

    @Test
    void rackReorderedSegmentArrivingInTimeCausesNoRetransmission() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        primeRtt(h, 40 * MS);
        List<Sent> sent = sendSegments(h, 4);
        h.advance(40 * MS);
        int una = sent.get(0).seq();
        int s1 = sent.get(1).seq();
        h.inject(h.peerAck(una).sack(s1, s1 + 1448));
        h.advance(1 * MS);
        h.inject(h.peerAck(sent.get(2).seq()));
        h.inject(h.peerAck(c.sndNxt()));
        assertEquals(0, h.fire().size());
        assertEquals(0, c.stats().retransmits());
    }

    @Test
    void tailLossProbeRetransmitsLastSegmentBeforeRto() {
        Harness h = established(TcpConfig.builder().build(), true);
        TcpConnection c = h.conn;
        primeRtt(h, 20 * MS);
        List<Sent> sent = sendSegments(h, 3);
        long sentAt = h.now;
        List<Sent> probe = h.fire();
        assertEquals(1, probe.size());
        assertEquals(sent.get(2).seq(), probe.get(0).seq(), "the last segment is probed");
        assertTrue(h.now - sentAt < c.rttEstimator().rtoNanos(), "the probe comes before the RTO");
        assertEquals(1, c.stats().retransmitsTlp());
        assertEquals(0, c.stats().retransmitsRto());
    }

    @Test
    void tailLossProbeSendsNewDataWhenAvailable() {
        Harness h = established(TcpConfig.builder().initialWindowSegments(2).build(), true);
        TcpConnection c = h.conn;
        primeRtt(h, 20 * MS);
        // cwnd limits us to a few segments; more data waits in the ring.
        c.send(Harness.bytes(20 * 1448, 1), 0, 20 * 1448);
        List<Sent> sent = h.poll();
        int before = c.sndNxt();
        List<Sent> probe = h.fire();
        assertEquals(1, probe.size());
        assertEquals(before, probe.get(0).seq(), "new data is the probe");
        assertEquals(0, c.stats().retransmits());
        assertTrue(sent.size() >= 2);
    }

    @Test
    void dsackFromPeerIsCounted() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        List<Sent> sent = sendSegments(h, 2);
        int s0 = sent.get(0).seq();
        h.inject(h.peerAck(sent.get(1).seq()).sack(s0, s0 + 1448));
        assertEquals(1, c.stats().dsacksReceived());
    }

    @Test
    void probeThatRepairsALossTriggersTheCongestionResponse() {
        Harness h = established(TcpConfig.builder().build(), true);
        TcpConnection c = h.conn;
        primeRtt(h, 20 * MS);
        sendSegments(h, 3);
        h.fire(); // the probe retransmits the last segment
        assertEquals(1, c.stats().retransmitsTlp());
        assertEquals(Long.MAX_VALUE, c.stats().ssthresh());
        // The peer had lost segment 3: the probe's ACK covers everything, and (RFC 8985 §7.4) an ACK beyond
        // TLP.end_seq without a D-SACK for the probe confirms the repair.
        h.inject(h.peerAck(c.sndNxt()));
        c.send(new byte[100], 0, 100);
        h.poll();
        h.inject(h.peerAck(c.sndNxt()));
        assertTrue(c.stats().ssthresh() < Long.MAX_VALUE, "cwnd was reduced once for the repaired loss");
    }

    @Test
    void probeAnsweredWithDsackIsNotALoss() {
        Harness h = established(TcpConfig.builder().build(), true);
        TcpConnection c = h.conn;
        primeRtt(h, 20 * MS);
        List<Sent> sent = sendSegments(h, 3);
        h.fire();
        int s2 = sent.get(2).seq();
        h.inject(h.peerAck(c.sndNxt()).sack(s2, s2 + 1448)); // D-SACK: the original arrived too
        c.send(new byte[100], 0, 100);
        h.poll();
        h.inject(h.peerAck(c.sndNxt()));
        assertEquals(Long.MAX_VALUE, c.stats().ssthresh());
        assertEquals(1, c.stats().dsacksReceived());
    }
}
