package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/** TCP echo through two inet library OSes in one thread: the client blocks, the server is a group agent. */
class TcpEchoTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void framedEchoReturnsEveryElementWhole() {
        try (InetLibOSPair p = InetLibOSPair.open(1)) {
            InetLibOS client = p.client();
            EchoAgent echo = startEcho(p, 7, Framing.LENGTH_PREFIXED);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(7)), r, 5 * SECOND));
            assertEquals(Opcode.CONNECT, r.opcode(), r.toString());
            assertEquals(InetLibOSPair.serverEndpoint(7), client.getpeername(qd));
            assertEquals(InetLibOSPair.CLIENT_ADDRESS, client.getsockname(qd).address());
            for (int i = 0; i < 50; i++) {
                byte[] data = Bytes.random(i, 1 + i * 37);
                Sga sga = Bytes.element(client, data);
                assertEquals(Errno.OK, client.blockingPush(qd, sga, 5 * SECOND));
                assertEquals(Errno.OK, client.sgaFree(sga));
                assertEquals(Errno.OK, client.blockingPop(qd, r, 5 * SECOND), r.toString());
                assertEquals(Opcode.POP, r.opcode());
                assertArrayEquals(data, r.sga().toByteArray(), "element " + i);
                client.sgaFree(r.sga());
            }
            assertEquals(50, echo.echoed);
            finish(p, client, qd, echo);
        }
    }

    @Test
    void rawStreamEchoDeliversEveryByte() {
        try (InetLibOSPair p = InetLibOSPair.open(2)) {
            InetLibOS client = p.client();
            EchoAgent echo = startEcho(p, 8, Framing.RAW_STREAM);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(8)), r, 5 * SECOND));
            byte[] data = Bytes.random(9, 100_000);
            Sga sga = Bytes.element(client, data);
            assertEquals(Errno.OK, client.blockingPush(qd, sga, 5 * SECOND));
            client.sgaFree(sga);
            byte[] got = new byte[data.length];
            int have = 0;
            while (have < data.length) {
                assertEquals(Errno.OK, client.blockingPop(qd, r, 5 * SECOND), r.toString());
                byte[] chunk = r.sga().toByteArray();
                assertTrue(chunk.length > 0);
                System.arraycopy(chunk, 0, got, have, chunk.length);
                have += chunk.length;
                client.sgaFree(r.sga());
            }
            assertArrayEquals(data, got);
            finish(p, client, qd, echo);
        }
    }

    /** A listener on {@code port} with {@code framing} and an echo agent on the server. */
    static EchoAgent startEcho(InetLibOSPair p, int port, Framing framing) {
        InetLibOS server = p.server();
        int lqd = server.socket(Domain.INET, SocketType.STREAM);
        server.setsockopt(lqd, SocketOption.FRAMING, framing);
        server.bind(lqd, new InetEndpoint(0, port));
        server.listen(lqd, 16);
        EchoAgent echo = new EchoAgent(server, lqd);
        p.group().addAgent(echo);
        return echo;
    }

    /** Closes the client's queue and lets the server see the end of the stream and close its side. */
    static void finish(InetLibOSPair p, InetLibOS client, int qd, EchoAgent echo) {
        int closedBefore = echo.closed;
        QResult r = new QResult();
        assertEquals(Errno.OK, client.wait(client.asyncClose(qd), r, 120 * SECOND));
        assertEquals(Opcode.CLOSE, r.opcode(), r.toString());
        assertTrue(p.group().runUntil(() -> echo.closed > closedBefore, 10 * SECOND), "server saw end of stream");
        p.group().removeAgent(echo);
    }
}
