package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * Socket options of STREAM queues on the inet library OS: set before connect or listen they become the
 * connection's (or the accepted connections') own TCP settings; NODELAY and KEEPALIVE change live connections;
 * getsockopt reports what is in effect; what can no longer change is refused with a clear error.
 */
class StreamOptionsTest {
    private static final long SECOND = 1_000_000_000L;
    /** The pair's stacks: 256 KiB buffers, MSS 1460 (MTU 1500), NODELAY on, KEEPALIVE off. */
    private static final int STACK_BUFFER = 256 * 1024;

    @Test
    void defaultsAreTheStacksAndOwnOptionsReadBack() {
        try (InetLibOSPair p = InetLibOSPair.open(17)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            assertEquals(Framing.LENGTH_PREFIXED, client.getsockopt(qd, SocketOption.FRAMING));
            assertTrue(client.getsockopt(qd, SocketOption.TCP_NODELAY));
            assertFalse(client.getsockopt(qd, SocketOption.SO_KEEPALIVE));
            assertEquals(STACK_BUFFER, client.getsockopt(qd, SocketOption.SO_RCVBUF));
            assertEquals(STACK_BUFFER, client.getsockopt(qd, SocketOption.SO_SNDBUF));
            assertEquals(1460, client.getsockopt(qd, SocketOption.TCP_MAXSEG));
            assertEquals(-1, client.getsockopt(qd, SocketOption.SO_LINGER));
            client.setsockopt(qd, SocketOption.SO_REUSEADDR, true);
            assertTrue(client.getsockopt(qd, SocketOption.SO_REUSEADDR));
            // Two queues may share a port when both reuse it.
            int a = server.socket(Domain.INET, SocketType.STREAM);
            int b = server.socket(Domain.INET, SocketType.STREAM);
            server.setsockopt(a, SocketOption.SO_REUSEADDR, true);
            server.setsockopt(b, SocketOption.SO_REUSEADDR, true);
            server.bind(a, new InetEndpoint(0, 5000));
            server.bind(b, new InetEndpoint(0, 5000));
            server.close(a);
            server.close(b);
            client.close(qd);
        }
    }

