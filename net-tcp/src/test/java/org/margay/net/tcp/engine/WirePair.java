package org.margay.net.tcp.engine;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.margay.net.common.WireStatus;
import org.margay.net.tcp.TcpOptionsWriter;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.buffer.SendBuffer;

/**
 * Two {@link TcpLayer}s joined by an in-memory wire: every emitted segment is serialised to bytes (header, options,
 * payload, checksum), checked and parsed again by the receiver, and delivered after a virtual delay, with seeded
 * loss, reordering and duplication. Applications on both sides send a random byte stream each way, read everything,
 * and close. Time jumps from event to event, so minutes of virtual time cost milliseconds.
 */
final class WirePair {
    static final int A_IP = 0x0A000001;
    static final int B_IP = 0x0A000002;
    static final int SERVER_PORT = 7000;
    static final long MS = 1_000_000L;

    final TcpLayer a;
    final TcpLayer b;
    final SplittableRandom random;
    final double loss;
    final double reorder;
    final double duplicate;
    /** One-way delay of the wire (set before {@link #open}); 1 ms unless a test changes it. */
    long delayNanos = 1 * MS;
    long now = 1_000 * MS;
    long delivered;
    /** When true, an application closes only after it has also received everything it expects. */
    boolean closeAfterReceiving;
    long dropped;
    long badSegments;
    private long order;
    private final PriorityQueue<Packet> wire = new PriorityQueue<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<Integer, byte[]> serverData = new HashMap<>();
    private final Map<Integer, byte[]> clientData = new HashMap<>();
    private final TcpListener listener;
    private final Sink sinkA;
    private final Sink sinkB;

    private record Packet(long at, long order, int src, int dst, byte[] bytes) implements Comparable<Packet> {
        @Override
        public int compareTo(Packet o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** One application endpoint: its connection, the bytes it must send, what it has received. */
    static final class Endpoint {
        TcpConnection connection;
        byte[] toSend;
        byte[] expected;
        int sent;
        boolean closed;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean eof;
    }

    final class Sink implements SegmentSink {
        final int from;
        final TcpSegment view = new TcpSegment();
        final TcpOptionsWriter writer = new TcpOptionsWriter();

        Sink(int from) {
            this.from = from;
        }

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
            transmit(localIp, remoteIp, bytes);
            return true;
        }
    }

    WirePair(TcpConfig config, long seed, double loss, double reorder, double duplicate) {
        this(config, config, seed, loss, reorder, duplicate);
    }

    WirePair(TcpConfig configA, TcpConfig configB, long seed, double loss, double reorder, double duplicate) {
        this.random = new SplittableRandom(seed);
        this.loss = loss;
        this.reorder = reorder;
        this.duplicate = duplicate;
        this.a = new TcpLayer(configA, seed * 31 + 1);
        this.b = new TcpLayer(configB, seed * 31 + 2);
        this.sinkA = new Sink(A_IP);
        this.sinkB = new Sink(B_IP);
        this.listener = b.listen(0, SERVER_PORT, 4096);
    }

    private void transmit(int src, int dst, byte[] bytes) {
        if (random.nextDouble() < loss) {
            dropped++;
            return;
        }
        long at = now + delayNanos;
        if (random.nextDouble() < reorder) {
            at += random.nextLong(1, 3 * delayNanos);
        }
        wire.add(new Packet(at, order++, src, dst, bytes));
        if (random.nextDouble() < duplicate) {
            wire.add(new Packet(at + random.nextLong(0, 2 * delayNanos), order++, src, dst, bytes.clone()));
        }
    }

