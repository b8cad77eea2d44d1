package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/** Socket options reach the kernel, survive listen(), and are inherited by accepted connections. */
class OptionsTest {

    @Test
    void streamOptionsReadBackWhatWasSet() {
        try (Kernel k = Kernel.open()) {
            int q = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.setsockopt(q, SocketOption.TCP_NODELAY, true);
            assertEquals(true, k.os.getsockopt(q, SocketOption.TCP_NODELAY));
            k.os.setsockopt(q, SocketOption.SO_KEEPALIVE, true);
            assertEquals(true, k.os.getsockopt(q, SocketOption.SO_KEEPALIVE));
            k.os.setsockopt(q, SocketOption.SO_LINGER, 3);
            assertEquals(3, k.os.getsockopt(q, SocketOption.SO_LINGER));
            k.os.setsockopt(q, SocketOption.SO_LINGER, -1);
            assertEquals(-1, k.os.getsockopt(q, SocketOption.SO_LINGER));
            k.os.setsockopt(q, SocketOption.SO_RCVBUF, 65536);
            assertTrue(k.os.getsockopt(q, SocketOption.SO_RCVBUF) >= 65536 / 2, "Linux reports about twice what was set");
            k.os.setsockopt(q, SocketOption.SO_SNDBUF, 65536);
            assertTrue(k.os.getsockopt(q, SocketOption.SO_SNDBUF) >= 65536 / 2);
            k.os.setsockopt(q, SocketOption.SO_REUSEADDR, true);
            assertEquals(true, k.os.getsockopt(q, SocketOption.SO_REUSEADDR));
            assertEquals(Framing.LENGTH_PREFIXED, k.os.getsockopt(q, SocketOption.FRAMING));
            k.os.setsockopt(q, SocketOption.FRAMING, Framing.RAW_STREAM);
            assertEquals(Framing.RAW_STREAM, k.os.getsockopt(q, SocketOption.FRAMING));
        }
    }

