package org.margay.bench.pdpix;

import java.util.concurrent.TimeUnit;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.inet.InetLibOSPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #4: push+pop+wait over Margay's own stack ({@code libos-inet}): two inet library OSes in one group over an
 * in-memory loopback link, on the group's virtual clock, in one thread. One operation: the client pushes a
 * {@code size}-byte element (TCP: one length-prefixed element on an established connection; UDP: one datagram
 * with {@code pushTo}), the server pops it, a wait on each token (the server's wait drives both stacks: Ethernet,
 * IPv4, TCP/UDP, the element framing, and TCP's ACKs), and the popped element is freed. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class InetPushPopBench {
    private static final int PORT = 9;
    private static final long SECOND = 1_000_000_000L;

    /** {@code tcp} or {@code udp}. */
    @Param({"tcp", "udp"})
    public String transport;

    /** Element bytes. */
    @Param({"64", "1024"})
    public int size;

    private InetLibOSPair pair;
    private LibOS client;
    private LibOS server;
    private int clientQd;
    private int serverQd;
    private int listenQd = -1;
    private boolean udp;
    private InetEndpoint to;
    private Sga element;
    private final QResult pushed = new QResult();
    private final QResult popped = new QResult();

    @Setup(Level.Trial)
    public void setUp() {
        udp = "udp".equals(transport);
        pair = InetLibOSPair.open(7);
        client = pair.client();
        server = pair.server();
        to = InetLibOSPair.serverEndpoint(PORT);
        QResult r = new QResult();
        if (udp) {
            serverQd = server.socket(Domain.INET, SocketType.DGRAM);
            server.bind(serverQd, new InetEndpoint(0, PORT));
            clientQd = client.socket(Domain.INET, SocketType.DGRAM);
            client.bind(clientQd, InetEndpoint.ANY);
        } else {
            listenQd = server.socket(Domain.INET, SocketType.STREAM);
            server.bind(listenQd, new InetEndpoint(0, PORT));
            server.listen(listenQd, 4);
            long accept = server.accept(listenQd);
            clientQd = client.socket(Domain.INET, SocketType.STREAM);
            long connect = client.connect(clientQd, to);
            expect(client.wait(connect, r, 5 * SECOND) == Errno.OK && r.ok(), "connect: " + r);
            expect(server.wait(accept, r, 5 * SECOND) == Errno.OK && r.ok(), "accept: " + r);
            serverQd = r.acceptedQd();
        }
        element = client.sgaAlloc(size);
        for (int i = 0; i < size; i++) {
            element.setByte(i, (byte) i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.sgaFree(element);
        pair.close();   // closes both and checks that every buffer came back
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    @Benchmark
    public long pushPopWait() {
        long push = udp ? client.pushTo(clientQd, element, to) : client.push(clientQd, element);
        long pop = server.pop(serverQd);
        if (server.wait(pop, popped, 5 * SECOND) != Errno.OK || !popped.ok()
                || client.wait(push, pushed, 5 * SECOND) != Errno.OK || !pushed.ok()) {
            throw new IllegalStateException("push/pop failed: " + pushed + " " + popped);
        }
        Sga got = popped.sga();
        long length = got.totalLength();
        server.sgaFree(got);
        return length;
    }
}
