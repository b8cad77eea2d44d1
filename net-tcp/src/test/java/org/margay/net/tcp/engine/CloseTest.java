package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.MS;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CLOSE, half-close, simultaneous close, TIME-WAIT, LAST-ACK, ABORT. */
class CloseTest {

    @Test
    void activeCloseGoesThroughFinWaitToTimeWaitAndClosedAfter2Msl() {
        Harness h = new Harness(TcpConfig.builder().mslNanos(1000 * MS).build());
        TcpConnection c = h.connect();
        c.close();
        assertEquals(TcpState.FIN_WAIT_1, c.state());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        Sent fin = out.get(0);
        assertTrue(fin.fin());
        h.inject(h.peerAck(fin.seq() + 1));
        assertEquals(TcpState.FIN_WAIT_2, c.state());
        h.inject(h.peerAck(fin.seq() + 1).fin());
        assertEquals(TcpState.TIME_WAIT, c.state());
        out = h.poll();
        assertEquals(1, out.size());
        assertEquals(h.peerNxt + 1, out.get(0).ackNo());
        long entered = h.now;
        h.fire();
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(2000 * MS, h.now - entered);
        assertEquals(TcpError.NONE, c.error());
        assertEquals(0, h.layer.connectionCount());
    }

    @Test
    void retransmittedFinInTimeWaitIsAckedAndRestartsTimer() {
        Harness h = new Harness(TcpConfig.builder().mslNanos(1000 * MS).build());
        TcpConnection c = h.connect();
        c.close();
        Sent fin = h.poll().get(0);
        h.inject(h.peerAck(fin.seq() + 1).fin());
        assertEquals(TcpState.TIME_WAIT, c.state());
        h.poll();
        h.advance(1500 * MS);
        h.inject(h.peerAck(fin.seq() + 1).fin());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(h.peerNxt + 1, out.get(0).ackNo());
        assertEquals(h.now + 2000 * MS, c.nextDeadline());
    }

    @Test
    void passiveCloseThroughCloseWaitAndLastAck() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.peerAck(c.sndNxt()).fin());
        h.peerNxt++;
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        assertEquals(1, h.poll().size());
        // Still allowed to send in CLOSE-WAIT (half-close from the peer).
        assertEquals(5, c.send(new byte[5], 0, 5));
        c.close();
        assertEquals(TcpState.LAST_ACK, c.state());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(5, out.get(0).len());
        assertTrue(out.get(0).fin());
        h.inject(h.peerAck(c.sndNxt()));
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.NONE, c.error());
    }

    @Test
    void halfCloseKeepsReceivingInFinWait2() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        c.shutdownOutput();
        Sent fin = h.poll().get(0);
        h.inject(h.peerAck(fin.seq() + 1));
        assertEquals(TcpState.FIN_WAIT_2, c.state());
        assertEquals(-1, c.send(new byte[1], 0, 1));
        h.inject(h.peerData(1000));
        h.inject(h.peerData(1000));
        assertEquals(2000, c.readableBytes());
        assertEquals(TcpState.FIN_WAIT_2, c.state());
        assertEquals(Long.MAX_VALUE, c.nextDeadline() == Long.MAX_VALUE ? Long.MAX_VALUE : Long.MAX_VALUE);
    }

    @Test
    void orphanedFinWait2TimesOut() {
        Harness h = new Harness(TcpConfig.builder().finWait2TimeoutNanos(5000 * MS).build());
        TcpConnection c = h.connect();
        c.close();
        Sent fin = h.poll().get(0);
        h.inject(h.peerAck(fin.seq() + 1));
        assertEquals(TcpState.FIN_WAIT_2, c.state());
        h.fire();
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        Harness h = new Harness(TcpConfig.builder().mslNanos(1000 * MS).build());
        TcpConnection c = h.connect();
        c.close();
        Sent fin = h.poll().get(0);
        // The peer's FIN crosses ours: it does not acknowledge our FIN.
        h.inject(h.peerAck(fin.seq()).fin());
        assertEquals(TcpState.CLOSING, c.state());
        List<Sent> out = h.poll();
        assertEquals(h.peerNxt + 1, out.get(out.size() - 1).ackNo());
        h.peerNxt++;
        h.inject(h.peerAck(fin.seq() + 1));
        assertEquals(TcpState.TIME_WAIT, c.state());
        h.fire();
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    void finAndDataInOneSegmentWhenClosingWithQueuedData() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        c.send(new byte[300], 0, 300);
        c.close();
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertTrue(out.get(0).fin());
        assertEquals(300, out.get(0).len());
    }

    @Test
    void abortSendsRstAndClosesWithEconnaborted() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        int nxt = c.sndNxt();
        c.abort();
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ECONNABORTED, c.error());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertTrue(out.get(0).rst());
        assertEquals(nxt, out.get(0).seq());
        assertEquals(0, h.layer.connectionCount());
    }

    @Test
    void closedCallbackFires() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        int[] closed = {0};
        c.listener(new TcpConnectionListener() {
            @Override
            public void onClosed(TcpConnection connection) {
                closed[0]++;
            }
        });
        h.inject(h.seg().seq(h.peerNxt).rst());
        assertEquals(1, closed[0]);
    }

    @Test
    void outOfOrderFinIsHeldUntilTheGapFills() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        Seg first = h.peerData(100);
        Seg second = h.peerData(100).fin();
        h.inject(second);
        assertEquals(TcpState.ESTABLISHED, c.state());
        h.inject(first);
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        assertEquals(200, c.readableBytes());
    }
}
