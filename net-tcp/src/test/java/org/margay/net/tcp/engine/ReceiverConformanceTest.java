package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.margay.net.tcp.TcpSegment;
import org.junit.jupiter.api.Test;

/**
 * Receiver-side rules the packetdrill corpus checks: D-SACK for data already held out of order (RFC 2883 §4),
 * the reset ABORT sends (RFC 9293 §3.10.5, RFC 7323 §3.2), and the reset for data arriving after CLOSE (RFC 1122
 * §4.2.2.13). The hand-played peer's sequence numbers are written relative to its ISN + 1 ("1" = first byte).
 */
class ReceiverConformanceTest {

    /** A passive connection with SACK and no timestamps (the layout of linux-selftests' tcp_dsack_mult). */
    private static Harness sackServer() {
        Harness h = new Harness();
        h.accept(false, true, 7, 1000);
        return h;
    }

    private static Seg data(Harness h, int from, int to) {
        return h.seg().seq(h.peerIss + from).ack(h.conn.sndNxt()).window(1024).payload(to - from);
    }

    private static int[] relative(Harness h, int[] block) {
        return new int[] {block[0] - h.peerIss, block[1] - h.peerIss};
    }

    private static Sent onlyAck(List<Sent> out) {
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).pureAck(), out.toString());
        return out.get(0);
    }

    @Test
    void inOrderSegmentCoveringHeldDataReportsTheFirstDuplicatedRangeAsDsack() {
        Harness h = sackServer();
        h.inject(data(h, 1001, 2001));
        h.inject(data(h, 2001, 3001));
        h.inject(data(h, 4001, 5001));
        h.inject(data(h, 7001, 8001));
        h.poll();
        h.inject(data(h, 1, 6001)); // fills the hole and repeats 1001:3001 and 4001:5001
        Sent ack = onlyAck(h.poll());
        assertEquals(h.peerIss + 6001, ack.ackNo());
        assertEquals(2, ack.sackBlocks().size(), ack.toString());
        assertArrayEquals(new int[] {1001, 3001}, relative(h, ack.sackBlocks().get(0))); // D-SACK first (§4)
        assertArrayEquals(new int[] {7001, 8001}, relative(h, ack.sackBlocks().get(1)));
        assertEquals(1, h.conn.stats().dsacksSent());
    }

    @Test
    void segmentOverlappingTheHeldRangeOnTheRightReportsTheOverlap() {
        Harness h = sackServer();
        h.inject(data(h, 1, 6001));
        h.inject(data(h, 7001, 8001));
        h.poll();
        h.inject(data(h, 6001, 8001));
        Sent ack = onlyAck(h.poll());
        assertEquals(h.peerIss + 8001, ack.ackNo());
        assertEquals(1, ack.sackBlocks().size());
        assertArrayEquals(new int[] {7001, 8001}, relative(h, ack.sackBlocks().get(0)));
    }

    @Test
    void partlyOldSegmentReportsThePartBelowRcvNxt() {
        Harness h = sackServer();
        h.inject(data(h, 1, 300));
        h.poll();
        h.inject(data(h, 1, 800)); // 1:300 again, then new data
        Sent ack = onlyAck(h.poll());
        assertEquals(h.peerIss + 800, ack.ackNo());
        assertArrayEquals(new int[] {1, 300}, relative(h, ack.sackBlocks().get(0))); // RFC 2883 §4.1.1
    }

    @Test
    void abortSendsRstAckWithTimestamps() {
        Harness h = new Harness();
        TcpConnection c = h.accept(true, true, 7, 1000);
        h.inject(h.peerData(1000));
        h.poll();
        h.advance(1000 * Harness.MS);
        int tsRecent = h.peerTsVal;
        c.abort();
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        Sent rst = out.get(0);
        assertTrue(rst.rst() && rst.ack(), rst.toString()); // Linux and FreeBSD send RST|ACK
        assertEquals(c.sndNxt(), rst.seq()); // RFC 9293 §3.10.5: <SEQ=SND.NXT>
        assertEquals(h.peerNxt, rst.ackNo());
        assertTrue(rst.hasTs()); // RFC 7323 §3.2: TSopt SHOULD be sent in an RST
        assertEquals(tsRecent, rst.tsEcr());
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    void abortWithoutTimestampsSendsNoOptions() {
        Harness h = new Harness();
        TcpConnection c = h.accept(false, false, -1, 1000);
        c.abort();
        Sent rst = h.poll().get(0);
        assertTrue(rst.rst() && rst.ack());
        assertFalse(rst.hasTs());
        assertEquals(0, rst.optionsLength());
    }

    @Test
    void newDataAfterCloseIsAnsweredWithAReset() {
        Harness h = new Harness();
        TcpConnection c = h.accept(true, true, 7, 1000);
        c.close(true); // POSIX close: no read follows
        Sent fin = h.poll().get(0);
        assertTrue(fin.fin());
        // The peer has not seen our FIN (ACK = our ISN + 1) and sends data: it will never be read.
        h.inject(h.seg().seq(h.peerNxt).ack(fin.seq()).window(1024).payload(1).ts(++h.peerTsVal, fin.tsVal()));
        List<Sent> out = h.poll();
        assertEquals(1, out.size(), out.toString());
        Sent rst = out.get(0);
        assertEquals(TcpSegment.RST, rst.flags()); // <SEQ=SEG.ACK><CTL=RST>, RFC 9293 §3.10.7.1
        assertEquals(fin.seq(), rst.seq());
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ECONNRESET, c.error());
        assertEquals(1, c.stats().resetsOnDataAfterClose());
    }

    @Test
    void dataAfterAPlainCloseIsStillDelivered() {
        Harness h = new Harness();
        TcpConnection c = h.accept(true, true, 7, 1000);
        c.close(); // close(false): the application may still read
        Sent fin = h.poll().get(0);
        h.inject(h.seg().seq(h.peerNxt).ack(fin.seq()).window(1024).payload(10).ts(++h.peerTsVal, fin.tsVal()));
        h.poll();
        assertEquals(10, c.readableBytes());
        assertEquals(0, c.stats().resetsOnDataAfterClose());
    }

    @Test
    void dataAfterShutdownOutputIsStillDelivered() {
        Harness h = new Harness();
        TcpConnection c = h.accept(true, true, 7, 1000);
        c.shutdownOutput(); // half-close: the application still reads
        Sent fin = h.poll().get(0);
        h.inject(h.seg().seq(h.peerNxt).ack(fin.seq()).window(1024).payload(10).ts(++h.peerTsVal, fin.tsVal()));
        h.poll();
        assertEquals(10, c.readableBytes());
        assertEquals(TcpState.FIN_WAIT_1, c.state());
    }
}
