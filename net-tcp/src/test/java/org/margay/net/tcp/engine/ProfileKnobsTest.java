package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.MS;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.tcp.TcpOptionsWriter;

/**
 * The TcpConfig knobs that make Margay behave as Linux ({@link TcpConfig.Builder#linuxStyle()}) or FreeBSD
 * ({@link TcpConfig.Builder#bsdStyle()}) where the RFCs leave the choice; defaults keep the RFC behaviour.
 */
class ProfileKnobsTest {

    // ---- Linux ----------------------------------------------------------------------------------------------

    @Test
    void linuxDelaysTheAckOfAFinSoTheApplicationsFinCanCarryIt() {
        Harness h = new Harness(TcpConfig.builder().linuxStyle().build());
        TcpConnection c = h.accept(false, true, 8, 1000);
        h.inject(h.seg().seq(h.peerNxt).ack(c.sndNxt()).window(257).fin());
        assertEquals(0, h.poll().size()); // RFC 9293 §3.8.6.3 allows delaying it
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        long at = h.now;
        List<Sent> out = h.fire();
        assertEquals(1, out.size());
        assertEquals(TcpConfig.DEFAULT_DELAYED_ACK_NANOS, h.now - at);
        assertEquals(h.peerNxt + 1, out.get(0).ackNo());
    }

    @Test
    void byDefaultTheFinIsAcknowledgedAtOnce() {
        Harness h = new Harness();
        TcpConnection c = h.accept(false, true, 8, 1000);
        h.inject(h.seg().seq(h.peerNxt).ack(c.sndNxt()).window(257).fin());
        assertEquals(1, h.poll().size());
    }

    @Test
    void slowStartLimitOfOneSegmentGrowsCwndByOneSmssPerAck() {
        var one = org.margay.net.tcp.cc.CongestionControl.create("newreno", 10);
        one.init(1000);
        one.slowStartLimitSegments(1);
        one.onAck(2000, 100 * MS, 0, true);
        assertEquals(11_000, one.cwnd()); // RFC 5681 §3.1 eq. (2): cwnd += min(N, SMSS)
        var two = org.margay.net.tcp.cc.CongestionControl.create("newreno", 10);
        two.init(1000);
        two.onAck(2000, 100 * MS, 0, true);
        assertEquals(12_000, two.cwnd()); // RFC 3465 §2.2, L = 2·SMSS
        assertThrows(IllegalArgumentException.class, () -> one.slowStartLimitSegments(3));
    }

    @Test
    void ssthreshFromCwndOnATimeoutWithOneSegmentInFlight() {
        var cubic = org.margay.net.tcp.cc.CongestionControl.create("cubic", 10);
        cubic.init(1000);
        cubic.ssthreshFromCwnd(true);
        cubic.onRetransmissionTimeout(1000, 0);
        assertEquals(7000, cubic.ssthresh()); // RFC 9438 §4.6 with cwnd: 10 · 0.7
        var flight = org.margay.net.tcp.cc.CongestionControl.create("cubic", 10);
        flight.init(1000);
        flight.onRetransmissionTimeout(1000, 0);
        assertEquals(2000, flight.ssthresh()); // FlightSize · 0.7, floored at 2·SMSS
    }

    @Test
    void linuxRtoFloorsTheVarianceTermAndTheProbeTakesTheRtosPlace() {
        // SRTT 100 ms, RTTVAR 37.5 ms: RFC 6298 gives 250 ms; Linux 100 + max(150, 200) = 300 ms.
        Harness linux = new Harness(TcpConfig.builder().linuxStyle().build());
        TcpConnection c = linux.accept(false, true, 7, 1000);
        linux.advance(100 * MS - Harness.HANDSHAKE_RTT); // (the handshake sample is 40 ms here)
        c.send(new byte[1000], 0, 1000);
        linux.poll();
        linux.advance(100 * MS);
        linux.inject(linux.peerAck(c.sndNxt()));
        long expected = c.rttEstimator().srttNanos() + Math.max(4 * c.rttEstimator().rttvarNanos(), 200 * MS);
        assertEquals(expected, c.rttEstimator().rtoNanos());
        c.send(new byte[1000], 0, 1000);
        linux.poll();
        long sent = linux.now;
        List<Sent> probe = linux.fire();
        assertEquals(1, probe.size());
        // RFC 8985 §7.2: the probe at min(PTO, RTO); not pushed out past the RTO.
        assertTrue(linux.now - sent <= expected, "probe after " + (linux.now - sent));
    }

    // ---- FreeBSD --------------------------------------------------------------------------------------------

