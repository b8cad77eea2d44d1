package org.margay.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpLayerStats;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.udp.socket.UdpSocket;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-segment cost of Margay's whole stack on the fast path (issue #3): two {@link InetStack}s on a
 * {@link LoopbackPair} (no device, no copy between them), driven by the caller on one thread with a virtual clock.
 *
 * <ul>
 *   <li>{@code tcpSegment}: one operation is one 1448-byte data segment moved end to end: the sender's
 *       application write, TCP output, IPv4 and Ethernet headers, the TCP checksum computed in software (loopback
 *       offers no offload), the receiver's Ethernet/IPv4 checks, checksum verification, the TCP fast path, the
 *       copy into the receive ring and the application's read, plus the share of ACKs (one per two segments) both
 *       sides process. It is the sum of one transmit and one receive, so compare it with the 150 ns target
 *       per direction accordingly.</li>
 *   <li>{@code udpDatagram}: one operation is one 64-byte datagram sent by one stack and received by the other
 *       (ping-pong, two per invocation).</li>
 * </ul>
 * The tear-down prints the share of TCP segments that took the fast path during the run (the bar is
 * 99 % on a clean link; the figure is recorded beside the timings in docs/PERFORMANCE.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class StackBench {
    private static final int A = Ipv4Address.parse("10.0.0.1");
    private static final int B = Ipv4Address.parse("10.0.0.2");
    private static final int CHUNK = 64 * 1448; // 64 full-sized segments per invocation
    private static final int SEGMENTS = CHUNK / 1448;

    /** {@code software}: the stacks compute and verify every checksum; {@code offload}: a NIC would (see {@link OffloadingDevice}). */
    @Param({"software", "offload"})
    public String checksums;

    private LoopbackPair pair;
    private InetStack a;
    private InetStack b;
    private TcpConnection client;
    private TcpConnection server;
    private UdpSocket udpA;
    private UdpSocket udpB;
    private MemorySegment chunk;
    private MemorySegment sink;
    private MemorySegment datagram;
    private long fastBefore;
    private long slowBefore;

    @Setup(Level.Trial)
    public void setUp() {
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        pair = new LoopbackPair("bench", 4096, 2048, 128, 1024, clock);
        boolean offload = "offload".equals(checksums);
        a = new InetStack(StackConfig.builder().address(A, 24).build(),
                offload ? new OffloadingDevice(pair.a()) : pair.a(), clock);
        b = new InetStack(StackConfig.builder().address(B, 24).build(),
                offload ? new OffloadingDevice(pair.b()) : pair.b(), clock);
        TcpListener listener = b.tcp().listen(80, 4);
        client = a.tcp().connect(B, 80);
        for (int i = 0; i < 1_000 && client.state() != TcpState.ESTABLISHED; i++) {
            settle();
            clock.advance(1_000_000);
        }
        settle();
        server = listener.accept();
        if (server == null || client.state() != TcpState.ESTABLISHED) {
            throw new IllegalStateException("no connection: client " + client.state());
        }
        udpA = a.udp().bind(7000);
        udpB = b.udp().bind(7001);
        Arena arena = Arena.ofAuto();
        chunk = arena.allocate(CHUNK);
        sink = arena.allocate(CHUNK);
        datagram = arena.allocate(64);
        for (int i = 0; i < 200; i++) {
            tcpSegment();
            udpDatagram();
        }
        fastBefore = fast();
        slowBefore = slow();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long fast = fast() - fastBefore;
        long slow = slow() - slowBefore;
        double share = fast + slow == 0 ? 0 : (double) fast / (fast + slow);
        if (fast + slow > 0) {
            System.out.printf("%nTCP fast path: %d of %d segments (%.2f %%)%s%n", fast, fast + slow, share * 100,
                    share < 0.99 ? " -- below the 99 % bar" : "");
        }
        a.close();
        b.close();
        pair.close();
    }

    private long fast() {
        TcpLayerStats x = a.tcpLayer().stats();
        TcpLayerStats y = b.tcpLayer().stats();
        return x.fastPathSegments() + y.fastPathSegments();
    }

    private long slow() {
        TcpLayerStats x = a.tcpLayer().stats();
        TcpLayerStats y = b.tcpLayer().stats();
        return x.slowPathSegments() + y.slowPathSegments();
    }

    private void settle() {
        for (int i = 0; i < 100_000; i++) {
            if (a.poll() + b.poll() == 0) {
                return;
            }
        }
        throw new IllegalStateException("stacks never went idle");
    }

    /** 64 full segments from a to b and their ACKs back; the reader drains as data arrives. */
    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long tcpSegment() {
        int sent = 0;
        long read = 0;
        while (sent < CHUNK || read < CHUNK) {
            if (sent < CHUNK) {
                sent += client.send(chunk, sent, CHUNK - sent);
            }
            a.poll();
            b.poll();
            int n;
            while ((n = server.receive(sink, 0, CHUNK)) > 0) {
                read += n;
            }
        }
        settle();
        return read;
    }

    /** One datagram each way: two operations. */
    @Benchmark
    @OperationsPerInvocation(2)
    public int udpDatagram() {
        a.udp().sendTo(udpA, B, 7001, datagram, 0, 64);
        a.poll();
        b.poll();
        int got = udpB.receive(sink, 0, 2048);
        b.udp().sendTo(udpB, A, 7000, datagram, 0, 64);
        b.poll();
        a.poll();
        return got + udpA.receive(sink, 0, 2048);
    }
}
