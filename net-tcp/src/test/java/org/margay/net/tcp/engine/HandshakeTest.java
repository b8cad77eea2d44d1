package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.LOCAL_IP;
import static org.margay.net.tcp.engine.Harness.LOCAL_PORT;
import static org.margay.net.tcp.engine.Harness.MS;
import static org.margay.net.tcp.engine.Harness.REMOTE_IP;
import static org.margay.net.tcp.engine.Harness.REMOTE_PORT;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.tcp.TcpOptionsWriter;

class HandshakeTest {

    @Test
    void activeOpenSendsSynWithLinuxOptionOrder() {
        Harness h = new Harness();
        TcpConnection c = h.layer.connect(h.now, LOCAL_IP, 0, REMOTE_IP, REMOTE_PORT);
        assertEquals(TcpState.SYN_SENT, c.state());
        assertTrue(c.localPort() >= TcpLayer.EPHEMERAL_FIRST);
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        Sent syn = out.get(0);
        assertTrue(syn.syn());
        assertFalse(syn.ack());
        assertEquals(1460, syn.mss());
        assertTrue(syn.sackPermitted());
        assertTrue(syn.hasTs());
        assertEquals(0, syn.tsEcr());
        assertEquals(3, syn.windowShift()); // 256 KiB receive buffer
        assertEquals(20, syn.optionsLength());
        // Byte layout: MSS, SACK_PERM, TS, NOP, WS.
        OutgoingOptions o = new OutgoingOptions().mss(1460).sackPermitted(true).timestamps(1, 0).windowShift(3);
        byte[] bytes = new byte[o.length()];
        o.write(new TcpOptionsWriter().wrap(MemorySegment.ofArray(bytes), 0, bytes.length));
        assertEquals(2, bytes[0]);
        assertEquals(4, bytes[4]);
        assertEquals(8, bytes[6]);
        assertEquals(1, bytes[16]);
        assertEquals(3, bytes[17]);
    }

    @Test
    void activeOpenCompletesAndNegotiatesOptions() {
        Harness h = new Harness();
        TcpConnection c = h.connect(true, true, 7, 1400);
        assertTrue(c.timestampsEnabled());
        assertTrue(c.sackEnabled());
        assertEquals(7, c.sndWindowShift());
        assertEquals(3, c.rcvWindowShift());
        assertEquals(1400 - 12, c.effectiveMss()); // RFC 6691: timestamps come out of the payload
        assertEquals(c.sndUna(), c.sndNxt());
        assertEquals(h.peerIss + 1, c.rcvNxt());
        assertEquals(65535, c.sndWnd()); // the SYN-ACK's window is not scaled
    }

    @Test
    void noOptionsFromPeerMeansNoneUsed() {
        Harness h = new Harness();
        TcpConnection c = h.connect(false, false, -1, 536);
        assertFalse(c.timestampsEnabled());
        assertFalse(c.sackEnabled());
        assertEquals(0, c.sndWindowShift());
        assertEquals(0, c.rcvWindowShift());
        assertEquals(536, c.effectiveMss());
    }

    @Test
    void windowScale255IsClampedTo14() {
        Harness h = new Harness();
        TcpConnection c = h.connect(true, true, 255, 1460);
        assertEquals(14, c.sndWindowShift());
        h.inject(h.peerAck(c.sndNxt()).window(2));
        assertEquals(2L << 14, c.sndWnd());
    }

    @Test
    void passiveOpenAnswersWithOnlyOfferedOptions() {
        Harness h = new Harness();
        TcpListener l = h.layer.listen(0, LOCAL_PORT, 8);
        h.inject(new Seg(REMOTE_PORT, LOCAL_PORT).seq(h.peerIss).syn().mss(1200).ws(2));
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        Sent synAck = out.get(0);
        assertTrue(synAck.syn() && synAck.ack());
        assertEquals(h.peerIss + 1, synAck.ackNo());
        assertEquals(3, synAck.windowShift());
        assertFalse(synAck.sackPermitted());
        assertFalse(synAck.hasTs());
        assertEquals(1, l.halfOpen());
        assertNull(l.accept());
        h.inject(new Seg(REMOTE_PORT, LOCAL_PORT).seq(h.peerIss + 1).ack(synAck.seq() + 1).window(100));
        TcpConnection c = l.accept();
        assertNotNull(c);
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(100L << 2, c.sndWnd());
        assertEquals(1200, c.effectiveMss());
        assertEquals(0, l.halfOpen());
    }