    @Test
    void tcpMaxsegIsCheckedAndReadsBackBeforeConnect() {
        try (Kernel k = Kernel.open()) {
            int q = k.os.socket(Domain.INET, SocketType.STREAM);
            assertEquals(536, k.os.getsockopt(q, SocketOption.TCP_MAXSEG), "Linux's default before a connection");
            k.os.setsockopt(q, SocketOption.TCP_MAXSEG, 1200);
            assertEquals(1200, k.os.getsockopt(q, SocketOption.TCP_MAXSEG));
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class,
                    () -> k.os.setsockopt(q, SocketOption.TCP_MAXSEG, 10)).errno());
            k.os.bind(q, Kernel.LOOPBACK_ANY_PORT); // now the kernel itself answers
            assertEquals(1200, k.os.getsockopt(q, SocketOption.TCP_MAXSEG));
            k.os.setsockopt(q, SocketOption.TCP_MAXSEG, 900);
            assertEquals(900, k.os.getsockopt(q, SocketOption.TCP_MAXSEG));
        }
    }

    @Test
    void tcpMaxsegSetBeforeConnectCapsBothDirections() {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            int client = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.setsockopt(client, SocketOption.TCP_MAXSEG, 1000);
            long connect = k.os.connect(client, k.os.getsockname(listener));
            QResult r = new QResult();
            assertEquals(Errno.OK, k.os.wait(k.os.accept(listener), r, Kernel.PATIENCE));
            int server = r.acceptedQd();
            assertEquals(Errno.OK, k.os.wait(connect, r, Kernel.PATIENCE));
            assertEquals(Opcode.CONNECT, r.opcode(), r::toString);
            // Loopback's MTU is 65536: without the option both would send segments of about 65 KB.
            int clientMss = k.os.getsockopt(client, SocketOption.TCP_MAXSEG);
            int serverMss = k.os.getsockopt(server, SocketOption.TCP_MAXSEG);
            assertTrue(clientMss > 0 && clientMss <= 1000, () -> "client sends at most 1000: " + clientMss);
            assertTrue(serverMss > 0 && serverMss <= 1000, () -> "the server honours the MSS announced: " + serverMss);
            byte[] data = Kernel.pattern(50_000, 5);
            k.push(client, data);
            assertArrayEquals(data, k.pop(server), "one element across many small segments");
        }
    }

    @Test
    void tcpMaxsegOnAListenerIsInheritedByAcceptedConnections() {
        try (Kernel k = Kernel.open()) {
            int listener = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.setsockopt(listener, SocketOption.TCP_MAXSEG, 700);
            k.os.bind(listener, Kernel.LOOPBACK_ANY_PORT);
            k.os.listen(listener, 8);
            assertEquals(700, k.os.getsockopt(listener, SocketOption.TCP_MAXSEG));
            int[] p = k.pair(listener);
            int clientMss = k.os.getsockopt(p[0], SocketOption.TCP_MAXSEG);
            int serverMss = k.os.getsockopt(p[1], SocketOption.TCP_MAXSEG);
            assertTrue(serverMss > 0 && serverMss <= 700, () -> "accepted: " + serverMss);
            assertTrue(clientMss > 0 && clientMss <= 700, () -> "the client honours the listener's MSS: " + clientMss);
        }
    }

    @Test
    void badValuesAreEinval() {
        try (Kernel k = Kernel.open()) {
            int q = k.os.socket(Domain.INET, SocketType.STREAM);
            PdpixException e = assertThrows(PdpixException.class, () -> k.os.setsockopt(q, SocketOption.SO_RCVBUF, -5));
            assertEquals(Errno.EINVAL, e.errno(), e::getMessage);
        }
    }

    @Test
    void listenerOptionsArePassedToAcceptedConnections() {
        try (Kernel k = Kernel.open()) {
            int listener = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.setsockopt(listener, SocketOption.SO_REUSEADDR, true);
            k.os.setsockopt(listener, SocketOption.TCP_NODELAY, true);
            k.os.setsockopt(listener, SocketOption.SO_KEEPALIVE, true);
            k.os.bind(listener, Kernel.LOOPBACK_ANY_PORT);
            int port = k.os.getsockname(listener).port();
            k.os.listen(listener, 8);
            assertEquals(port, k.os.getsockname(listener).port(), "listen keeps the bound port");
            assertEquals(true, k.os.getsockopt(listener, SocketOption.TCP_NODELAY), "kept for accepted connections");
            assertEquals(true, k.os.getsockopt(listener, SocketOption.SO_REUSEADDR));
            assertEquals(-1, k.os.getsockopt(listener, SocketOption.SO_LINGER), "never set: a fresh socket's default");
            k.os.setsockopt(listener, SocketOption.SO_LINGER, 1);
            int[] p = k.pair(listener);
            assertEquals(true, k.os.getsockopt(p[1], SocketOption.TCP_NODELAY));
            assertEquals(true, k.os.getsockopt(p[1], SocketOption.SO_KEEPALIVE));
            assertEquals(1, k.os.getsockopt(p[1], SocketOption.SO_LINGER));
            assertEquals(false, k.os.getsockopt(p[0], SocketOption.TCP_NODELAY));
            k.os.setsockopt(p[1], SocketOption.SO_LINGER, -1);    // so the test's close does not wait
        }
    }

    @Test
    void datagramQueuesHaveOnlyTheSocketLevelOptions() {
        try (Kernel k = Kernel.open()) {
            int q = k.os.socket(Domain.INET, SocketType.DGRAM);
            k.os.setsockopt(q, SocketOption.SO_RCVBUF, 100_000);
            assertTrue(k.os.getsockopt(q, SocketOption.SO_RCVBUF) >= 50_000);
            k.os.setsockopt(q, SocketOption.SO_REUSEADDR, true);
            assertEquals(true, k.os.getsockopt(q, SocketOption.SO_REUSEADDR));
            for (SocketOption<?> o : new SocketOption<?>[] {SocketOption.TCP_NODELAY, SocketOption.SO_KEEPALIVE,
                    SocketOption.SO_LINGER, SocketOption.TCP_MAXSEG, SocketOption.FRAMING}) {
                assertEquals(Errno.ENOPROTOOPT, assertThrows(PdpixException.class, () -> k.os.getsockopt(q, o)).errno(), o::name);
            }
        }
    }
}
