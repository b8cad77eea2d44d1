package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.BufferLeakGuard;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.stack.StackConfig;

/** The "link" library OS: RAW queues over several devices, zero copy both ways. */
class LinkLibOSTest {
    private static final long SECOND = 1_000_000_000L;

    /**
     * A minimal forwarder between two links, built only from RAW queues: host A — link 0 | forwarder | link 1 — host
     * B. A TCP echo between the two hosts goes through it frame by frame, every frame moved without a copy.
     */
    @Test
    void aForwarderBetweenTwoLinksCarriesATcpEcho() {
        VirtualClock clock = new VirtualClock(SECOND);
        LibOSGroup group = new LibOSGroup(clock);
        try (BufferLeakGuard guard = new BufferLeakGuard(false);
             LoopbackPair left = new LoopbackPair("left", 2048, 2048, 128, 512, clock);
             LoopbackPair right = new LoopbackPair("right", 2048, 2048, 128, 512, clock)) {
            InetLibOS a = InetLibOS.builder().device(left.a()).group(group)
                    .stack(StackConfig.builder().address("10.0.0.1/24").build()).open();
            InetLibOS b = InetLibOS.builder().device(right.b()).group(group)
                    .stack(StackConfig.builder().address("10.0.0.2/24").build()).open();
            LinkLibOS f = LinkLibOS.builder().device(left.b()).device(right.a()).group(group).open();
            guard.track(left.a().pool());
            guard.track(left.b().pool());
            guard.track(right.a().pool());
            guard.track(right.b().pool());
            guard.track(a.elementBuffers());
            guard.track(b.elementBuffers());
            guard.track(f.elementBuffers());
            int west = f.socket(Domain.PACKET, SocketType.RAW);
            int east = f.socket(Domain.PACKET, SocketType.RAW);
            f.bind(west, new InetEndpoint(0, 0));
            f.bind(east, new InetEndpoint(0, 1));
            Forwarder forwarder = new Forwarder(f, west, east);
            group.addAgent(forwarder);
            int lqd = TcpQueueTest.listen(b, 7, 4);
            EchoAgent echo = new EchoAgent(b, lqd);
            group.addAgent(echo);

            int qd = a.socket(Domain.INET, SocketType.STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, a.wait(a.connect(qd, InetEndpoint.of("10.0.0.2", 7)), r, 5 * SECOND));
            assertEquals(Opcode.CONNECT, r.opcode(), r.toString());
            for (int i = 0; i < 20; i++) {
                byte[] data = Bytes.random(i, 100 + i * 700);
                Sga sga = Bytes.element(a, data);
                assertEquals(Errno.OK, a.blockingPush(qd, sga, 5 * SECOND));
                a.sgaFree(sga);
                assertEquals(Errno.OK, a.blockingPop(qd, r, 5 * SECOND));
                assertArrayEquals(data, r.sga().toByteArray());
                a.sgaFree(r.sga());
            }
            assertEquals(Errno.OK, a.wait(a.asyncClose(qd), r, 120 * SECOND));
            assertTrue(group.runUntil(() -> echo.closed == 1, 10 * SECOND));
            assertTrue(forwarder.forwarded > 40, "frames went through the forwarder: " + forwarder.forwarded);
            assertEquals(0, forwarder.failures);
            assertEquals(0, f.unclaimedFrames(0) + f.unclaimedFrames(1));
            group.removeAgent(echo);
            group.removeAgent(forwarder);
            forwarder.close();
            a.close();
            b.close();
            f.close();
            left.a().close();
            left.b().close();
            right.a().close();
            right.b().close();
        }
    }

