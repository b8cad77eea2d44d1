package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.LOCAL_IP;
import static org.margay.net.tcp.engine.Harness.MS;
import static org.margay.net.tcp.engine.Harness.REMOTE_IP;
import static org.margay.net.tcp.engine.Harness.REMOTE_PORT;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.tcp.TcpSegment;

/** Corners: ICMP soft errors, calls after close, RST in TIME-WAIT, malformed input, the deadline heap. */
class EdgeCaseTest {

    @Test
    void softIcmpErrorIsReportedWhenRetransmissionsGiveUp() {
        Harness h = new Harness(TcpConfig.builder().maxDataRetransmissions(2).tailLossProbe(false).build());
        TcpConnection c = h.connect();
        c.send(new byte[100], 0, 100);
        Sent data = h.poll().get(0);
        h.layer.onIcmpError(h.now, LOCAL_IP, c.localPort(), REMOTE_IP, REMOTE_PORT, data.seq(), TcpError.EHOSTUNREACH,
                false);
        assertEquals(TcpState.ESTABLISHED, c.state(), "a soft error does not abort a synchronized connection");
        assertEquals(1, h.layer.stats().icmpErrors());
        for (int i = 0; i < 3; i++) {
            h.fire();
        }
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.EHOSTUNREACH, c.error());
    }

    @Test
    void icmpQuotingSequenceOutsideTheFlightIsIgnored() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.layer.onIcmpError(h.now, LOCAL_IP, c.localPort(), REMOTE_IP, REMOTE_PORT, c.sndNxt() + 100,
                TcpError.ECONNREFUSED, true);
        assertEquals(1, h.layer.stats().icmpIgnored());
        assertEquals(0, c.softError());
        h.layer.onIcmpError(h.now, LOCAL_IP, 1, REMOTE_IP, 2, 0, TcpError.ECONNREFUSED, true);
        assertEquals(2, h.layer.stats().icmpIgnored());
    }

    @Test
    void sendAfterCloseIsRefusedAndReceiveStillDrains() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.peerData(50));
        c.shutdownOutput();
        assertEquals(-1, c.send(new byte[10], 0, 10));
        assertFalse(c.writable());
        byte[] buf = new byte[100];
        assertEquals(50, c.receive(buf, 0, 100));
        assertEquals(0, c.receive(buf, 0, 100));
    }

    @Test
    void rstInTimeWaitClosesSilently() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        c.close();
        Sent fin = h.poll().get(0);
        h.inject(h.peerAck(fin.seq() + 1).fin());
        assertEquals(TcpState.TIME_WAIT, c.state());
        h.poll();
        h.inject(h.seg().seq(h.peerNxt + 1).rst());
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.NONE, c.error());
    }

    @Test
    void truncatedAndMalformedSegmentsAreDroppedWithoutAnswer() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        TcpSegment whole = h.peerData(10).view();
        // Truncated below 20 bytes.
        h.layer.onSegment(h.now, REMOTE_IP, LOCAL_IP, new TcpSegment().wrap(whole.segment(), 0, 12));
        // A data offset pointing past the end.
        byte[] bytes = whole.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        bytes[12] = (byte) 0xF0;
        h.layer.onSegment(h.now, REMOTE_IP, LOCAL_IP,
                new TcpSegment().wrap(java.lang.foreign.MemorySegment.ofArray(bytes), 0, 30));
        assertEquals(2, h.layer.stats().malformedDropped());
        assertEquals(0, c.readableBytes());
        assertEquals(0, h.poll().size());
    }

    @Test
    void randomBytesNeverCrashTheLayer() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.layer.listen(0, 80, 4);
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(0, 80)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) random.nextInt(256);
            }
            if (b.length >= 4 && random.nextBoolean()) {
                // aim at the live connection or the listener
                int dst = random.nextBoolean() ? c.localPort() : 80;
                b[0] = (byte) (REMOTE_PORT >> 8);
                b[1] = (byte) REMOTE_PORT;
                b[2] = (byte) (dst >> 8);
                b[3] = (byte) dst;
            }
            h.layer.onSegment(h.now, REMOTE_IP, LOCAL_IP,
                    new TcpSegment().wrap(java.lang.foreign.MemorySegment.ofArray(b), 0, b.length));
            if (i % 100 == 0) {
                h.advance(10 * MS);
                h.poll();
            }
        }
        h.poll();
    }

    @Test
    void deadlinesOfManyConnectionsFireInOrder() {
        Harness h = new Harness(TcpConfig.builder().synRetries(0).build());
        for (int i = 0; i < 50; i++) {
            h.layer.connect(h.now + i * MS, LOCAL_IP, 10_000 + i, REMOTE_IP, REMOTE_PORT);
            h.layer.poll(h.now + i * MS, h.sink);
        }
        h.sink.take();
        long last = 0;
        int closed = 0;
        while (h.layer.nextDeadline() != Long.MAX_VALUE) {
            long d = h.layer.nextDeadline();
            assertTrue(d >= last);
            last = d;
            h.now = Math.max(h.now, d);
            h.poll();
            closed = 50 - h.layer.connectionCount();
        }
        assertEquals(50, closed, "every SYN timed out (synRetries 0)");
    }

    @Test
    void ephemeralPortsAreDistinctForOneDestination() {
        Harness h = new Harness();
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (int i = 0; i < 500; i++) {
            TcpConnection c = h.layer.connect(h.now, LOCAL_IP, 0, REMOTE_IP, REMOTE_PORT);
            assertTrue(c.localPort() >= TcpLayer.EPHEMERAL_FIRST && c.localPort() <= TcpLayer.EPHEMERAL_LAST);
            assertTrue(ports.add(c.localPort()));
        }
        List<Sent> syns = h.poll();
        assertEquals(500, syns.size());
    }
}
