package org.margay.perf.child;

import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.margay.fastpath.device.DeviceSpec;
import org.margay.fastpath.device.Devices;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.perf.Latencies;
import org.margay.stack.StackConfig;

/**
 * One side of a Margay↔Margay exchange in its own process: Margay's stack behind PDPIX ({@code libos=inet}) on a
 * device named {@code kind:argument} ({@code shm:PATH}, {@code dpdk:net_memif0,...}), the server at 10.0.0.2 and
 * the client at 10.0.0.1, one TCP connection, waits that spin ({@code pdpix.idle=spin}).
 *
 * <ul>
 *   <li>echo: the client pushes a {@code size}-byte element and pops the echo, timing each round trip into an
 *       HdrHistogram; the server pops each element and pushes it back.</li>
 *   <li>bulk: the client keeps {@link #BULK_IN_FLIGHT} pushes of one {@code size}-byte element outstanding and
 *       counts the bytes whose push completed inside the measured window; the server pops and frees.</li>
 * </ul>
 * Steady state allocates nothing (the element is reused, results are reusable holders), so GCs in the window are
 * reported as a check.
 */
final class MargayPeer {
    static final int PORT = 7;
    static final int BULK_IN_FLIGHT = 8;
    private static final long SECOND = 1_000_000_000L;

    private MargayPeer() {
    }

    static InetLibOS open(ChildArgs a, String address) {
        Map<String, String> options = new HashMap<>();
        String mtu = a.get("mtu", "");
        if (!mtu.isEmpty()) {
            options.put("mtu", mtu);
        }
        NetworkDevice device = Devices.open(DeviceSpec.parse(a.get("device")), options);
        TcpConfig.Builder tcp = TcpConfig.defaults().toBuilder().noDelay(true);
        int buffer = a.intValue("tcpbuf", 0);
        if (buffer > 0) {
            tcp.sendBufferSize(buffer).receiveBufferSize(buffer);
        }
        StackConfig stack = StackConfig.builder().address(address).tcp(tcp.build()).build();
        return InetLibOS.builder().device(device).ownsDevice(true).stack(stack)
                .config(LibOSConfig.of(Map.of(LibOSConfig.IDLE, a.get("idle", "spin")))).open();
    }

    /** {@code margay-server}: accepts one connection, then echoes ({@code mode=echo}) or drains ({@code mode=bulk}). */
    static void server(ChildArgs a) {
        boolean echo = "echo".equals(a.get("mode", "echo"));
        long timeout = a.longValue("timeout", 60) * SECOND;
        try (InetLibOS os = open(a, "10.0.0.2/24")) {
            int listener = os.socket(Domain.INET, SocketType.STREAM);
            os.bind(listener, new InetEndpoint(0, PORT));
            os.listen(listener, 4);
            long accept = os.accept(listener);
            Report.ready();
            QResult r = new QResult();
            QResult pushed = new QResult();
            require(os.wait(accept, r, timeout) == Errno.OK && r.ok(), "accept", r);
            int qd = r.acceptedQd();
            long pop = os.pop(qd);
            long elements = 0;
            while (os.wait(pop, r, timeout) == Errno.OK && r.ok()) {
                Sga element = r.sga();
                if (element.isEmpty()) {
                    os.sgaFree(element);
                    break;
                }
                elements++;
                if (echo) {
                    long push = os.push(qd, element);
                    os.sgaFree(element);
                    pop = os.pop(qd);
                    if (os.wait(push, pushed, timeout) != Errno.OK || !pushed.ok()) {
                        break;
                    }
                } else {
                    os.sgaFree(element);
                    pop = os.pop(qd);
                }
            }
            Report.result("elements", elements);
            tcpReport(os, qd);
            os.close(qd);
            os.close(listener);
        }
    }

