package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/** UDP over real loopback sockets: one element is one datagram, and the sender comes back with it. */
class UdpTest {

    @Test
    void echoReportsTheSender() {
        try (Kernel k = Kernel.open()) {
            int a = k.udp();
            int b = k.udp();
            InetEndpoint aName = k.os.getsockname(a);
            Sga sga = k.element("ping".getBytes());
            long push = k.os.pushTo(a, sga, k.os.getsockname(b));
            k.os.sgaFree(sga);
            k.ok(push, Opcode.PUSH);
            QResult r = k.ok(k.os.pop(b), Opcode.POP);
            assertEquals("ping", r.sga().toUtf8());
            assertEquals(aName, r.peer());
            assertEquals(aName, new InetEndpoint(r.sga().addressIp(), r.sga().addressPort()));
            Sga got = r.sga();
            long echo = k.os.pushTo(b, got, r.peer());
            k.os.sgaFree(got);
            k.ok(echo, Opcode.PUSH);
            QResult back = k.ok(k.os.pop(a), Opcode.POP);
            assertEquals("ping", back.sga().toUtf8());
            assertEquals(k.os.getsockname(b), back.peer());
            k.os.sgaFree(back.sga());
        }
    }

    @Test
    void connectedQueuesPushWithoutAnAddress() {
        try (Kernel k = Kernel.open()) {
            int a = k.udp();
            int b = k.udp();
            k.ok(k.os.connect(a, k.os.getsockname(b)), Opcode.CONNECT);
            assertEquals(k.os.getsockname(b), k.os.getpeername(a));
            k.push(a, new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, k.pop(b));
            Sga sga = k.element(new byte[] {4});
            k.failed(k.os.pushTo(a, sga, InetEndpoint.of("127.0.0.1", 9)), Opcode.PUSH, Errno.EISCONN);
            k.os.sgaFree(sga);
        }
    }

    @Test
    void datagramsStayWholeAtEverySize() {
        int[] sizes = {1, 100, 1472, 1473, 9000, 65_507};
        try (Kernel k = Kernel.open()) {
            int a = k.udp();
            int b = k.udp();
            k.os.setsockopt(b, org.margay.pdpix.SocketOption.SO_RCVBUF, 1 << 20);
            k.ok(k.os.connect(a, k.os.getsockname(b)), Opcode.CONNECT);
            for (int i = 0; i < sizes.length; i++) {
                k.push(a, Kernel.pattern(sizes[i], i));
                assertArrayEquals(Kernel.pattern(sizes[i], i), k.pop(b), sizes[i] + " bytes");
            }
            Sga tooBig = k.os.sgaAlloc(65_508);
            k.failed(k.os.push(a, tooBig), Opcode.PUSH, Errno.EMSGSIZE);
            k.os.sgaFree(tooBig);
        }
    }

    @Test
    void smallBufferPoolsReceiveThroughTheStageIntoSeveralSegments() {
        try (Kernel k = Kernel.open(KernelConfig.BUFFER_SIZE, "2048", KernelConfig.BUFFERS, "256")) {
            int a = k.udp();
            int b = k.udp();
            byte[] data = Kernel.pattern(5000, 1);
            Sga sga = k.element(data);
            assertEquals(3, sga.segmentCount(), "sent gathered from three segments");
            long push = k.os.pushTo(a, sga, k.os.getsockname(b));
            k.os.sgaFree(sga);
            k.ok(push, Opcode.PUSH);
            QResult r = k.ok(k.os.pop(b), Opcode.POP);
            assertEquals(3, r.sga().segmentCount());
            assertArrayEquals(data, r.sga().toByteArray());
            k.os.sgaFree(r.sga());
        }
    }

    @Test
    void portUnreachableOnAConnectedQueueIsEconnrefused() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Kernel k = Kernel.open()) {
            int a = k.udp();
            k.ok(k.os.connect(a, InetEndpoint.of("127.0.0.1", closedPort)), Opcode.CONNECT);
            long pop = k.os.pop(a);
            Sga sga = k.element(new byte[] {1});
            long push = k.os.push(a, sga);
            k.os.sgaFree(sga);
            k.ok(push, Opcode.PUSH);
            k.failed(pop, Opcode.POP, Errno.ECONNREFUSED);
            // The queue stays usable: connect it to a live peer.
            int b = k.udp();
            k.ok(k.os.connect(a, k.os.getsockname(b)), Opcode.CONNECT);
            k.push(a, new byte[] {7});
            assertArrayEquals(new byte[] {7}, k.pop(b));
        }
    }

    @Test
    void plainDatagramSocketsInteroperate() throws Exception {
        try (Kernel k = Kernel.open(); DatagramSocket plain = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            plain.setSoTimeout(10_000);
            int q = k.udp();
            InetEndpoint at = k.os.getsockname(q);
            byte[] hello = "hello".getBytes();
            plain.send(new DatagramPacket(hello, hello.length, new InetSocketAddress("127.0.0.1", at.port())));
            QResult r = k.ok(k.os.pop(q), Opcode.POP);
            assertEquals(plain.getLocalPort(), r.peerPort());
            assertEquals(InetEndpoint.of("127.0.0.1", 0).address(), r.peerIp());
            Sga got = r.sga();
            long echo = k.os.pushTo(q, got, r.peer());
            k.os.sgaFree(got);
            k.ok(echo, Opcode.PUSH);
            DatagramPacket in = new DatagramPacket(new byte[100], 100);
            plain.receive(in);
            assertEquals("hello", new String(in.getData(), 0, in.getLength()));
        }
    }

    @Test
    void misuseIsReported() {
        try (Kernel k = Kernel.open()) {
            int q = k.os.socket(Domain.INET, SocketType.DGRAM);
            Sga sga = k.element(new byte[] {1});
            k.failed(k.os.push(q, sga), Opcode.PUSH, Errno.EDESTADDRREQ);
            k.failed(k.os.pushTo(q, sga, InetEndpoint.of("127.0.0.1", 0)), Opcode.PUSH, Errno.EINVAL);
            k.failed(k.os.accept(q), Opcode.ACCEPT, Errno.EOPNOTSUPP);
            assertEquals(Errno.EOPNOTSUPP, assertThrows(PdpixException.class, () -> k.os.listen(q, 1)).errno());
            assertEquals(Errno.ENOTCONN, assertThrows(PdpixException.class, () -> k.os.getpeername(q)).errno());
            k.os.bind(q, Kernel.LOOPBACK_ANY_PORT);
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> k.os.bind(q, Kernel.LOOPBACK_ANY_PORT)).errno());
            k.os.sgaFree(sga);
        }
    }

    @Test
    void rawQueuesPointToTheLinkLibraryOs() {
        try (Kernel k = Kernel.open()) {
            PdpixException e = assertThrows(PdpixException.class, () -> k.os.socket(Domain.PACKET, SocketType.RAW));
            assertEquals(Errno.EPROTONOSUPPORT, e.errno());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("\"link\""), e::getMessage);
        }
    }
}
