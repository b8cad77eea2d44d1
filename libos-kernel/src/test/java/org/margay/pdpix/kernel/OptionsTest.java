package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.PdpixException;
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
    void tcpMaxsegIsRefusedWithEnoprotooptAndAReason() {
        try (Kernel k = Kernel.open()) {
            int q = k.os.socket(Domain.INET, SocketType.STREAM);
            PdpixException set = assertThrows(PdpixException.class, () -> k.os.setsockopt(q, SocketOption.TCP_MAXSEG, 1200));
            assertEquals(Errno.ENOPROTOOPT, set.errno());
            assertTrue(set.getMessage().contains("NIO"), set::getMessage);
            assertEquals(Errno.ENOPROTOOPT, assertThrows(PdpixException.class, () -> k.os.getsockopt(q, SocketOption.TCP_MAXSEG)).errno());
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