    /** {@code margay-client mode=echo}: times round trips of {@code size}-byte elements, one window per command. */
    static void echoClient(ChildArgs a) throws java.io.IOException {
        int size = a.intValue("size", 64);
        try (InetLibOS os = open(a, "10.0.0.1/24")) {
            int qd = connect(os, a);
            Sga request = os.sgaAlloc(size);
            for (int i = 0; i < size; i++) {
                request.setByte(i, (byte) i);
            }
            QResult popped = new QResult();
            QResult pushed = new QResult();
            Histogram h = Latencies.newHistogram();
            Commands commands = new Commands(a);
            Commands.connected();
            Window w;
            while ((w = commands.next()) != null) {
                h.reset();
                long gcBefore = -1;
                long bad = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (w.done(t0)) {
                        break;
                    }
                    boolean measured = w.measuring(t0);
                    long push = os.push(qd, request);
                    long pop = os.pop(qd);
                    if (os.wait(pop, popped, 10 * SECOND) != Errno.OK || !popped.ok()) {
                        throw new IllegalStateException("echo pop failed: " + popped);
                    }
                    Sga reply = popped.sga();
                    if (reply.totalLength() != size) {
                        bad++;
                    }
                    os.sgaFree(reply);
                    if (os.wait(push, pushed, 10 * SECOND) != Errno.OK || !pushed.ok()) {
                        throw new IllegalStateException("echo push failed: " + pushed);
                    }
                    long t1 = System.nanoTime();
                    if (measured) {
                        if (gcBefore < 0) {
                            gcBefore = Report.gcCount();
                        }
                        h.recordValue(t1 - t0);
                    }
                }
                long gcs = Report.gcCount() - Math.max(0, gcBefore);
                drain(os);
                Report.result("hist", Latencies.encode(h));
                Report.result("gcs", gcs);
                Report.result("bad", bad);
                Report.result("warmup_ms", w.warmupMillis());
                tcpReport(os, qd);
                Commands.done();
            }
            os.sgaFree(request);
            os.close(qd);
            drain(os);
        }
    }

    /**
     * {@code margay-client mode=bulk}: pushes {@code size}-byte elements as fast as the connection takes them, one
     * window per command, then lets the outstanding pushes finish.
     */
    static void bulkClient(ChildArgs a) throws java.io.IOException {
        int size = a.intValue("size", 16000);
        try (InetLibOS os = open(a, "10.0.0.1/24")) {
            int qd = connect(os, a);
            Sga element = os.sgaAlloc(size);
            for (int i = 0; i < size; i++) {
                element.setByte(i, (byte) i);
            }
            QResult pushed = new QResult();
            long[] tokens = new long[BULK_IN_FLIGHT];
            Commands commands = new Commands(a);
            Commands.connected();
            Window w;
            while ((w = commands.next()) != null) {
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = os.push(qd, element);
                }
                long bytes = 0;
                long gcBefore = -1;
                int next = 0;
                while (true) {
                    if (os.wait(tokens[next], pushed, 10 * SECOND) != Errno.OK || !pushed.ok()) {
                        throw new IllegalStateException("bulk push failed: " + pushed);
                    }
                    long now = System.nanoTime();
                    if (w.done(now)) {
                        break;
                    }
                    if (w.measuring(now)) {
                        if (gcBefore < 0) {
                            gcBefore = Report.gcCount();
                        }
                        bytes += size;
                    }
                    tokens[next] = os.push(qd, element);
                    next = (next + 1) % tokens.length;
                }
                for (int i = 1; i < tokens.length; i++) {
                    os.wait(tokens[(next + i) % tokens.length], pushed, 10 * SECOND);
                }
                long gcs = Report.gcCount() - Math.max(0, gcBefore);
                drain(os);
                Report.result("bytes", bytes);
                Report.result("nanos", w.measuredNanos());
                Report.result("gcs", gcs);
                Report.result("warmup_ms", w.warmupMillis());
                tcpReport(os, qd);
                Commands.done();
            }
            os.sgaFree(element);
            os.close(qd);
            drain(os);
        }
    }

    /** The connection's TCP counters (retransmissions, cwnd, RTT) and the device's, for the log (cold path). */
    static void tcpReport(InetLibOS os, int qd) {
        try {
            InetEndpoint local = os.getsockname(qd);
            InetEndpoint peer = os.getpeername(qd);
            org.margay.net.tcp.engine.TcpConnection c = os.stack().tcpLayer().find(local.address(), local.port(),
                    peer.address(), peer.port());
            if (c != null) {
                Report.result("tcp", c.stats().toString().replace('\n', ' '));
            }
            Report.result("link", os.device().statistics().toString().replace('\n', ' '));
        } catch (RuntimeException e) {
            Report.result("tcp", "unavailable: " + e.getMessage());
        }
    }

    private static int connect(InetLibOS os, ChildArgs a) {
        int qd = os.socket(Domain.INET, SocketType.STREAM);
        QResult r = new QResult();
        long connect = os.connect(qd, InetEndpoint.of("10.0.0.2", PORT));
        require(os.wait(connect, r, a.longValue("timeout", 60) * SECOND) == Errno.OK && r.ok(), "connect", r);
        return qd;
    }

    /**
     * Polls for 50 ms: lets delayed ACKs (and at the end the FIN) go out, so that a pair frozen between windows
     * holds no timer that would fire the moment it thaws.
     */
    private static void drain(InetLibOS os) {
        long until = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < until) {
            os.poll();
        }
    }

    private static void require(boolean ok, String what, QResult r) {
        if (!ok) {
            throw new IllegalStateException(what + " failed: " + r);
        }
    }
}
