package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.testkit.AllocationMeter;

/**
 * The data path (sgaAlloc, push, pop, wait, sgaFree) allocates no Java objects in steady state, over real
 * kernel sockets: NIO's single-buffer reads and writes, selectNow and select with a consumer, and the
 * datagram receive with an unchanged sender allocate nothing, and the library OS caches the rest (leak tracking,
 * which records a stack trace per buffer, is off here). Measured in
 * bytes (the JVM's per-thread counter), never in time.
 */
class SteadyStateAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;
    private static final int WINDOWS = 6;
    private static final MemorySegment MESSAGE = MemorySegment.ofArray(Kernel.pattern(64, 9));

    @Test
    void framedTcpPingPong() {
        try (Kernel k = Kernel.open(KernelConfig.TRACK_LEAKS, "false")) {
            int[] p = k.pair(k.listener());
            k.os.setsockopt(p[0], SocketOption.TCP_NODELAY, true);
            k.os.setsockopt(p[1], SocketOption.TCP_NODELAY, true);
            assertEquals(0, allocatedByPingPong(k.os, p[0], p[1], null), "bytes allocated by " + MEASURED + " round trips (least of the windows)");
            assertEquals(0, k.os.uncachedViews());
        }
    }

    @Test
    void rawStreamTcpPingPong() {
        try (Kernel k = Kernel.open(KernelConfig.TRACK_LEAKS, "false")) {
            int listener = k.listener();
            k.os.setsockopt(listener, SocketOption.FRAMING, Framing.RAW_STREAM);
            int client = k.os.socket(org.margay.pdpix.Domain.INET, org.margay.pdpix.SocketType.STREAM);
            k.os.setsockopt(client, SocketOption.FRAMING, Framing.RAW_STREAM);
            long connect = k.os.connect(client, k.os.getsockname(listener));
            int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
            k.ok(connect, Opcode.CONNECT);
            assertEquals(0, allocatedByPingPong(k.os, client, server, null));
        }
    }

    @Test
    void udpPingPong() {
        try (Kernel k = Kernel.open(KernelConfig.TRACK_LEAKS, "false")) {
            int a = k.udp();
            int b = k.udp();
            assertEquals(0, allocatedByPingPong(k.os, a, b, k.os.getsockname(b)));
        }
    }

    /**
     * Ping-pongs 64-byte elements between two queues and returns the bytes allocated in the first measured window
     * of {@value #MEASURED} rounds that allocated nothing, or the smallest window's figure. Several windows,
     * because the JIT may still be compiling (C1 code allocates what C2 scalar-replaces) on a busy machine; an
     * allocation per operation would show in every window.
     */
    private static long allocatedByPingPong(LibOS os, int client, int server, InetEndpoint serverAddress) {
        AllocationMeter meter = AllocationMeter.currentThread();
        QResult r = new QResult();
        InetEndpoint[] reply = {null};
        for (int i = 0; i < WARM_UP; i++) {
            round(os, client, server, serverAddress, r, reply);
        }
        long least = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS && least > 0; window++) {
            long before = meter.allocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                round(os, client, server, serverAddress, r, reply);
            }
            least = Math.min(least, meter.allocatedBytes() - before);
        }
        return least;
    }

    private static void round(LibOS os, int client, int server, InetEndpoint serverAddress, QResult r, InetEndpoint[] reply) {
        Sga out = os.sgaAlloc(64).fill(MESSAGE, 0, 64);
        long qt = serverAddress == null ? os.push(client, out) : os.pushTo(client, out, serverAddress);
        os.sgaFree(out);
        check(os.wait(qt, r, Kernel.PATIENCE), r, Opcode.PUSH);
        check(os.wait(os.pop(server), r, Kernel.PATIENCE), r, Opcode.POP);
        Sga got = r.sga();
        if (serverAddress == null) {
            qt = os.push(server, got);
        } else {
            if (reply[0] == null) {
                reply[0] = r.peer();    // once: the client's address
            }
            qt = os.pushTo(server, got, reply[0]);
        }
        os.sgaFree(got);
        check(os.wait(qt, r, Kernel.PATIENCE), r, Opcode.PUSH);
        // A raw stream may deliver the 64 bytes in pieces; framed queues and datagrams in one.
        int received = 0;
        while (received < 64) {
            check(os.wait(os.pop(client), r, Kernel.PATIENCE), r, Opcode.POP);
            received += (int) r.sga().totalLength();
            os.sgaFree(r.sga());
        }
    }

    private static void check(int err, QResult r, Opcode expected) {
        if (err != Errno.OK || r.opcode() != expected) {
            throw new AssertionError("wait " + Errno.name(err) + ", " + r);
        }
    }
}