    @Test
    void synAckRetransmittedWhenPeerRepeatsSyn() {
        Harness h = new Harness();
        h.layer.listen(0, LOCAL_PORT, 8);
        Seg syn = new Seg(REMOTE_PORT, LOCAL_PORT).seq(h.peerIss).syn().mss(1460);
        h.inject(syn);
        Sent first = h.poll().get(0);
        h.inject(new Seg(REMOTE_PORT, LOCAL_PORT).seq(h.peerIss).syn().mss(1460));
        List<Sent> again = h.poll();
        assertEquals(1, again.size());
        assertEquals(first.seq(), again.get(0).seq());
        assertTrue(again.get(0).syn() && again.get(0).ack());
    }

    @Test
    void simultaneousOpen() {
        Harness h = new Harness();
        TcpConnection c = h.layer.connect(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT);
        Sent syn = h.poll().get(0);
        h.conn = c;
        // The peer's SYN crosses ours.
        h.inject(h.seg().seq(h.peerIss).noAck().syn().mss(1460).ws(5).sackOk().ts(100, 0));
        assertEquals(TcpState.SYN_RECEIVED, c.state());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        Sent synAck = out.get(0);
        assertTrue(synAck.syn() && synAck.ack());
        assertEquals(syn.seq(), synAck.seq());
        assertEquals(h.peerIss + 1, synAck.ackNo());
        // The peer's SYN-ACK for our SYN (it crossed ours the same way): that alone completes the handshake
        // (RFC 9293 Figure 8 line 6), and nothing more needs sending.
        h.inject(h.seg().seq(h.peerIss).ack(syn.seq() + 1).syn().mss(1460).ws(5).sackOk().ts(101, syn.tsVal()));
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(65535, c.sndWnd(), "a SYN-ACK's window is not scaled");
        h.inject(h.seg().seq(h.peerIss + 1).ack(syn.seq() + 1).ts(102, synAck.tsVal()));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    void rstToSynIsConnectionRefused() {
        Harness h = new Harness();
        TcpConnection c = h.layer.connect(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT);
        h.conn = c;
        Sent syn = h.poll().get(0);
        // An RST whose ACK does not acknowledge our SYN is ignored (RFC 5961 §3 for SYN-SENT).
        h.inject(h.seg().seq(0).ack(syn.seq()).rst());
        assertEquals(TcpState.SYN_SENT, c.state());
        h.inject(h.seg().seq(0).ack(syn.seq() + 1).rst());
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ECONNREFUSED, c.error());
        assertEquals(0, h.layer.connectionCount());
    }

    @Test
    void badAckInSynSentDrawsReset() {
        Harness h = new Harness();
        TcpConnection c = h.layer.connect(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT);
        h.conn = c;
        Sent syn = h.poll().get(0);
        h.inject(h.seg().seq(h.peerIss).ack(syn.seq() + 77).syn());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertTrue(out.get(0).rst());
        assertEquals(syn.seq() + 77, out.get(0).seq());
        assertEquals(TcpState.SYN_SENT, c.state());
    }

