package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/** DGRAM queues of the inet library OS: one element per datagram, senders, ICMP errors. */
class UdpQueueTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aConnectedQueueLearnsWhenArpGivesUpOnItsPeer() {
        try (InetLibOSPair p = InetLibOSPair.open(25)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.DGRAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetEndpoint.of("10.0.0.77", 53)), r, SECOND));
            long pop = client.pop(qd);
            Sga out = Bytes.element(client, Bytes.random(1, 40));
            assertEquals(Errno.OK, client.wait(client.push(qd, out), r, SECOND), "queued for ARP");
            client.sgaFree(out);
            // ARP gives up after its third request; the parked pop reports it, once (RFC 1122 §2.4, §3.4).
            assertEquals(Errno.OK, client.wait(pop, r, 60 * SECOND));
            assertEquals(Opcode.FAILED, r.opcode(), r.toString());
            assertEquals(Errno.EHOSTUNREACH, r.ret());
            assertEquals(1, client.stack().stats().arpUnreachableReported());
            assertEquals(Errno.ETIMEDOUT, client.wait(client.pop(qd), r, SECOND), "nothing more to report");
            client.close(qd);
        }
    }

    @Test
    void echoWithPushToAndTheSenderInEveryPop() {
        try (InetLibOSPair p = InetLibOSPair.open(21)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int sqd = server.socket(Domain.INET, SocketType.DGRAM);
            server.bind(sqd, new InetEndpoint(0, 5353));
            int cqd = client.socket(Domain.INET, SocketType.DGRAM);
            client.bind(cqd, new InetEndpoint(0, 4000));
            QResult r = new QResult();
            // Small, one MTU, and fragmented datagrams; 65507 bytes is the largest there is.
            int[] sizes = {1, 100, 1472, 1473, 8000, 40_000, DatagramQueue.MAX_PAYLOAD};
            for (int size : sizes) {
                byte[] data = Bytes.random(size, size);
                long serverPop = server.pop(sqd);
                Sga out = Bytes.element(client, data);
                long push = client.pushTo(cqd, out, InetLibOSPair.serverEndpoint(5353));
                client.sgaFree(out);
                assertEquals(Errno.OK, client.wait(push, r, SECOND));
                assertEquals(Opcode.PUSH, r.opcode(), r.toString());
                assertEquals(Errno.OK, server.wait(serverPop, r, 5 * SECOND), "datagram of " + size);
                assertEquals(Opcode.POP, r.opcode(), r.toString());
                assertEquals(InetLibOSPair.CLIENT_ADDRESS, r.peerIp());
                assertEquals(4000, r.peerPort());
                Sga in = r.sga();
                assertEquals(InetLibOSPair.CLIENT_ADDRESS, in.addressIp());
                assertEquals(4000, in.addressPort());
                assertArrayEquals(data, in.toByteArray());
                // Echo it back to the sender it came from.
                long back = server.pushTo(sqd, in, r.peer());
                server.sgaFree(in);
                assertEquals(Errno.OK, server.wait(back, r, SECOND));
                assertEquals(Errno.OK, client.blockingPop(cqd, r, 5 * SECOND));
                assertEquals(InetLibOSPair.serverEndpoint(5353), r.peer());
                assertArrayEquals(data, r.sga().toByteArray());
                client.sgaFree(r.sga());
            }
            Sga tooBig = client.sgaAlloc(DatagramQueue.MAX_PAYLOAD + 1);
            assertEquals(Errno.EMSGSIZE, TcpQueueTest.failure(client, client.pushTo(cqd, tooBig, InetLibOSPair.serverEndpoint(5353)), r));
            client.sgaFree(tooBig);
            assertTrue(client.stack().stats().ipFragmentsSent() > 0, "large datagrams were fragmented");
            client.close(cqd);
            server.close(sqd);
        }
    }

    @Test
    void aConnectedQueuePushesToItsPeerAndHearsPortUnreachableAsEconnrefused() {
        try (InetLibOSPair p = InetLibOSPair.open(22)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.DGRAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(9)), r, 0));
            assertEquals(Opcode.CONNECT, r.opcode());
            assertEquals(InetLibOSPair.serverEndpoint(9), client.getpeername(qd));
            assertTrue(client.getsockname(qd).port() >= 49152, "bound to an ephemeral port by connect");
            long pop = client.pop(qd);
            Sga hello = Bytes.element(client, "hello".getBytes());
            assertEquals(Errno.OK, client.blockingPush(qd, hello, SECOND), "nobody listens, but the datagram left");
            client.sgaFree(hello);
            // The server answers ICMP port unreachable: the parked pop fails with ECONNREFUSED (Linux semantics).
            assertEquals(Errno.OK, client.wait(pop, r, 5 * SECOND));
            assertEquals(Errno.ECONNREFUSED, r.ret(), r.toString());
            // Reported once: the next pop waits again.
            assertEquals(Errno.ETIMEDOUT, client.blockingPop(qd, r, SECOND));
            client.close(qd);
        }
    }

    @Test
    void anUnconnectedQueueIgnoresIcmpErrorsAsLinuxDoes() {
        try (InetLibOSPair p = InetLibOSPair.open(23)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.DGRAM);
            long pop = client.pop(qd);
            Sga hello = Bytes.element(client, "hello".getBytes());
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.pushTo(qd, hello, InetLibOSPair.serverEndpoint(9)), r, SECOND));
            client.sgaFree(hello);
            assertEquals(Errno.ETIMEDOUT, client.wait(pop, r, 2 * SECOND));
            assertTrue(client.stack().stats().icmpErrorsReceived() > 0);
            client.close(qd);
            assertEquals(Errno.OK, client.wait(pop, r, 0));
            assertEquals(Errno.ECANCELED, r.ret());
        }
    }

    @Test
    void misuseAndOptions() {
        try (InetLibOSPair p = InetLibOSPair.open(24)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.DGRAM);
            QResult r = new QResult();
            Sga one = Bytes.element(client, new byte[] {1});
            assertEquals(Errno.EDESTADDRREQ, TcpQueueTest.failure(client, client.push(qd, one), r), "no destination");
            client.sgaFree(one);
            assertEquals(InetEndpoint.ANY, client.getsockname(qd));
            assertEquals(Errno.ENOTCONN, assertThrows(PdpixException.class, () -> client.getpeername(qd)).errno());
            client.bind(qd, new InetEndpoint(0, 7000));
            int other = client.socket(Domain.INET, SocketType.DGRAM);
            assertEquals(Errno.EADDRINUSE, assertThrows(PdpixException.class,
                    () -> client.bind(other, new InetEndpoint(0, 7000))).errno());
            assertEquals(Errno.EADDRNOTAVAIL, assertThrows(PdpixException.class,
                    () -> client.bind(other, InetEndpoint.of("10.1.2.3", 7001))).errno());
            assertEquals(Errno.ENOPROTOOPT, assertThrows(PdpixException.class,
                    () -> client.setsockopt(qd, SocketOption.TCP_NODELAY, true)).errno());
            assertEquals(Errno.EOPNOTSUPP, assertThrows(PdpixException.class, () -> client.listen(qd, 1)).errno());
            assertEquals(Errno.EOPNOTSUPP, TcpQueueTest.failure(client, client.accept(qd), r));
            client.setsockopt(qd, SocketOption.SO_RCVBUF, 1 << 10);
            assertEquals(256 * 1024, client.getsockopt(qd, SocketOption.SO_RCVBUF), "at least what was asked");
            assertEquals(Errno.ENOPROTOOPT, assertThrows(PdpixException.class,
                    () -> client.setsockopt(qd, SocketOption.SO_RCVBUF, 1 << 20)).errno());
            client.setsockopt(qd, SocketOption.SO_SNDBUF, 1 << 20);
            assertEquals(1 << 20, client.getsockopt(qd, SocketOption.SO_SNDBUF));
            client.close(other);
            client.close(qd);
        }
    }
}
