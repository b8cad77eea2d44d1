package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * The receive window a popping application leaves open: a bulk sender on the client, a server that frees every
 * element at once (iperf3's and discard's receive loop), pool buffers of 16 KiB (the library OS's default), the
 * window of every pure ACK the server sends counted by value. With one RAW_STREAM pop outstanding the ACKs must
 * offer far more than one buffer: a pop takes all that is readable, not one buffer of it (before that, 1000 of
 * 1015 ACKs here offered 16.0–17.4 KiB: the ring stayed full because the stack takes in a 32-frame burst per duty
 * cycle while one pop of one buffer completed per cycle). Framed elements pop whole, one per pop, so a framed
 * reader keeps several pops outstanding to keep up.
 */
class ReceiveWindowTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int ELEMENT = 16 * 1024;

    @Test
    void aPoppingServerKeepsTheWindowWellAboveOneElement() {
        Result r = bulk(Framing.RAW_STREAM, 31, 16 << 20, 1);
        System.out.println("RAW_STREAM, 1 pop outstanding: " + summary(r));
        assertEquals(16 << 20, r.received);
        assertTrue(r.acks > 100, "ACKs seen: " + r.acks);
        assertTrue(r.pops < (16 << 20) / ELEMENT, "pops take more than one buffer: " + r.pops + " pops");
        long small = r.windows.headMap(4 * ELEMENT, true).values().stream().mapToLong(Long::longValue).sum();
        assertTrue(small * 10 < r.acks, small + " of " + r.acks + " ACKs offered at most 4 elements: " + r.windows);
        long wide = r.windows.tailMap(8 * ELEMENT, true).values().stream().mapToLong(Long::longValue).sum();
        assertTrue(wide * 10 >= r.acks * 9, wide + " of " + r.acks + " ACKs offered half the buffer or more: " + r.windows);
    }

    @Test
    void lengthPrefixedElementsStayWholeAndTheWindowStaysOpen() {
        Result r = bulk(Framing.LENGTH_PREFIXED, 32, 8 << 20, 4);
        System.out.println("LENGTH_PREFIXED, 4 pops outstanding: " + summary(r));
        assertEquals(8 << 20, r.received);
        assertEquals((8 << 20) / ELEMENT, r.pops, "every element popped whole");
        long small = r.windows.headMap(4 * ELEMENT, true).values().stream().mapToLong(Long::longValue).sum();
        assertTrue(small * 10 < r.acks, small + " of " + r.acks + " ACKs offered at most 4 elements: " + r.windows);
    }

    @Test
    void aRawPopShortOfBuffersTakesOneBufferAndWaitsWhenNoneIsFree() {
        try (InetLibOSPair p = InetLibOSPair.builder().seed(33).elementBuffers(32, ELEMENT).open()) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = server.socket(Domain.INET, SocketType.STREAM);
            server.setsockopt(lqd, SocketOption.FRAMING, Framing.RAW_STREAM);
            server.bind(lqd, new InetEndpoint(0, 5202));
            server.listen(lqd, 4);
            long accept = server.accept(lqd);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(5202)), r, 5 * SECOND));
            assertEquals(Errno.OK, server.wait(accept, r, 5 * SECOND));
            int sqd = r.acceptedQd();
            byte[] data = Bytes.random(34, 100_000);
            Sga out = Bytes.element(client, data);
            assertEquals(Errno.OK, client.blockingPush(qd, out, 5 * SECOND));
            client.sgaFree(out);
            p.group().runFor(SECOND / 10);

            ArrayList<Sga> hog = new ArrayList<>();
            for (Sga one = server.sgaAlloc(1); one != null; one = server.sgaAlloc(1)) {
                hog.add(one);
            }
            server.sgaFree(hog.removeLast());    // exactly one buffer free
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            assertEquals(Errno.OK, server.blockingPop(sqd, r, SECOND));
            assertEquals(1, r.sga().segmentCount(), "one buffer's worth when the pool is short");
            got.writeBytes(r.sga().toByteArray());
            long parked = server.pop(sqd);        // the pool is empty now: the pop waits
            QResult later = new QResult();
            assertEquals(Errno.ETIMEDOUT, server.wait(parked, later, SECOND / 10), "a pop with no buffer to fill waits");
            for (Sga one : hog) {
                server.sgaFree(one);
            }
            server.sgaFree(r.sga());
            assertEquals(Errno.OK, server.wait(parked, r, SECOND));
            assertTrue(r.sga().segmentCount() > 1, "the rest in one chained element");
            got.writeBytes(r.sga().toByteArray());
            server.sgaFree(r.sga());
            assertEquals(data.length, got.size());
            assertArrayEquals(data, got.toByteArray());
            client.close(qd);
            server.close(sqd);
            server.close(lqd);
        }
    }

    /** The ACKs' windows by whole elements of 16 KiB (floor) -> count. */
    private static String summary(Result r) {
        TreeMap<Integer, Long> byElements = new TreeMap<>();
        r.windows.forEach((w, n) -> byElements.merge(w / ELEMENT, n, Long::sum));
        return r.acks + " ACKs; window in 16 KiB elements -> ACKs: " + byElements;
    }

    private record Result(long received, long pops, long acks, TreeMap<Integer, Long> windows) {
    }

    private static Result bulk(Framing framing, long seed, int total, int depth) {
        try (InetLibOSPair p = InetLibOSPair.builder().seed(seed).elementBuffers(1024, ELEMENT).open()) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            WindowRecorder windows = new WindowRecorder();
            server.frameObserver(windows::onFrame);
            int lqd = server.socket(Domain.INET, SocketType.STREAM);
            server.setsockopt(lqd, SocketOption.FRAMING, framing);
            server.bind(lqd, new InetEndpoint(0, 5201));
            server.listen(lqd, 4);
            Drain drain = new Drain(server, lqd, depth);
            p.group().addAgent(drain);

            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.FRAMING, framing);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(5201)), r, 5 * SECOND));
            Sga block = Bytes.element(client, Bytes.random(seed, ELEMENT));
            for (int sent = 0; sent < total; sent += ELEMENT) {
                assertEquals(Errno.OK, client.blockingPush(qd, block, 5 * SECOND));
            }
            client.sgaFree(block);
            assertTrue(p.group().runUntil(() -> drain.received >= total, 60 * SECOND), drain.received + " of " + total);
            assertEquals(Errno.OK, client.wait(client.asyncClose(qd), r, 60 * SECOND));
            assertTrue(p.group().runUntil(() -> drain.closed, 10 * SECOND), "server saw the end of the stream");
            p.group().removeAgent(drain);
            server.close(lqd);
            server.frameObserver(null);
            return new Result(drain.received, drain.pops, windows.acks, windows.windows);
        }
    }

    /** Accepts one connection and drains it with {@code depth} pops outstanding, freeing each element at once. */
    private static final class Drain implements IntSupplier {
        private final LibOS os;
        private final int depth;
        private final QResult[] results = new QResult[16];
        long received;
        long pops;
        boolean closed;

        Drain(LibOS os, int lqd, int depth) {
            this.os = os;
            this.depth = depth;
            for (int i = 0; i < results.length; i++) {
                results[i] = new QResult();
            }
            os.accept(lqd);
        }

        @Override
        public int getAsInt() {
            int n = os.waitNext(results, 0);
            for (int i = 0; i < n; i++) {
                QResult r = results[i];
                switch (r.opcode()) {
                    case ACCEPT -> {
                        for (int d = 0; d < depth; d++) {
                            os.pop(r.acceptedQd());
                        }
                    }
                    case POP -> {
                        long length = r.sga().totalLength();
                        os.sgaFree(r.sga());
                        if (closed) {
                            continue; // the other pops outstanding at the end of the stream
                        }
                        if (length == 0) {
                            os.close(r.qd());
                            closed = true;
                        } else {
                            received += length;
                            pops++;
                            os.pop(r.qd());
                        }
                    }
                    case FAILED -> assertEquals(Errno.ECANCELED, r.ret(), "pops still outstanding at close: " + r);
                    default -> throw new AssertionError("unexpected " + r);
                }
            }
            return n;
        }
    }

    /** Counts the window (scaled, in bytes) of every pure ACK the server sends after the handshake. */
    private static final class WindowRecorder {
        private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        final TreeMap<Integer, Long> windows = new TreeMap<>();
        long acks;
        int shift = -1;

        void onFrame(boolean outbound, long now, MemorySegment s, long off, int length) {
            if (!outbound || length < 54 || (s.get(U16, off + 12) & 0xFFFF) != 0x0800) {
                return;
            }
            long ip = off + 14;
            int ihl = (s.get(ValueLayout.JAVA_BYTE, ip) & 0x0F) * 4;
            if (s.get(ValueLayout.JAVA_BYTE, ip + 9) != 6) {
                return;
            }
            int ipTotal = s.get(U16, ip + 2) & 0xFFFF;
            long tcp = ip + ihl;
            int dataOffset = ((s.get(ValueLayout.JAVA_BYTE, tcp + 12) & 0xF0) >>> 4) * 4;
            int flags = s.get(ValueLayout.JAVA_BYTE, tcp + 13) & 0xFF;
            int window = s.get(U16, tcp + 14) & 0xFFFF;
            if ((flags & 0x02) != 0) {
                shift = windowScale(s, tcp + 20, dataOffset - 20);
                return;
            }
            if ((flags & 0x05) != 0 || ipTotal - ihl - dataOffset != 0 || shift < 0) {
                return; // FIN, RST, or data
            }
            acks++;
            windows.merge(window << shift, 1L, Long::sum);
        }

        private static int windowScale(MemorySegment s, long at, int length) {
            int i = 0;
            while (i < length) {
                int kind = s.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF;
                if (kind == 0) {
                    break;
                }
                if (kind == 1) {
                    i++;
                    continue;
                }
                int len = s.get(ValueLayout.JAVA_BYTE, at + i + 1) & 0xFF;
                if (kind == 3) {
                    return s.get(ValueLayout.JAVA_BYTE, at + i + 2) & 0xFF;
                }
                i += Math.max(2, len);
            }
            return 0;
        }
    }
}
