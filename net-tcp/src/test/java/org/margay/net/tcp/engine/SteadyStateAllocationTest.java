package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;
import org.margay.net.tcp.TcpOptionsWriter;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.buffer.SendBuffer;

/**
 * The hot-path contract: once two connections are established and warmed up, moving data both ways (segments
 * emitted, delivered, acknowledged, the applications writing and reading) allocates nothing in the engine. The
 * wire here is a fixed pool of frames, so the only allocation left to count would be the engine's.
 */
class SteadyStateAllocationTest {
    private static final int ROUNDS = 20_000;
    private static final int A = 0x0A000001;
    private static final int B = 0x0A000002;

    /** A sink that writes segments into a fixed ring of frames, and delivers them on {@link #drainTo}. */
    static final class FrameRing implements SegmentSink {
        final MemorySegment[] frames = new MemorySegment[256];
        final int[] lengths = new int[256];
        final int[] src = new int[256];
        final int[] dst = new int[256];
        int head;
        int count;
        final TcpSegment out = new TcpSegment();
        final TcpSegment in = new TcpSegment();
        final TcpOptionsWriter writer = new TcpOptionsWriter();

        FrameRing() {
            for (int i = 0; i < frames.length; i++) {
                frames[i] = MemorySegment.ofArray(new byte[2048]);
            }
        }

        @Override
        public boolean emit(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags,
                            int window, OutgoingOptions options, SendBuffer payload, int payloadOffset,
                            int payloadLength) {
            if (count == frames.length) {
                return false;
            }
            int k = (head + count) % frames.length;
            MemorySegment m = frames[k];
            int header = TcpSegment.MIN_HEADER_LENGTH + options.length();
            out.wrap(m, 0, header + payloadLength).sourcePort(localPort).destinationPort(remotePort)
                    .sequenceNumber(seq).acknowledgmentNumber(ack).headerLength(header).flags(flags).window(window)
                    .checksum(0).urgentPointer(0);
            options.write(writer.wrap(m, TcpSegment.MIN_HEADER_LENGTH, options.length()));
            if (payloadLength > 0) {
                payload.copyOut(payloadOffset, m, header, payloadLength);
            }
            lengths[k] = header + payloadLength;
            src[k] = localIp;
            dst[k] = remoteIp;
            count++;
            return true;
        }

        void drainTo(long now, TcpLayer a, TcpLayer b) {
            while (count > 0) {
                int k = head;
                head = (head + 1) % frames.length;
                count--;
                in.wrap(frames[k], 0, lengths[k]);
                (dst[k] == A ? a : b).onSegment(now, src[k], dst[k], in);
            }
        }
    }

    @Test
    void bidirectionalTransferAllocatesNothing() {
        AllocationMeter meter = AllocationMeter.currentThread();
        TcpConfig config = TcpConfig.builder().sendBufferSize(64 * 1024).receiveBufferSize(64 * 1024).build();
        TcpLayer a = new TcpLayer(config, 1);
        TcpLayer b = new TcpLayer(config, 2);
        TcpListener listener = b.listen(0, 80, 8);
        FrameRing ring = new FrameRing();
        long[] now = {1_000_000_000L};
        TcpConnection client = a.connect(now[0], A, 0, B, 80);
        for (int i = 0; i < 10; i++) {
            a.poll(now[0], ring);
            b.poll(now[0], ring);
            ring.drainTo(now[0], a, b);
            now[0] += 100_000;
        }
        TcpConnection server = listener.accept();
        assertEquals(TcpState.ESTABLISHED, server.state());
        MemorySegment chunk = MemorySegment.ofArray(new byte[3000]);
        MemorySegment sink = MemorySegment.ofArray(new byte[8192]);
        long moved = exchange(a, b, client, server, ring, chunk, sink, now, ROUNDS); // warm up
        long before = meter.allocatedBytes();
        moved += exchange(a, b, client, server, ring, chunk, sink, now, ROUNDS);
        long allocated = meter.allocatedBytes() - before;
        assertTrue(moved > 10_000_000L, "data moved: " + moved);
        assertTrue(allocated < ROUNDS / 10, allocated + " bytes allocated in " + ROUNDS + " rounds");
        assertTrue(a.stats().fastPathShare() > 0.5);
    }

    private static long exchange(TcpLayer a, TcpLayer b, TcpConnection client, TcpConnection server, FrameRing ring,
                                 MemorySegment chunk, MemorySegment sink, long[] now, int rounds) {
        long moved = 0;
        for (int i = 0; i < rounds; i++) {
            client.send(chunk, 0, 1000 + i % 2000);
            server.send(chunk, 0, 500 + i % 1500);
            a.poll(now[0], ring);
            b.poll(now[0], ring);
            ring.drainTo(now[0], a, b);
            int n;
            while ((n = server.receive(sink, 0, 8192)) > 0) {
                moved += n;
            }
            while ((n = client.receive(sink, 0, 8192)) > 0) {
                moved += n;
            }
            now[0] += 50_000;
        }
        return moved;
    }
}