    /** Opens a connection from A to B carrying {@code up} bytes A→B and {@code down} bytes B→A. */
    Endpoint open(int up, int down) {
        Endpoint client = new Endpoint();
        client.toSend = randomBytes(up);
        client.expected = randomBytes(down);
        client.connection = a.connect(now, A_IP, 0, B_IP, SERVER_PORT);
        endpoints.add(client);
        clientData.put(client.connection.localPort(), client.toSend);
        serverData.put(client.connection.localPort(), client.expected);
        return client;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /**
     * Runs until every endpoint has received everything, and every connection is CLOSED (after TIME-WAIT), or the
     * virtual time limit passes. Returns true when everything finished.
     */
    boolean run(long limitNanos) {
        return run(limitNanos, () -> { });
    }

    /** {@link #run(long)}, calling {@code afterEachStep} after every delivery-and-poll step (to watch gauges). */
    boolean run(long limitNanos, Runnable afterEachStep) {
        long end = now + limitNanos;
        int quiet = 0;
        while (now <= end) {
            // Deliver what is due.
            while (!wire.isEmpty() && wire.peek().at <= now) {
                Packet p = wire.poll();
                deliver(p);
            }
            drive();
            a.poll(now, sinkA);
            b.poll(now, sinkB);
            drive();
            afterEachStep.run();
            if (finished()) {
                return true;
            }
            long next = Long.MAX_VALUE;
            if (!wire.isEmpty()) {
                next = wire.peek().at;
            }
            next = Math.min(next, a.nextDeadline());
            next = Math.min(next, b.nextDeadline());
            if (next == Long.MAX_VALUE) {
                if (++quiet > 3) {
                    return finished();
                }
                continue;
            }
            quiet = 0;
            now = Math.max(now, next);
        }
        return finished();
    }

    private void deliver(Packet p) {
        TcpSegment seg = new TcpSegment().wrap(MemorySegment.ofArray(p.bytes), 0, p.bytes.length);
        if (seg.check() != WireStatus.OK || !seg.checksumValid(p.src, p.dst)) {
            badSegments++;
            return;
        }
        delivered++;
        (p.dst == A_IP ? a : b).onSegment(now, p.src, p.dst, seg);
    }

    /** The applications: accept, write what fits, close when all is written, read everything. */
    private void drive() {
        TcpConnection accepted;
        while ((accepted = listener.accept()) != null) {
            Endpoint server = new Endpoint();
            server.connection = accepted;
            server.toSend = serverData.get(accepted.remotePort());
            server.expected = clientData.get(accepted.remotePort());
            endpoints.add(server);
        }
        byte[] buf = new byte[8192];
        for (Endpoint e : endpoints) {
            TcpConnection c = e.connection;
            if (e.sent < e.toSend.length && c.state().canSend()) {
                int n = c.send(e.toSend, e.sent, e.toSend.length - e.sent);
                if (n > 0) {
                    e.sent += n;
                }
            }
            boolean allReceived = !closeAfterReceiving || e.received.size() == e.expected.length;
            if (e.sent == e.toSend.length && !e.closed && allReceived
                    && (c.state() == TcpState.ESTABLISHED || c.state() == TcpState.CLOSE_WAIT)) {
                c.shutdownOutput(); // half-close: keep reading until the peer's FIN
                e.closed = true;
            }
            int n;
            while ((n = c.receive(buf, 0, buf.length)) > 0) {
                e.received.write(buf, 0, n);
            }
            if (n < 0 && !e.eof) {
                e.eof = true;
                if (e.closed) {
                    c.close();
                }
            }
        }
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    boolean finished() {
        if (endpoints.isEmpty() || endpoints.size() < 2 * clientData.size()) {
            return false;
        }
        for (Endpoint e : endpoints) {
            if (!e.eof || e.connection.state() != TcpState.CLOSED) {
                return false;
            }
        }
        return true;
    }

    /** A description of what went wrong, or null when every stream arrived intact and closed cleanly. */
    String verify() {
        if (endpoints.size() < 2 * clientData.size()) {
            return "only " + endpoints.size() + " endpoints for " + clientData.size() + " connections";
        }
        for (Endpoint e : endpoints) {
            byte[] got = e.received.toByteArray();
            if (!java.util.Arrays.equals(got, e.expected)) {
                return "stream mismatch on " + e.connection + " (" + TcpError.name(e.connection.error()) + "): got "
                        + got.length + " of " + e.expected.length + ", " + e.connection.stats();
            }
            if (!e.eof) {
                return "no EOF on " + e.connection;
            }
            if (e.connection.state() != TcpState.CLOSED || e.connection.error() != TcpError.NONE) {
                return "not closed cleanly: " + e.connection + " error " + TcpError.name(e.connection.error());
            }
        }
        return null;
    }
}
