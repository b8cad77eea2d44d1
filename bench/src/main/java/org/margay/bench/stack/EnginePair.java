package org.margay.bench.stack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpLayer;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;

/**
 * For benchmarks only: two {@link TcpLayer}s with one ESTABLISHED connection between them, built by a real
 * handshake through {@link HeaderWritingSink}s (no IP, no device, no checksum: {@code onSegment} is the entry the IP
 * layer calls after verifying the checksum). The benchmarks then drive one side alone with segments the other side
 * emitted once (templates) and patch only the fields that must move (sequence and acknowledgment numbers).
 *
 * <p>Single-threaded; time is a field the benchmarks advance.
 */
final class EnginePair {
    static final int CLIENT_IP = Ipv4Address.parse("10.0.0.1");
    static final int SERVER_IP = Ipv4Address.parse("10.0.0.2");
    static final int SERVER_PORT = 80;
    static final int CLIENT_PORT = 40000;

    final TcpLayer clientLayer;
    final TcpLayer serverLayer;
    final TcpConnection client;
    final TcpConnection server;
    final MemorySegment data;
    final MemorySegment readBuffer;
    private final HeaderWritingSink wire = new HeaderWritingSink(256);
    private final TcpSegment view = new TcpSegment();
    /**
     * The modelled round-trip time, a data-centre figure: every delivery between the two engines, and every ACK a
     * benchmark feeds, arrives half of it (in the exchange) or all of it (after a batch) later.
     */
    static final long RTT_NANOS = 30_000;
    long now = 1_000_000_000L;

    /**
     * The benchmarks' TCP configuration: the defaults (window scaling, SACK, timestamps, CUBIC, 256 KiB buffers,
     * ACK every two full segments once the first 16 quick ACKs are spent) with Nagle off, so that one small write
     * is one small segment, and an initial window of 200 segments, so that a 64-segment batch is never held back
     * by congestion control.
     */
    static TcpConfig config() {
        return TcpConfig.builder().noDelay(true).initialWindowSegments(200).build();
    }

    EnginePair() {
        TcpConfig config = config();
        clientLayer = new TcpLayer(config, 1);
        serverLayer = new TcpLayer(config, 2);
        TcpListener listener = serverLayer.listen(SERVER_IP, SERVER_PORT, 4);
        client = clientLayer.connect(now, CLIENT_IP, CLIENT_PORT, SERVER_IP, SERVER_PORT);
        for (int i = 0; i < 10 && client.state() != TcpState.ESTABLISHED; i++) {
            exchange();
        }
        exchange();
        server = listener.accept();
        if (server == null || server.state() != TcpState.ESTABLISHED || client.state() != TcpState.ESTABLISHED) {
            throw new IllegalStateException("no connection: client " + client + ", server " + server);
        }
        Arena arena = Arena.ofAuto();
        data = arena.allocate(256 * 1024, 64);
        readBuffer = arena.allocate(256 * 1024, 64);
        // The SYN-ACK's window is unscaled (RFC 7323 §2.2): one data exchange brings the server's scaled window.
        client.send(data, 0, 2 * 1448);
        exchange();
        drainServer();
        exchange();
    }

    /** One round: the client's output to the server, then the server's to the client. */
    void exchange() {
        clientLayer.poll(now, wire);
        now += RTT_NANOS / 2;
        deliver(wire, serverLayer);
        serverLayer.poll(now, wire);
        now += RTT_NANOS / 2;
        deliver(wire, clientLayer);
    }

    /** Feeds every segment captured in {@code sink} to {@code to}, then forgets them. */
    void deliver(HeaderWritingSink sink, TcpLayer to) {
        for (int i = 0; i < sink.count(); i++) {
            view.wrap(sink.memory(), sink.offset(i), sink.length(i));
            to.onSegment(now, sink.source(i), sink.destination(i), view);
        }
        sink.clear();
    }

    /** Reads everything the server has received. */
    void drainServer() {
        while (server.receive(readBuffer, 0, (int) readBuffer.byteSize()) > 0) {
            // discard
        }
    }
}