    private static String hex(OutgoingOptions o) {
        MemorySegment m = MemorySegment.ofArray(new byte[40]);
        TcpOptionsWriter w = new TcpOptionsWriter().wrap(m, 0, 40);
        int n = o.write(w);
        assertEquals(o.length(), n);
        return HexFormat.of().formatHex(m.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    @Test
    void bsdSynOptionLayout() {
        OutgoingOptions o = new OutgoingOptions().bsdLayout(true).mss(1460).windowShift(6).sackPermitted(true)
                .timestamps(100, 0);
        // MSS, NOP, WS 6, SACK-permitted, TS: 20 bytes, as FreeBSD's tcp_addoptions lays them out.
        assertEquals("020405b4" + "01030306" + "0402" + "080a0000006400000000", hex(o));
        OutgoingOptions synAck = new OutgoingOptions().bsdLayout(true).mss(1460).sackPermitted(true);
        assertEquals("020405b4" + "0402" + "0000", hex(synAck)); // EOL padding
        OutgoingOptions linux = new OutgoingOptions().mss(1460).windowShift(6).sackPermitted(true).timestamps(100, 0);
        assertEquals("020405b4" + "0402" + "080a0000006400000000" + "01030306", hex(linux));
        assertFalse(new OutgoingOptions().bsdLayout(true).clear().bsdLayout());
    }

    @Test
    void bsdSynCarriesTheConfiguredShift() {
        Harness h = new Harness(TcpConfig.builder().bsdStyle().windowShift(6).receiveBufferSize(65536).build());
        h.conn = h.layer.connect(h.now, Harness.LOCAL_IP, 0, Harness.REMOTE_IP, Harness.REMOTE_PORT);
        Sent syn = h.poll().get(0);
        assertEquals(6, syn.windowShift()); // not the 1 a 64 KiB buffer needs (RFC 7323 §2.2 leaves it open)
        assertEquals(20, syn.optionsLength());
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().windowShift(15).build());
    }

    @Test
    void bsdRoundsTheReceiveBufferToTheMssAndAdvertisesAllFreeSpace() {
        Harness h = new Harness(TcpConfig.builder().bsdStyle().receiveBufferSize(65536).build());
        TcpConnection c = h.accept(false, true, -1, 1460);
        assertEquals(65700, c.config().receiveBufferSize()); // 45 · 1460
        h.inject(h.seg().seq(h.peerNxt).ack(c.sndNxt()).payload(1460));
        h.inject(h.seg().seq(h.peerNxt + 1460).ack(c.sndNxt()).payload(1460));
        Sent ack = h.poll().get(0);
        assertEquals(65700 - 2920, ack.window()); // every byte of free space
        Harness rfc = new Harness(TcpConfig.builder().receiveBufferSize(65536).build());
        assertEquals(65536, rfc.accept(false, true, -1, 1460).config().receiveBufferSize());
    }

    @Test
    void bsdRepeatsAnUnacknowledgedFinOnItsAcks() {
        Harness h = new Harness(TcpConfig.builder().bsdStyle().build());
        TcpConnection c = h.connect(false, true, -1, 1460);
        c.shutdownOutput();
        Sent fin = h.poll().get(0);
        // Simultaneous close: the peer's FIN does not acknowledge ours.
        h.inject(h.seg().seq(h.peerNxt).ack(fin.seq()).fin());
        Sent ack = h.poll().get(0);
        assertEquals(TcpState.CLOSING, c.state());
        assertTrue(ack.fin() && ack.ack());
        assertEquals(fin.seq(), ack.seq()); // BSD's tcp_outflags: FIN|ACK at the FIN's sequence number
        assertEquals(h.peerNxt + 1, ack.ackNo());
    }

    @Test
    void rtoSlopIsAddedToBackedOffTimeoutsButNotTheInitialOne() {
        Harness h = new Harness(TcpConfig.builder().bsdStyle().build());
        h.conn = h.layer.connect(h.now, Harness.LOCAL_IP, 0, Harness.REMOTE_IP, Harness.REMOTE_PORT);
        h.poll();
        long t0 = h.now;
        h.fire();
        assertEquals(1_000 * MS, h.now - t0);
        long t1 = h.now;
        h.fire();
        assertEquals(2_200 * MS, h.now - t1); // 2 · 1 s + FreeBSD's 200 ms rexmit_slop
    }

    @Test
    void noOptionsSendsABareSynAndNegotiatesNothing() {
        Harness h = new Harness(TcpConfig.builder().noOptions().build());
        TcpConnection c = h.layer.connect(h.now, Harness.LOCAL_IP, 0, Harness.REMOTE_IP, Harness.REMOTE_PORT);
        h.conn = c;
        Sent syn = h.poll().get(0);
        assertEquals(0, syn.optionsLength()); // FreeBSD's TCP_NOOPT
        h.inject(h.seg().seq(h.peerIss).ack(syn.seq() + 1).syn().mss(1460).sackOk().ws(7).ts(1, syn.tsVal()));
        h.poll();
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertFalse(c.sackEnabled() || c.timestampsEnabled());
        assertEquals(1460, c.effectiveMss()); // what we send follows the peer's MSS; it assumes 536 for us (§3.7.1)
    }

    @Test
    void synRetransmissionsDropOptionsAfterTheConfiguredCount() {
        Harness h = new Harness(TcpConfig.builder().bsdStyle().dropSynOptionsAfter(3).build());
        TcpConnection c = h.layer.connect(h.now, Harness.LOCAL_IP, 0, Harness.REMOTE_IP, Harness.REMOTE_PORT);
        h.conn = c;
        assertEquals(20, h.poll().get(0).optionsLength());
        for (int i = 1; i <= 2; i++) {
            assertEquals(20, h.fire().get(0).optionsLength(), "retransmission " + i);
        }
        Sent bare = h.fire().get(0);
        assertEquals(4, bare.optionsLength()); // MSS only
        assertEquals(1460, bare.mss());
        // The SYN-ACK answers the last SYN: scaling, SACK and timestamps were not offered, so not used.
        h.inject(h.seg().seq(h.peerIss).ack(bare.seq() + 1).syn().mss(1460).sackOk().ws(7).ts(1, 0));
        h.poll();
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertFalse(c.sackEnabled() || c.timestampsEnabled());
        assertEquals(0, c.sndWindowShift());
    }
}
