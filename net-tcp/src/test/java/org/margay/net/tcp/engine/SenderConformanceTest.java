package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.MS;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sender-side rules the packetdrill corpus checks: PSH kept as first sent (RFC 9293 §3.9.1), a retransmission that
 * fills cwnd counts as cwnd-limited (RFC 7661 §4.3), the congestion state (Linux's tcpi_ca_state), the user timeout
 * (RFC 5482, RFC 9293 §3.8.3), and an RTT sample after a resent SYN-ACK only from an echo of the latest one
 * (RFC 6298 §3, RFC 7323 §4.1).
 */
class SenderConformanceTest {

    private static Harness established(TcpConfig config, boolean sack) {
        Harness h = new Harness(config);
        h.connect(true, sack, 7, 1460);
        h.inject(h.peerAck(h.conn.sndNxt()));
        return h;
    }

    @Test
    void fastRetransmitOfTheFirstSegmentOfAWriteHasNoPush() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).rack(false).build(), false);
        TcpConnection c = h.conn;
        int n = 4 * c.effectiveMss();
        c.send(Harness.bytes(n, 1), 0, n);
        List<Sent> sent = h.poll();
        assertEquals(4, sent.size());
        assertFalse(sent.get(0).psh());
        assertTrue(sent.get(3).psh()); // only the end of the SEND's data is pushed
        for (int i = 0; i < 3; i++) {
            h.inject(h.peerAck(c.sndUna())); // three duplicate ACKs (RFC 5681 §3.2)
        }
        List<Sent> out = h.poll();
        assertEquals(sent.get(0).seq(), out.get(0).seq(), out.toString());
        assertFalse(out.get(0).psh(), "a retransmission keeps the PSH bit of its first transmission");
    }

    @Test
    void timeoutRetransmissionOfAPushedSegmentKeepsPush() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        h.conn.send(new byte[100], 0, 100);
        assertTrue(h.poll().get(0).psh());
        List<Sent> again = h.fire();
        assertEquals(1, again.size());
        assertTrue(again.get(0).psh());
    }

    @Test
    void ackOfTheTimeoutRetransmissionGrowsCwndAndStatesFollowLossThenOpen() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        int mss = c.effectiveMss();
        assertEquals(TcpConnection.CA_OPEN, c.congestionState());
        c.send(new byte[mss], 0, mss);
        h.poll();
        h.fire(); // RTO: cwnd = LW = 1 SMSS (RFC 5681 §3.1)
        assertEquals(TcpConnection.CA_LOSS, c.congestionState());
        assertEquals(mss, c.congestionControl().cwnd());
        h.inject(h.peerAck(c.sndNxt()));
        assertEquals(2L * mss, c.congestionControl().cwnd()); // the retransmission filled cwnd: slow start grows it
        assertEquals(TcpConnection.CA_OPEN, c.congestionState());
        assertEquals(0, c.unackedSegments());
    }

    @Test
    void duplicateAcksAndSacksShowDisorderThenRecovery() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).rack(false).build(), true);
        TcpConnection c = h.conn;
        int mss = c.effectiveMss();
        c.send(Harness.bytes(5 * mss, 2), 0, 5 * mss);
        h.poll();
        int una = c.sndUna();
        h.inject(h.peerAck(una).sack(una + mss, una + 2 * mss));
        assertEquals(TcpConnection.CA_DISORDER, c.congestionState());
        assertEquals(1, c.sackedSegments());
        h.inject(h.peerAck(una).sack(una + mss, una + 3 * mss));
        h.inject(h.peerAck(una).sack(una + mss, una + 4 * mss));
        assertEquals(TcpConnection.CA_RECOVERY, c.congestionState());
        assertEquals(5, c.unackedSegments());
    }

    @Test
    void userTimeoutAbortsWhenDataStaysUnacknowledged() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).build(), true);
        TcpConnection c = h.conn;
        c.userTimeoutNanos(3_000 * MS);
        assertEquals(3_000 * MS, c.userTimeoutNanos());
        c.send(new byte[100], 0, 100);
        h.poll();
        long firstSent = h.now;
        for (int i = 0; i < 10 && c.state() != TcpState.CLOSED; i++) {
            h.fire();
        }
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ETIMEDOUT, c.error());
        assertEquals(firstSent + 3_000 * MS, h.now); // RFC 5482: no later than the user timeout
    }

    @Test
    void withoutUserTimeoutTheRetryLimitStillApplies() {
        Harness h = established(TcpConfig.builder().tailLossProbe(false).maxDataRetransmissions(2).build(), true);
        h.conn.send(new byte[100], 0, 100);
        h.poll();
        for (int i = 0; i < 5; i++) {
            h.fire();
        }
        assertEquals(TcpError.ETIMEDOUT, h.conn.error());
    }

    @Test
    void userTimeoutRejectsNegativeValues() {
        Harness h = established(TcpConfig.defaults(), true);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> h.conn.userTimeoutNanos(-1));
    }

    @Test
    void echoOfAnEarlierSynAckGivesNoRttSample() {
        Harness h = new Harness();
        TcpListener l = h.layer.listen(Harness.LOCAL_IP, Harness.LOCAL_PORT, 4);
        h.inject(new Seg(Harness.REMOTE_PORT, Harness.LOCAL_PORT).seq(h.peerIss).syn().window(65535).mss(1460)
                .sackOk().ts(h.peerTsVal, 0));
        Sent first = h.poll().get(0);
        List<Sent> resent = h.fire(); // the SYN-ACK again after the initial RTO
        assertTrue(resent.get(0).syn() && resent.get(0).ack());
        h.advance(4 * MS);
        // The peer answered the first SYN-ACK; its ACK echoes the first TSval (RFC 7323 §5.3 R2 dropped the resent
        // one as an old duplicate): it times the whole retransmission timeout, so no sample is taken.
        h.inject(new Seg(Harness.REMOTE_PORT, Harness.LOCAL_PORT).seq(h.peerIss + 1).ack(first.seq() + 1)
                .window(512).ts(h.peerTsVal + 1, first.tsVal()));
        TcpConnection c = l.accept();
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertFalse(c.rttEstimator().hasSample());
    }

    @Test
    void echoOfTheLatestSynAckIsSampled() {
        Harness h = new Harness();
        TcpListener l = h.layer.listen(Harness.LOCAL_IP, Harness.LOCAL_PORT, 4);
        h.inject(new Seg(Harness.REMOTE_PORT, Harness.LOCAL_PORT).seq(h.peerIss).syn().window(65535).mss(1460)
                .sackOk().ts(h.peerTsVal, 0));
        Sent first = h.poll().get(0);
        Sent second = h.fire().get(0);
        h.advance(4 * MS);
        h.inject(new Seg(Harness.REMOTE_PORT, Harness.LOCAL_PORT).seq(h.peerIss + 1).ack(first.seq() + 1)
                .window(512).ts(h.peerTsVal + 1, second.tsVal()));
        TcpConnection c = l.accept();
        assertTrue(c.rttEstimator().hasSample());
        assertEquals(4 * MS, c.rttEstimator().srttNanos());
    }
}