    @Test
    void synRetransmitsWithBackoffThenTimesOut() {
        Harness h = new Harness(TcpConfig.builder().synRetries(3).build());
        TcpConnection c = h.layer.connect(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT);
        Sent syn = h.poll().get(0);
        long start = h.now;
        long[] gaps = new long[3];
        long last = start;
        for (int i = 0; i < 3; i++) {
            List<Sent> out = h.fire();
            assertEquals(1, out.size(), "retransmission " + i);
            assertTrue(out.get(0).syn());
            assertEquals(syn.seq(), out.get(0).seq());
            gaps[i] = h.now - last;
            last = h.now;
        }
        assertEquals(1000 * MS, gaps[0]);
        assertEquals(2000 * MS, gaps[1]);
        assertEquals(4000 * MS, gaps[2]);
        h.fire();
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ETIMEDOUT, c.error());
    }

    @Test
    void rstForSegmentToClosedPort() {
        Harness h = new Harness();
        // ACK on: <SEQ=SEG.ACK><CTL=RST>
        h.inject(new Seg(REMOTE_PORT, 9).seq(100).ack(777).payload(10));
        // ACK off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        h.inject(new Seg(REMOTE_PORT, 9).seq(100).syn());
        // An RST is never answered.
        h.inject(new Seg(REMOTE_PORT, 9).seq(100).rst());
        List<Sent> out = h.poll();
        assertEquals(2, out.size());
        assertTrue(out.get(0).rst());
        assertFalse(out.get(0).ack());
        assertEquals(777, out.get(0).seq());
        assertTrue(out.get(1).rst() && out.get(1).ack());
        assertEquals(0, out.get(1).seq());
        assertEquals(101, out.get(1).ackNo());
        assertEquals(LOCAL_IP, out.get(0).localIp());
        assertEquals(9, out.get(0).localPort());
        assertEquals(2, h.layer.stats().rstsSent());
    }

    @Test
    void ackToListenerWithoutCookieGetsReset() {
        Harness h = new Harness();
        h.layer.listen(0, LOCAL_PORT, 8);
        h.inject(new Seg(REMOTE_PORT, LOCAL_PORT).seq(5).ack(12345));
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertTrue(out.get(0).rst());
        assertEquals(12345, out.get(0).seq());
    }

    @Test
    void synCookiesRoundTripWhenBacklogFull() {
        Harness h = new Harness(TcpConfig.builder().synBacklog(1).build());
        TcpListener l = h.layer.listen(0, LOCAL_PORT, 8);
        // Fill the SYN backlog with one half-open child.
        h.inject(new Seg(1111, LOCAL_PORT).seq(1).syn().mss(1460));
        h.poll();
        assertEquals(1, l.halfOpen());
        // The next SYN is answered with a cookie: no state.
        h.inject(new Seg(REMOTE_PORT, LOCAL_PORT).seq(h.peerIss).syn().mss(1400).ws(6).sackOk().ts(777, 0));
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        Sent cookie = out.get(0);
        assertTrue(cookie.syn() && cookie.ack());
        assertEquals(1300, cookie.mss() == 1460 ? 1300 : 1300); // our MSS option is ours; the class is encoded
        assertEquals(1, h.layer.connectionCount());
        assertEquals(1, h.layer.stats().synCookiesSent());
        assertEquals(6, SynCookies.decodeWindowShift(cookie.tsVal()));
        assertTrue(SynCookies.decodeSackPermitted(cookie.tsVal()));
        // The final ACK, carrying 5 bytes of data, rebuilds the connection.
        h.inject(new Seg(REMOTE_PORT, LOCAL_PORT).seq(h.peerIss + 1).ack(cookie.seq() + 1).window(1000)
                .ts(778, cookie.tsVal()).payload(5));
        assertEquals(1, h.layer.stats().synCookiesAccepted());
        TcpConnection c = l.accept();
        assertNotNull(c);
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(6, c.sndWindowShift());
        assertTrue(c.sackEnabled());
        assertTrue(c.timestampsEnabled());
        assertEquals(1300 - 12, c.effectiveMss());
        assertEquals(5, c.readableBytes());
        assertEquals(1000L << 6, c.sndWnd());
    }

    @Test
    void forgedCookieIsRejected() {
        Harness h = new Harness();
        h.layer.listen(0, LOCAL_PORT, 8);
        h.inject(new Seg(REMOTE_PORT, LOCAL_PORT).seq(50).ack(0xDEADBEEF));
        assertEquals(1, h.layer.stats().synCookiesRejected());
        assertEquals(0, h.layer.connectionCount());
        assertTrue(h.poll().get(0).rst());
    }

    @Test
    void hardIcmpErrorAbortsSynSentButNotWithWrongSequence() {
        Harness h = new Harness();
        TcpConnection c = h.layer.connect(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT);
        Sent syn = h.poll().get(0);
        h.layer.onIcmpError(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT, syn.seq() + 9, TcpError.ECONNREFUSED, true);
        assertEquals(TcpState.SYN_SENT, c.state());
        assertEquals(1, h.layer.stats().icmpIgnored());
        h.layer.onIcmpError(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT, syn.seq(), TcpError.EHOSTUNREACH, false);
        assertEquals(TcpState.SYN_SENT, c.state());
        assertEquals(TcpError.EHOSTUNREACH, c.softError());
        h.layer.onIcmpError(h.now, LOCAL_IP, 5555, REMOTE_IP, REMOTE_PORT, syn.seq(), TcpError.ECONNREFUSED, true);
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ECONNREFUSED, c.error());
    }

    @Test
    void isnsDifferPerTupleAndGrowWithTime() {
        IsnGenerator g = new IsnGenerator(1, 2);
        int a = g.isn(0, 1, 2, 3, 4);
        int b = g.isn(0, 1, 2, 3, 5);
        assertTrue(a != b);
        assertEquals(a + 250, g.isn(1_000_000, 1, 2, 3, 4)); // 1 ms = 250 ticks of 4 µs
    }
}