    @Test
    void optionsSetBeforeConnectBecomeTheConnectionsOwn() {
        try (InetLibOSPair p = InetLibOSPair.open(18)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = TcpQueueTest.listen(server, 80, 4);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.TCP_NODELAY, false);
            client.setsockopt(qd, SocketOption.SO_KEEPALIVE, true);
            client.setsockopt(qd, SocketOption.SO_RCVBUF, 65_536);
            client.setsockopt(qd, SocketOption.SO_SNDBUF, 32_768);
            client.setsockopt(qd, SocketOption.TCP_MAXSEG, 1000);
            // Before connect: what the connection will use.
            assertFalse(client.getsockopt(qd, SocketOption.TCP_NODELAY));
            assertTrue(client.getsockopt(qd, SocketOption.SO_KEEPALIVE));
            assertEquals(1000, client.getsockopt(qd, SocketOption.TCP_MAXSEG));
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(80)), r, 5 * SECOND));
            assertEquals(Errno.OK, server.wait(server.accept(lqd), r, 5 * SECOND));
            int sqd = r.acceptedQd();
            // After: what the engine's connection really has.
            assertFalse(client.getsockopt(qd, SocketOption.TCP_NODELAY));
            assertTrue(client.getsockopt(qd, SocketOption.SO_KEEPALIVE));
            assertEquals(65_536, client.getsockopt(qd, SocketOption.SO_RCVBUF));
            assertEquals(32_768, client.getsockopt(qd, SocketOption.SO_SNDBUF));
            assertEquals(988, client.getsockopt(qd, SocketOption.TCP_MAXSEG), "1000 less the timestamp option");
            // The server honours the MSS the client announced: its segments carry at most 1000 − 12 bytes.
            assertEquals(988, server.getsockopt(sqd, SocketOption.TCP_MAXSEG));
            assertEquals(STACK_BUFFER, server.getsockopt(sqd, SocketOption.SO_RCVBUF), "the peer keeps its own");
            byte[] data = Bytes.random(3, 20_000);
            Sga element = Bytes.element(server, data);
            assertEquals(Errno.OK, server.blockingPush(sqd, element, 5 * SECOND));
            server.sgaFree(element);
            assertEquals(Errno.OK, client.blockingPop(qd, r, 5 * SECOND));
            assertEquals(data.length, r.sga().totalLength());
            client.sgaFree(r.sga());
            client.close(qd);
            server.close(sqd);
            server.close(lqd);
        }
    }

    @Test
    void aListenersOptionsReachTheConnectionsItAccepts() {
        try (InetLibOSPair p = InetLibOSPair.open(19)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = server.socket(Domain.INET, SocketType.STREAM);
            server.setsockopt(lqd, SocketOption.SO_RCVBUF, 65_536);
            server.setsockopt(lqd, SocketOption.TCP_MAXSEG, 700);
            server.setsockopt(lqd, SocketOption.SO_KEEPALIVE, true);
            server.bind(lqd, new InetEndpoint(0, 80));
            server.listen(lqd, 4);
            assertEquals(65_536, server.getsockopt(lqd, SocketOption.SO_RCVBUF));
            assertEquals(700, server.getsockopt(lqd, SocketOption.TCP_MAXSEG));
            int first = acceptOne(p, lqd);
            assertEquals(65_536, server.getsockopt(first, SocketOption.SO_RCVBUF));
            assertTrue(server.getsockopt(first, SocketOption.SO_KEEPALIVE));
            assertTrue(server.getsockopt(first, SocketOption.TCP_NODELAY));
            // After listen: NODELAY and KEEPALIVE reach the connections accepted from then on.
            server.setsockopt(lqd, SocketOption.TCP_NODELAY, false);
            server.setsockopt(lqd, SocketOption.SO_KEEPALIVE, false);
            int second = acceptOne(p, lqd);
            assertFalse(server.getsockopt(second, SocketOption.TCP_NODELAY));
            assertFalse(server.getsockopt(second, SocketOption.SO_KEEPALIVE));
            assertTrue(server.getsockopt(first, SocketOption.SO_KEEPALIVE), "an accepted queue has its own options");
            // Buffer sizes and the MSS are fixed once listening: what is met is accepted, more is refused.
            server.setsockopt(lqd, SocketOption.SO_RCVBUF, 4096);
            assertEquals(65_536, server.getsockopt(lqd, SocketOption.SO_RCVBUF));
            PdpixException e = assertThrows(PdpixException.class, () -> server.setsockopt(lqd, SocketOption.SO_RCVBUF, 1 << 20));
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("before connect or listen"), e.getMessage());
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class,
                    () -> server.setsockopt(lqd, SocketOption.TCP_MAXSEG, 600)).errno());
            server.close(first);
            server.close(second);
            server.close(lqd);
        }
    }

    @Test
    void theClientSeesTheMssItsPeerAnnounced() {
        try (InetLibOSPair p = InetLibOSPair.open(20)) {
            InetLibOS server = p.server();
            int lqd = server.socket(Domain.INET, SocketType.STREAM);
            server.setsockopt(lqd, SocketOption.TCP_MAXSEG, 536);
            server.bind(lqd, new InetEndpoint(0, 80));
            server.listen(lqd, 4);
            int cqd = TcpQueueTest.connect(p, 80);
            assertEquals(524, p.client().getsockopt(cqd, SocketOption.TCP_MAXSEG), "536 less the timestamp option");
            p.client().close(cqd);
            server.close(lqd);
        }
    }

    @Test
    void noDelayAndKeepAliveChangeALiveConnection() {
        try (InetLibOSPair p = InetLibOSPair.open(21)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = TcpQueueTest.listen(server, 80, 4);
            int qd = TcpQueueTest.connect(p, 80);
            client.setsockopt(qd, SocketOption.TCP_NODELAY, false);
            assertFalse(client.getsockopt(qd, SocketOption.TCP_NODELAY));
            client.setsockopt(qd, SocketOption.TCP_NODELAY, true);
            assertTrue(client.getsockopt(qd, SocketOption.TCP_NODELAY));

            // Idle for longer than the keep-alive time (2 h): no probes while off, probes once on.
            long sent = client.stack().stats().tcpSegmentsSent();
            p.group().runFor(7_300 * SECOND);
            assertEquals(sent, client.stack().stats().tcpSegmentsSent(), "keep-alive off: an idle connection is silent");
            client.setsockopt(qd, SocketOption.SO_KEEPALIVE, true);
            assertTrue(client.getsockopt(qd, SocketOption.SO_KEEPALIVE));
            p.group().runFor(7_300 * SECOND);
            assertTrue(client.stack().stats().tcpSegmentsSent() > sent, "a keep-alive probe went out");
            client.setsockopt(qd, SocketOption.SO_KEEPALIVE, false);
            assertFalse(client.getsockopt(qd, SocketOption.SO_KEEPALIVE));
            client.close(qd);
            server.close(lqd);
        }
    }

    @Test
    void whatIsFixedAfterConnectIsRefusedUnlessAlreadyMet() {
        try (InetLibOSPair p = InetLibOSPair.open(22)) {
            InetLibOS client = p.client();
            int lqd = TcpQueueTest.listen(p.server(), 80, 4);
            int qd = TcpQueueTest.connect(p, 80);
            client.setsockopt(qd, SocketOption.SO_SNDBUF, 4096); // the buffer is larger already
            assertEquals(STACK_BUFFER, client.getsockopt(qd, SocketOption.SO_SNDBUF));
            PdpixException e = assertThrows(PdpixException.class, () -> client.setsockopt(qd, SocketOption.SO_SNDBUF, 1 << 20));
            assertEquals(Errno.EISCONN, e.errno());
            assertTrue(e.getMessage().contains("before connect or listen"), e.getMessage());
            assertEquals(Errno.EISCONN, assertThrows(PdpixException.class,
                    () -> client.setsockopt(qd, SocketOption.SO_RCVBUF, 1 << 20)).errno());
            client.setsockopt(qd, SocketOption.TCP_MAXSEG, 1460); // segments are no larger already
            assertEquals(Errno.EISCONN, assertThrows(PdpixException.class,
                    () -> client.setsockopt(qd, SocketOption.TCP_MAXSEG, 500)).errno());
            assertEquals(1448, client.getsockopt(qd, SocketOption.TCP_MAXSEG));
            client.close(qd);
            p.server().close(lqd);
        }
    }

    @Test
    void valuesAreCheckedAndClampedAsLinuxDoes() {
        try (InetLibOSPair p = InetLibOSPair.open(23)) {
            LibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.SO_SNDBUF, 1 << 30);
            assertEquals(StreamOptions.MAX_BUFFER, client.getsockopt(qd, SocketOption.SO_SNDBUF));
            client.setsockopt(qd, SocketOption.SO_RCVBUF, 10);
            assertEquals(StreamOptions.MIN_BUFFER, client.getsockopt(qd, SocketOption.SO_RCVBUF));
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class,
                    () -> client.setsockopt(qd, SocketOption.SO_SNDBUF, 0)).errno());
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class,
                    () -> client.setsockopt(qd, SocketOption.TCP_MAXSEG, 10)).errno());
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class,
                    () -> client.setsockopt(qd, SocketOption.TCP_MAXSEG, 70_000)).errno());
            client.setsockopt(qd, SocketOption.TCP_MAXSEG, 9000);
            assertEquals(1460, client.getsockopt(qd, SocketOption.TCP_MAXSEG), "the link's MTU bounds the MSS");
            client.close(qd);
        }
    }

    @Test
    void theMssSetBeforeConnectLimitsTheSegmentsOnTheWire() {
        try (InetLibOSPair p = InetLibOSPair.open(24)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int[] largest = new int[2]; // TCP payload bytes: [0] sent by the client, [1] by the server
            client.frameObserver((out, now, s, at, length) -> record(largest, 0, out, s, at));
            server.frameObserver((out, now, s, at, length) -> record(largest, 1, out, s, at));
            int lqd = TcpQueueTest.listen(server, 80, 4);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.TCP_MAXSEG, 600);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(80)), r, 5 * SECOND));
            assertEquals(Errno.OK, server.wait(server.accept(lqd), r, 5 * SECOND));
            int sqd = r.acceptedQd();
            byte[] data = Bytes.random(6, 30_000);
            for (LibOS[] dir : new LibOS[][] {{client, server}, {server, client}}) {
                int from = dir[0] == client ? qd : sqd;
                int to = dir[0] == client ? sqd : qd;
                Sga element = Bytes.element(dir[0], data);
                long pop = dir[1].pop(to);
                assertEquals(Errno.OK, dir[0].blockingPush(from, element, 5 * SECOND));
                dir[0].sgaFree(element);
                assertEquals(Errno.OK, dir[1].wait(pop, r, 5 * SECOND));
                assertEquals(data.length, r.sga().totalLength());
                dir[1].sgaFree(r.sga());
            }
            // 600 less the 12 bytes of the timestamp option carried by every segment (RFC 7323 §3.2, RFC 6691).
            assertEquals(588, largest[0], "the client's segments");
            assertEquals(588, largest[1], "the server's segments: it honours the MSS the client announced");
            client.close(qd);
            server.close(sqd);
            server.close(lqd);
        }
    }

    /** Keeps the largest TCP payload of an outbound IPv4 frame. */
    private static void record(int[] largest, int index, boolean outbound, MemorySegment s, long at) {
        if (!outbound || s.get(ValueLayout.JAVA_BYTE, at + 12) != 0x08 || s.get(ValueLayout.JAVA_BYTE, at + 13) != 0
                || s.get(ValueLayout.JAVA_BYTE, at + 23) != 6) {
            return;
        }
        long ip = at + 14;
        int ipHeader = (s.get(ValueLayout.JAVA_BYTE, ip) & 0x0F) * 4;
        int total = ((s.get(ValueLayout.JAVA_BYTE, ip + 2) & 0xFF) << 8) | (s.get(ValueLayout.JAVA_BYTE, ip + 3) & 0xFF);
        int tcpHeader = ((s.get(ValueLayout.JAVA_BYTE, ip + ipHeader + 12) & 0xF0) >> 4) * 4;
        largest[index] = Math.max(largest[index], total - ipHeader - tcpHeader);
    }

    private static int acceptOne(InetLibOSPair p, int lqd) {
        InetLibOS client = p.client();
        InetLibOS server = p.server();
        int cqd = client.socket(Domain.INET, SocketType.STREAM);
        long connect = client.connect(cqd, InetLibOSPair.serverEndpoint(80));
        QResult r = new QResult();
        assertEquals(Errno.OK, server.wait(server.accept(lqd), r, 5 * SECOND));
        int sqd = r.acceptedQd();
        assertEquals(Errno.OK, client.wait(connect, r, 5 * SECOND));
        client.close(cqd);
        return sqd;
    }
}
