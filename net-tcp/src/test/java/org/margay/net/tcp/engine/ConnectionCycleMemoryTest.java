package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.margay.net.common.WireStatus;
import org.margay.net.tcp.TcpOptionsWriter;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.buffer.SendBuffer;

/**
 * Connection set-up and tear-down between two {@link TcpLayer}s with the default 256 KiB send and receive buffers:
 * each cycle opens a connection, moves 64 bytes each way, closes both ends and lets TIME-WAIT run out (virtual
 * clock). The buffer memory the layers hold ({@link TcpLayer#bufferMemoryBytes()}) must stay bounded by the few
 * connections alive at once, not grow with the cycles, and must be zero once every connection is gone.
 *
 * <p>{@code -Dmargay.tcp.cycles=N} changes the cycle count (default 1,000); the rate is printed, never asserted.
 */
class ConnectionCycleMemoryTest {
    private static final int A = 0x0A000001;
    private static final int B = 0x0A000002;
    private static final int PORT = 7000;
    private static final long MS = 1_000_000L;

    /** A zero-delay wire: frames are serialised with their checksum and delivered in order on {@link #pump}. */
    static final class Wire implements SegmentSink {
        final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        final ArrayDeque<Integer> sources = new ArrayDeque<>();
        final TcpSegment view = new TcpSegment();
        final TcpOptionsWriter writer = new TcpOptionsWriter();
        int localIpOfEmitter;

        @Override
        public boolean emit(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags,
                            int window, OutgoingOptions options, SendBuffer payload, int payloadOffset,
                            int payloadLength) {
            int header = TcpSegment.MIN_HEADER_LENGTH + options.length();
            byte[] bytes = new byte[header + payloadLength];
            MemorySegment m = MemorySegment.ofArray(bytes);
            view.wrap(m, 0, bytes.length).sourcePort(localPort).destinationPort(remotePort).sequenceNumber(seq)
                    .acknowledgmentNumber(ack).headerLength(header).flags(flags).window(window).checksum(0)
                    .urgentPointer(0);
            options.write(writer.wrap(m, TcpSegment.MIN_HEADER_LENGTH, options.length()));
            if (payloadLength > 0) {
                payload.copyOut(payloadOffset, m, header, payloadLength);
            }
            view.fillChecksum(localIp, remoteIp);
            frames.add(bytes);
            sources.add(localIp);
            return true;
        }
    }

    private final Wire wire = new Wire();
    private final TcpSegment in = new TcpSegment();
    private TcpLayer a;
    private TcpLayer b;
    private long now = 1_000 * MS;

    /** Polls both layers and delivers frames until the wire is quiet. */
    private void pump() {
        for (int rounds = 0; rounds < 1_000; rounds++) {
            a.poll(now, wire);
            b.poll(now, wire);
            if (wire.frames.isEmpty()) {
                return;
            }
            while (!wire.frames.isEmpty()) {
                byte[] f = wire.frames.poll();
                int src = wire.sources.poll();
                int dst = src == A ? B : A;
                in.wrap(MemorySegment.ofArray(f), 0, f.length);
                assertEquals(WireStatus.OK, in.check());
                (dst == A ? a : b).onSegment(now, src, dst, in);
            }
        }
        throw new AssertionError("the wire never went quiet");
    }

    @Test
    void openCloseCyclesKeepBufferMemoryBounded() {
        int cycles = Integer.getInteger("margay.tcp.cycles", 1_000);
        TcpConfig config = TcpConfig.builder().mslNanos(MS).build(); // default 256 KiB buffers, TIME-WAIT 2 ms
        a = new TcpLayer(config, 1);
        b = new TcpLayer(config, 2);
        TcpListener listener = b.listen(0, PORT, 128);
        byte[] up = new byte[64];
        byte[] down = new byte[64];
        for (int i = 0; i < 64; i++) {
            up[i] = (byte) i;
            down[i] = (byte) (255 - i);
        }
        byte[] got = new byte[64];
        long peak = 0;
        long start = System.nanoTime();
        for (int cycle = 0; cycle < cycles; cycle++) {
            TcpConnection client = a.connect(now, A, 0, B, PORT);
            pump();
            TcpConnection server = listener.accept();
            assertEquals(TcpState.ESTABLISHED, client.state());
            assertEquals(64, client.send(up, 0, 64));
            assertEquals(64, server.send(down, 0, 64));
            pump();
            assertEquals(64, server.receive(got, 0, 64));
            assertArrayEquals(up, got);
            assertEquals(64, client.receive(got, 0, 64));
            assertArrayEquals(down, got);
            peak = Math.max(peak, a.bufferMemoryBytes() + b.bufferMemoryBytes());
            client.close();
            pump();
            server.close();
            pump();
            assertEquals(TcpState.TIME_WAIT, client.state());
            assertEquals(TcpState.CLOSED, server.state());
            assertEquals(0, client.bufferMemoryBytes(), "TIME-WAIT holds no buffers");
            now += MS / 10;
            if (cycle % 100 == 99) { // let TIME-WAIT (2 ms) run out
                now += 3 * MS;
                pump();
                assertEquals(0, a.connectionCount());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        now += 3 * MS;
        pump();
        assertEquals(0, a.connectionCount());
        assertEquals(0, b.connectionCount());
        assertEquals(0, a.bufferMemoryBytes() + b.bufferMemoryBytes());
        System.err.printf(Locale.ROOT, "tcp cycles: %d open/push/close cycles with 256 KiB buffers in %.2f s"
                + " (%.0f/s), peak buffer memory of both layers %d bytes%n", cycles, seconds, cycles / seconds, peak);
        // One live connection per side at a time, each holding a few KiB of rings and a small ledger.
        assertTrue(peak <= 64 * 1024, "peak buffer memory " + peak);
    }
}
