package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/** STREAM queues of the inet library OS: large and pipelined elements, the ways a connection ends, misuse. */
class TcpQueueTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void elementsOfHundredsOfKibCrossManySegmentsWhole() {
        // 16 KiB buffers: the elements are scatter-gather arrays of up to 16 segments (256 KiB).
        try (InetLibOSPair p = InetLibOSPair.builder().seed(3).elementBuffers(1024, 16 * 1024).open()) {
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 7, Framing.LENGTH_PREFIXED);
            int qd = connect(p, 7);
            QResult r = new QResult();
            for (int size : new int[] {65_536, 65_537, 200_000, (int) client.maxElement()}) {
                byte[] data = Bytes.random(size, size);
                Sga sga = Bytes.element(client, data);
                assertTrue(sga.segmentCount() > 1);
                assertEquals(Errno.OK, client.blockingPush(qd, sga, 10 * SECOND));
                client.sgaFree(sga);
                assertEquals(Errno.OK, client.blockingPop(qd, r, 10 * SECOND), r.toString());
                assertArrayEquals(data, r.sga().toByteArray(), "element of " + size);
                client.sgaFree(r.sga());
            }
            assertTrue(p.client().stack().stats().tcpSegmentsSent() > 4 * 45, "many segments per element");
            TcpEchoTest.finish(p, client, qd, echo);
        }
    }

    @Test
    void aOneMibElementParksOnAFullSendBufferAndResumes() {
        try (InetLibOSPair p = InetLibOSPair.builder().seed(4).elementBuffers(64, 64 * 1024).open()) {
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 7, Framing.LENGTH_PREFIXED);
            int qd = connect(p, 7);
            byte[] data = Bytes.random(5, 1 << 20);
            Sga sga = Bytes.element(client, data);
            long push = client.push(qd, sga);
            client.sgaFree(sga); // free-protection: the library OS keeps its own references
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(push, r, 10 * SECOND));
            assertEquals(Opcode.PUSH, r.opcode());
            assertEquals(Errno.OK, client.blockingPop(qd, r, 10 * SECOND), r.toString());
            assertArrayEquals(data, r.sga().toByteArray());
            client.sgaFree(r.sga());
            TcpEchoTest.finish(p, client, qd, echo);
        }
    }

    @Test
    void pipelinedElementsPopInOrder() {
        try (InetLibOSPair p = InetLibOSPair.open(5)) {
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 7, Framing.LENGTH_PREFIXED);
            int qd = connect(p, 7);
            int n = 300;
            long[] pushes = new long[n];
            long[] pops = new long[n];
            for (int i = 0; i < n; i++) {
                Sga sga = Bytes.element(client, Bytes.random(i, 1 + i * 13 % 3000));
                pushes[i] = client.push(qd, sga);
                client.sgaFree(sga);
                pops[i] = client.pop(qd);
            }
            QResult[] results = new QResult[n];
            for (int i = 0; i < n; i++) {
                results[i] = new QResult();
            }
            assertEquals(Errno.OK, client.waitAll(pushes, n, results, 10 * SECOND));
            assertEquals(Errno.OK, client.waitAll(pops, n, results, 10 * SECOND));
            for (int i = 0; i < n; i++) {
                assertArrayEquals(Bytes.random(i, 1 + i * 13 % 3000), results[i].sga().toByteArray(), "element " + i);
                client.sgaFree(results[i].sga());
            }
            TcpEchoTest.finish(p, client, qd, echo);
        }
    }

    @Test
    void theAcceptQueueHoldsBacklogConnectionsAndTheNextWaitsHalfOpen() {
        try (InetLibOSPair p = InetLibOSPair.open(6)) {
            InetLibOS server = p.server();
            InetLibOS client = p.client();
            int lqd = listen(server, 80, 2);
            QResult r = new QResult();
            int[] qds = new int[3];
            long[] connects = new long[3];
            for (int i = 0; i < 3; i++) {
                qds[i] = client.socket(Domain.INET, SocketType.STREAM);
                connects[i] = client.connect(qds[i], InetLibOSPair.serverEndpoint(80));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(Errno.OK, client.wait(connects[i], r, 5 * SECOND));
                assertEquals(Opcode.CONNECT, r.opcode(), r.toString());
            }
            p.group().runFor(SECOND / 2);
            for (int i = 0; i < 3; i++) {
                long start = p.clock().nanoTime();
                assertEquals(Errno.OK, server.wait(server.accept(lqd), r, 10 * SECOND));
                assertEquals(Opcode.ACCEPT, r.opcode());
                assertEquals(InetLibOSPair.CLIENT_ADDRESS, r.peerIp());
                assertEquals(client.getsockname(qds[i]).port(), r.peerPort(), "accepted in order");
                assertEquals(client.getsockname(qds[i]), server.getpeername(r.acceptedQd()));
                long waited = p.clock().nanoTime() - start;
                if (i < 2) {
                    assertEquals(0, waited, "queued within the backlog");
                } else {
                    // Beyond the backlog the server dropped the handshake's ACK (as Linux does) and stayed half-open:
                    // it is accepted once the SYN-ACK is retransmitted and acknowledged again.
                    assertTrue(waited > 0, "the third waited for a retransmitted handshake");
                }
                server.close(r.acceptedQd());
            }
            long fourth = server.accept(lqd);
            server.close(lqd);
            assertEquals(Errno.OK, server.wait(fourth, r, 0));
            assertEquals(Errno.ECANCELED, r.ret(), "closing a listener cancels its accepts");
            for (int qd : qds) {
                client.close(qd);
            }
        }
    }

    @Test
    void connectingToAClosedPortIsRefused() {
        try (InetLibOSPair p = InetLibOSPair.open(7)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(99)), r, 5 * SECOND));
            assertEquals(Opcode.FAILED, r.opcode());
            assertEquals(Opcode.CONNECT, r.failedOpcode());
            assertEquals(Errno.ECONNREFUSED, r.ret());
            assertEquals(Errno.ECONNREFUSED, client.blockingPop(qd, r, SECOND));
            client.close(qd);
        }
    }

    @Test
    void connectingToASilentPeerTimesOut() {
        int silent = Ipv4Address.parse("10.0.0.9"); // the server's MAC answers for it, its stack drops it
        try (InetLibOSPair p = InetLibOSPair.builder().seed(8).tcp(t -> t.synRetries(2))
                .clientStack(s -> s.staticArp(silent, LoopbackPair.DEFAULT_MAC_B)).open()) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            QResult r = new QResult();
            long start = p.clock().nanoTime();
            assertEquals(Errno.OK, client.wait(client.connect(qd, new InetEndpoint(silent, 80)), r, 300 * SECOND));
            assertEquals(Errno.ETIMEDOUT, r.ret(), r.toString());
            long took = p.clock().nanoTime() - start;
            assertTrue(took >= 7 * SECOND && took < 20 * SECOND, "SYN at 0, retries after 1 s and 3 s, gives up at 7 s: " + took);
            client.close(qd);
        }
    }

    @Test
    void connectingToAnAddressNobodyAnswersArpForIsHostUnreachable() {
        try (InetLibOSPair p = InetLibOSPair.open(9)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetEndpoint.of("10.0.0.77", 80)), r, 300 * SECOND));
            assertEquals(Errno.EHOSTUNREACH, r.ret(), r.toString());
            assertTrue(p.clock().nanoTime() < 1_000_000_000L + 30 * SECOND, "reported when ARP gave up, before the SYN retries");
            client.close(qd);
        }
    }

    @Test
    void connectingWithoutARouteFailsAtOnce() {
        try (InetLibOSPair p = InetLibOSPair.open(10)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetEndpoint.of("192.0.2.1", 80)), r, 0));
            assertEquals(Errno.ENETUNREACH, r.ret());
            client.close(qd);
        }
    }

    @Test
    void closeCancelsPendingPopsAndPushes() {
        try (InetLibOSPair p = InetLibOSPair.builder().seed(11).elementBuffers(64, 64 * 1024).open()) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = listen(server, 80, 4);
            long accept = server.accept(lqd);
            int qd = connect(p, 80);
            QResult r = new QResult();
            assertEquals(Errno.OK, server.wait(accept, r, 5 * SECOND));
            int sqd = r.acceptedQd();
            long pop = client.pop(qd);
            // The server never reads: a 1 MiB element fills both buffers and the push parks.
            Sga big = Bytes.element(client, Bytes.random(1, 1 << 20));
            long push = client.push(qd, big);
            client.sgaFree(big);
            assertEquals(Errno.ETIMEDOUT, client.wait(push, r, 2 * SECOND));
            client.close(qd);
            assertEquals(Errno.OK, client.wait(pop, r, 0));
            assertEquals(Errno.ECANCELED, r.ret());
            assertEquals(Opcode.POP, r.failedOpcode());
            assertEquals(Errno.OK, client.wait(push, r, 0));
            assertEquals(Errno.ECANCELED, r.ret());
            assertEquals(-Errno.EBADF, client.pop(qd));
            assertThrows(PdpixException.class, () -> client.close(qd), "double close");
            // The client closed in the middle of an element: the server's pop sees the stream end inside it.
            assertEquals(Errno.EPROTOTYPE, server.blockingPop(sqd, r, 30 * SECOND));
            server.close(sqd);
            server.close(lqd);
        }
    }

    @Test
    void asyncCloseCancelsAPendingPopAndCompletesAfterTheHandshake() {
        try (InetLibOSPair p = InetLibOSPair.open(12)) {
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 7, Framing.LENGTH_PREFIXED);
            int qd = connect(p, 7);
            long pop = client.pop(qd);
            long close = client.asyncClose(qd);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(pop, r, 0));
            assertEquals(Errno.ECANCELED, r.ret());
            assertEquals(Errno.OK, client.wait(close, r, 10 * SECOND));
            assertEquals(Opcode.CLOSE, r.opcode());
            Sga one = client.sgaAlloc(1);
            assertEquals(-Errno.EBADF, client.push(qd, one), "descriptor free once closed");
            client.sgaFree(one);
            p.group().removeAgent(echo);
        }
    }

    @Test
    void aLingeringAsyncCloseGivesUpAfterSoLingerSecondsAndResets() {
        try (InetLibOSPair p = InetLibOSPair.builder().seed(18).elementBuffers(64, 64 * 1024).open()) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = listen(server, 80, 4);
            long accept = server.accept(lqd);
            int qd = connect(p, 80);
            QResult r = new QResult();
            assertEquals(Errno.OK, server.wait(accept, r, 5 * SECOND));
            int sqd = r.acceptedQd();
            // The server never reads: 1 MiB cannot all be acknowledged, so the FIN never goes out.
            Sga big = Bytes.element(client, Bytes.random(2, 1 << 20));
            long push = client.push(qd, big);
            client.sgaFree(big);
            client.setsockopt(qd, SocketOption.SO_LINGER, 3);
            assertEquals(Errno.ETIMEDOUT, client.wait(push, r, SECOND));
            long start = p.clock().nanoTime();
            long close = client.asyncClose(qd);
            assertEquals(Errno.OK, client.wait(push, r, 0));
            assertEquals(Errno.ECANCELED, r.ret());
            assertEquals(Errno.OK, client.wait(close, r, 60 * SECOND));
            assertEquals(Opcode.CLOSE, r.opcode());
            assertEquals(3 * SECOND, p.clock().nanoTime() - start, "gave up after SO_LINGER seconds, to the nanosecond");
            assertEquals(Errno.ECONNRESET, server.blockingPop(sqd, r, 5 * SECOND), "the server was reset");
            server.close(sqd);
            server.close(lqd);
        }
    }

    @Test
    void aPeerResetFailsPopsAndPushesWithEconnreset() {
        try (InetLibOSPair p = InetLibOSPair.open(13)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = listen(server, 80, 4);
            long accept = server.accept(lqd);
            int qd = connect(p, 80);
            QResult r = new QResult();
            assertEquals(Errno.OK, server.wait(accept, r, 5 * SECOND));
            int sqd = r.acceptedQd();
            long pop = client.pop(qd);
            server.setsockopt(sqd, SocketOption.SO_LINGER, 0);
            assertEquals(0, server.getsockopt(sqd, SocketOption.SO_LINGER));
            server.close(sqd); // abort: RST
            assertEquals(Errno.OK, client.wait(pop, r, 5 * SECOND));
            assertEquals(Errno.ECONNRESET, r.ret(), r.toString());
            Sga one = Bytes.element(client, new byte[] {1});
            assertEquals(Errno.ECONNRESET, client.blockingPush(qd, one, SECOND));
            client.sgaFree(one);
            client.close(qd);
            server.close(lqd);
        }
    }

    @Test
    void aPeerThatClosesGivesEmptyElementsAtTheEndOfTheStream() {
        try (InetLibOSPair p = InetLibOSPair.open(14)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = listen(server, 80, 4);
            long accept = server.accept(lqd);
            int qd = connect(p, 80);
            QResult r = new QResult();
            assertEquals(Errno.OK, server.wait(accept, r, 5 * SECOND));
            int sqd = r.acceptedQd();
            Sga last = Bytes.element(server, new byte[] {42});
            assertEquals(Errno.OK, server.blockingPush(sqd, last, SECOND));
            server.sgaFree(last);
            server.close(sqd); // FIN after the element
            assertEquals(Errno.OK, client.blockingPop(qd, r, 5 * SECOND));
            assertArrayEquals(new byte[] {42}, r.sga().toByteArray());
            client.sgaFree(r.sga());
            for (int i = 0; i < 2; i++) {
                assertEquals(Errno.OK, client.blockingPop(qd, r, 5 * SECOND));
                assertEquals(Opcode.POP, r.opcode());
                assertEquals(0, r.sga().segmentCount(), "end of stream pops an empty element");
                assertEquals(Errno.OK, client.sgaFree(r.sga()));
            }
            QResult c = new QResult();
            assertEquals(Errno.OK, client.wait(client.asyncClose(qd), c, 10 * SECOND));
            assertEquals(Opcode.CLOSE, c.opcode());
            server.close(lqd);
        }
    }

    @Test
    void aBadLengthPrefixResetsTheConnectionAndFailsPopsWithEprototype() {
        try (InetLibOSPair p = InetLibOSPair.open(15)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = listen(server, 80, 4);
            long accept = server.accept(lqd);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(80)), r, 5 * SECOND));
            assertEquals(Errno.OK, server.wait(accept, r, 5 * SECOND));
            int sqd = r.acceptedQd();
            Sga garbage = Bytes.element(client, new byte[] {0, 0, 0, 0, 7});
            assertEquals(Errno.OK, client.blockingPush(qd, garbage, SECOND));
            client.sgaFree(garbage);
            assertEquals(Errno.EPROTOTYPE, server.blockingPop(sqd, r, 5 * SECOND));
            assertEquals(Errno.EPROTOTYPE, server.blockingPop(sqd, r, 5 * SECOND), "and every pop after");
            assertEquals(Errno.ECONNRESET, client.blockingPop(qd, r, 5 * SECOND), "the connection was reset");
            server.close(sqd);
            server.close(lqd);
            client.close(qd);
        }
    }

    @Test
    void misuseIsRefusedWithClearCodes() {
        try (InetLibOSPair p = InetLibOSPair.open(16)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = listen(server, 80, 4);
            QResult r = new QResult();
            // data path: codes
            assertEquals(Errno.ENOTCONN, failure(server, server.pop(lqd), r), "pop on a listener");
            Sga one = Bytes.element(server, new byte[] {1});
            assertEquals(Errno.ENOTCONN, failure(server, server.push(lqd, one), r), "push on a listener");
            server.sgaFree(one);
            int fresh = client.socket(Domain.INET, SocketType.STREAM);
            assertEquals(Errno.EINVAL, failure(client, client.accept(fresh), r), "accept without listen");
            assertEquals(Errno.ENOTCONN, failure(client, client.pop(fresh), r), "pop before connect");
            assertEquals(-Errno.EINVAL, client.push(fresh, null));
            assertEquals(-Errno.EBADF, client.pop(999));
            // control path: exceptions
            assertEquals(Errno.ENOTCONN, assertThrows(PdpixException.class, () -> client.getpeername(fresh)).errno());
            int other = server.socket(Domain.INET, SocketType.STREAM);
            assertEquals(Errno.EADDRINUSE, assertThrows(PdpixException.class,
                    () -> server.bind(other, new InetEndpoint(0, 80))).errno());
            assertEquals(Errno.EADDRNOTAVAIL, assertThrows(PdpixException.class,
                    () -> server.bind(other, InetEndpoint.of("10.9.9.9", 81))).errno());
            server.bind(other, new InetEndpoint(0, 0));
            assertTrue(server.getsockname(other).port() >= 49152, "ephemeral port on bind to 0");
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> server.bind(other, new InetEndpoint(0, 82))).errno());
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> server.listen(other, 0)).errno());
            assertEquals(Errno.EPROTONOSUPPORT, assertThrows(PdpixException.class,
                    () -> server.socket(Domain.INET, SocketType.RAW)).errno());
            server.close(other);
            client.close(fresh);
            server.close(lqd);
        }
    }

    // ------------------------------------------------------------------ helpers

    static int listen(LibOS os, int port, int backlog) {
        int qd = os.socket(Domain.INET, SocketType.STREAM);
        os.bind(qd, new InetEndpoint(0, port));
        os.listen(qd, backlog);
        return qd;
    }

    static int connect(InetLibOSPair p, int port) {
        InetLibOS client = p.client();
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        QResult r = new QResult();
        assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(port)), r, 5 * SECOND));
        assertEquals(Opcode.CONNECT, r.opcode(), r.toString());
        return qd;
    }

    /** The errno a started operation failed with (it must fail at once). */
    static int failure(LibOS os, long qt, QResult r) {
        assertFalse(QTokens.isError(qt), "expected a token, got " + QTokens.toString(qt));
        assertEquals(Errno.OK, os.wait(qt, r, 0));
        assertEquals(Opcode.FAILED, r.opcode(), r.toString());
        return r.ret();
    }
}
