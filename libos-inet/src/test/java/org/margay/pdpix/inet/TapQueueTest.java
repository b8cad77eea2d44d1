package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/** RAW queues on the inet library OS: a tap on its link beside the stack. */
class TapQueueTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aTapSeesReceivedFramesAndInjectsFrames() {
        try (InetLibOSPair p = InetLibOSPair.open(41)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int tap = server.socket(Domain.PACKET, SocketType.RAW);
            server.bind(tap, new InetEndpoint(0, 0));
            int second = server.socket(Domain.PACKET, SocketType.RAW);
            assertEquals(Errno.EADDRINUSE, assertThrows(PdpixException.class, () -> server.bind(second, new InetEndpoint(0, 0))).errno());
            assertEquals(Errno.EADDRNOTAVAIL, assertThrows(PdpixException.class, () -> server.bind(second, new InetEndpoint(0, 1))).errno());
            server.close(second);
            int inject = client.socket(Domain.PACKET, SocketType.RAW);
            byte[] frame = LinkLibOSTest.frame(0x5A, 80);
            Sga out = Bytes.element(client, frame);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.blockingPush(inject, out, SECOND));
            client.sgaFree(out);
            assertEquals(Errno.OK, server.blockingPop(tap, r, SECOND));
            assertArrayEquals(frame, r.sga().toByteArray(), "the injected frame, copied from the stack's receive path");
            server.sgaFree(r.sga());
            assertTrue(server.stack().stats().framesReceived() > 0, "the stack got it too");
            // Traffic for the stack shows on the tap as well: a UDP datagram to the server.
            int udp = client.socket(Domain.INET, SocketType.DGRAM);
            Sga hello = Bytes.element(client, "tap".getBytes());
            assertEquals(Errno.OK, client.wait(client.pushTo(udp, hello, InetLibOSPair.serverEndpoint(9)), r, SECOND));
            client.sgaFree(hello);
            boolean sawUdp = false;
            for (int i = 0; i < 4 && !sawUdp; i++) {
                assertEquals(Errno.OK, server.blockingPop(tap, r, SECOND));
                byte[] f = r.sga().toByteArray();
                sawUdp = f.length > 23 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 17;
                server.sgaFree(r.sga());
            }
            assertTrue(sawUdp, "the UDP datagram's frame");
            // An application's frame observer sees the stack's frames beside the tap, both ways.
            int[] seen = new int[2];
            server.frameObserver((outbound, now, segment, offset, length) -> seen[outbound ? 1 : 0]++);
            Sga again = Bytes.element(client, "again".getBytes());
            assertEquals(Errno.OK, client.wait(client.pushTo(udp, again, InetLibOSPair.serverEndpoint(9)), r, SECOND));
            client.sgaFree(again);
            assertEquals(Errno.OK, server.blockingPop(tap, r, SECOND));
            server.sgaFree(r.sga());
            p.group().runFor(SECOND / 10);
            assertTrue(seen[0] >= 1 && seen[1] >= 1, "in " + seen[0] + ", out (ICMP port unreachable) " + seen[1]);
            server.frameObserver(null);
            assertEquals(InetLibOSPair.SERVER_ADDRESS, server.address());
            client.close(udp);
            client.close(inject);
            server.close(tap);
        }
    }
}
