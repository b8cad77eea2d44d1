package org.margay.perf.child;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.HdrHistogram.Histogram;
import org.margay.perf.Latencies;

/**
 * The kernel path in Java: a 64-byte ping-pong over Linux TCP loopback with JDK NIO, TCP_NODELAY on both sides.
 * {@code mode=spin} makes both sockets non-blocking and spins on {@code read} (the busy-polling configuration,
 * like {@code sockperf --nonblocked}); {@code mode=block} uses blocking reads (a thread sleeps in the kernel and is
 * woken by the other vCPU). One direct buffer per side, reused: the loop allocates nothing.
 */
final class NioEcho {
    private NioEcho() {
    }

    static void server(ChildArgs a) throws IOException {
        boolean spin = "spin".equals(a.get("mode"));
        int size = a.intValue("size", 64);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", a.intValue("port", 0)));
            Report.result("port", ((InetSocketAddress) listener.getLocalAddress()).getPort());
            Report.ready();
            try (SocketChannel ch = listener.accept()) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(!spin);
                ByteBuffer buffer = ByteBuffer.allocateDirect(size);
                while (readFully(ch, buffer)) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    buffer.clear();
                }
            }
        }
    }

    static void client(ChildArgs a) throws IOException {
        boolean spin = "spin".equals(a.get("mode"));
        int size = a.intValue("size", 64);
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", a.intValue("port", 0)))) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(!spin);
            ByteBuffer out = ByteBuffer.allocateDirect(size);
            ByteBuffer in = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i++) {
                out.put(i, (byte) i);
            }
            Histogram h = Latencies.newHistogram();
            Commands commands = new Commands(a);
            Commands.connected();
            Window w;
            while ((w = commands.next()) != null) {
                h.reset();
                long gcBefore = -1;
                while (true) {
                    long t0 = System.nanoTime();
                    if (w.done(t0)) {
                        break;
                    }
                    boolean measured = w.measuring(t0);
                    out.clear();
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                    in.clear();
                    if (!readFully(ch, in)) {
                        throw new IOException("server closed the connection");
                    }
                    long t1 = System.nanoTime();
                    if (measured) {
                        if (gcBefore < 0) {
                            gcBefore = Report.gcCount();
                        }
                        h.recordValue(t1 - t0);
                    }
                }
                Report.result("hist", Latencies.encode(h));
                Report.result("gcs", Report.gcCount() - Math.max(0, gcBefore));
                Report.result("warmup_ms", w.warmupMillis());
                Commands.done();
            }
        }
    }

    /** Fills {@code buffer}; false at end of stream before it is full. Spins when the channel is non-blocking. */
    private static boolean readFully(SocketChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (ch.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