    @Test
    void rawQueuesBindToLinksAndAnUnboundOneHearsTheRest() {
        VirtualClock clock = new VirtualClock(SECOND);
        try (LoopbackPair one = new LoopbackPair("one", 64, 2048, 128, 64, clock);
             LoopbackPair two = new LoopbackPair("two", 64, 2048, 128, 64, clock)) {
            LinkLibOS f = LinkLibOS.builder().device(one.a()).device(two.a()).clock(clock).open();
            LinkLibOS peers = LinkLibOS.builder().device(one.b()).device(two.b()).group(f.group()).open();
            assertSame(f.group(), peers.group());
            int bound = f.socket(Domain.PACKET, SocketType.RAW);
            f.bind(bound, new InetEndpoint(0, 1));
            assertEquals(new InetEndpoint(0, 1), f.getsockname(bound));
            int any = f.socket(Domain.PACKET, SocketType.RAW);
            assertEquals(Errno.EADDRINUSE, assertThrows(PdpixException.class, () -> f.bind(any, new InetEndpoint(0, 1))).errno());
            assertEquals(Errno.EADDRNOTAVAIL, assertThrows(PdpixException.class, () -> f.bind(any, new InetEndpoint(0, 2))).errno());
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> f.bind(any, InetEndpoint.of("1.2.3.4", 0))).errno());
            assertEquals(Errno.EPROTONOSUPPORT, assertThrows(PdpixException.class, () -> f.socket(Domain.INET, SocketType.DGRAM)).errno());
            long anyPop = f.pop(any);
            long boundPop = f.pop(bound);
            // The peers send one frame on each link (an unbound peer queue pushes to link 0, pushTo picks link 1).
            int sender = peers.socket(Domain.PACKET, SocketType.RAW);
            byte[] frame0 = frame(0x11, 60);
            byte[] frame1 = frame(0x22, 1514);
            QResult r = new QResult();
            Sga s0 = Bytes.element(peers, frame0);
            assertEquals(Errno.OK, peers.blockingPush(sender, s0, SECOND));
            peers.sgaFree(s0);
            Sga s1 = Bytes.element(peers, frame1);
            assertEquals(Errno.OK, peers.wait(peers.pushTo(sender, s1, new InetEndpoint(0, 1)), r, SECOND));
            peers.sgaFree(s1);
            assertEquals(Errno.OK, f.wait(anyPop, r, SECOND));
            assertEquals(0, r.peerPort(), "from link 0");
            assertArrayEquals(frame0, r.sga().toByteArray());
            assertEquals(1, r.sga().segmentCount(), "the device's buffer itself");
            f.sgaFree(r.sga());
            assertEquals(Errno.OK, f.wait(boundPop, r, SECOND));
            assertEquals(1, r.peerPort());
            assertArrayEquals(frame1, r.sga().toByteArray());
            f.sgaFree(r.sga());
            // Bad frames.
            Sga runt = Bytes.element(peers, new byte[10]);
            assertEquals(Errno.EINVAL, TcpQueueTest.failure(peers, peers.push(sender, runt), r));
            peers.sgaFree(runt);
            Sga jumbo = Bytes.element(peers, new byte[1600]);
            assertEquals(Errno.EMSGSIZE, TcpQueueTest.failure(peers, peers.push(sender, jumbo), r));
            peers.sgaFree(jumbo);
            Sga far = Bytes.element(peers, frame0);
            assertEquals(Errno.EADDRNOTAVAIL, TcpQueueTest.failure(peers, peers.pushTo(sender, far, new InetEndpoint(0, 5)), r));
            peers.sgaFree(far);
            f.close();
            peers.close();
            one.a().close();
            one.b().close();
            two.a().close();
            two.b().close();
            assertEquals(0, one.a().pool().outstanding() + one.b().pool().outstanding()
                    + two.a().pool().outstanding() + two.b().pool().outstanding());
            assertEquals(0, f.elementBuffers().outstanding() + peers.elementBuffers().outstanding());
        }
    }

    /** A broadcast frame of {@code length} bytes filled with {@code fill}. */
    static byte[] frame(int fill, int length) {
        byte[] f = new byte[length];
        java.util.Arrays.fill(f, (byte) fill);
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xFF;
        }
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xB5; // IEEE local experimental EtherType
        return f;
    }

    /** Pops on each link's queue and pushes the frame out of the other, as an agent. */
    static final class Forwarder implements IntSupplier {
        private final LibOS os;
        private final int west;
        private final int east;
        private final QResult[] results = new QResult[32];
        private final long[] pops = new long[2];
        int forwarded;
        int failures;

        Forwarder(LibOS os, int west, int east) {
            this.os = os;
            this.west = west;
            this.east = east;
            for (int i = 0; i < results.length; i++) {
                results[i] = new QResult();
            }
            pops[0] = os.pop(west);
            pops[1] = os.pop(east);
        }

        @Override
        public int getAsInt() {
            int n = os.waitNext(results, 0);
            for (int i = 0; i < n; i++) {
                QResult r = results[i];
                if (r.opcode() == Opcode.POP) {
                    int out = r.qd() == west ? east : west;
                    long qt = os.push(out, r.sga());
                    os.sgaFree(r.sga());
                    if (QTokens.isError(qt)) {
                        failures++;
                    }
                    forwarded++;
                    pops[r.qd() == west ? 0 : 1] = os.pop(r.qd());
                } else if (r.opcode() == Opcode.FAILED) {
                    failures++;
                }
            }
            return n;
        }

        /** Cancels the parked pops and consumes their tokens. */
        void close() {
            QResult r = new QResult();
            os.close(west);
            os.close(east);
            for (long qt : pops) {
                os.wait(qt, r, 0);
            }
        }
    }

}
