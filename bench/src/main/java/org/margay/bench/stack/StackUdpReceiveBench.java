package org.margay.bench.stack;

import java.util.concurrent.TimeUnit;
import org.margay.fastpath.buffer.PacketBuffer;
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
 * Issue #3, UDP receive through the whole {@link org.margay.stack.InetStack}: one operation is one 64-byte datagram
 * arriving as an Ethernet frame from the device stub ({@link ScriptedDevice}): {@code poll()}'s device receive,
 * Ethernet and IPv4 checks (with {@code checksums=software}, IPv4 header and UDP checksum verification), the socket
 * lookup, the copy into the socket's queue, and the application's {@code receive} copying it out. 64 frames per
 * invocation, in bursts of 32; they were sent once by a peer stack and are re-queued, unchanged, each invocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StackUdpReceiveBench {
    static final int BATCH = 64;
    static final int PAYLOAD = 64;

    /** {@code software}: the stack verifies every checksum; {@code offload}: the device would. */
    @Param({"software", "offload"})
    public String checksums;

    private StackPair pair;
    private PacketBuffer[] frames;
    private long datagrams;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() {
        pair = new StackPair(!"software".equals(checksums));
        for (int i = 0; i < BATCH; i++) {
            if (pair.peer.udp().sendTo(pair.peerUdp, StackPair.STACK_IP, StackPair.STACK_UDP_PORT, pair.data, 0,
                    PAYLOAD) != 0) {
                throw new IllegalStateException("the peer could not send");
            }
        }
        pair.peer.poll();
        frames = pair.takeFromPeer();
        if (frames.length != BATCH) {
            throw new IllegalStateException("the peer sent " + frames.length + " frames, not " + BATCH);
        }
        pair.script();
        for (int i = 0; i < 500; i++) {
            prepare();
            segments();
        }
        if (datagrams != 500L * BATCH) {
            throw new IllegalStateException("received " + datagrams + " datagrams of " + 500 * BATCH + "; "
                    + pair.stack.stats());
        }
        datagrams = 0;
        invocations = 0;
    }

    /** Not timed: the batch waits in the stub's RX queue. */
    @Setup(Level.Invocation)
    public void prepare() {
        for (PacketBuffer f : frames) {
            pair.device.inject(f);
        }
        invocations++;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long segments() {
        StackPair p = pair;
        long got = 0;
        while (p.device.pending() > 0) {
            p.stack.poll();
            while (p.udp.receive(p.readBuffer, 0, 2048) >= 0) {
                got++;
            }
        }
        datagrams += got;
        return got;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%nStackUdpReceiveBench %s: %d datagrams for %d sent%n", checksums, datagrams,
                invocations * BATCH);
        if (datagrams != invocations * BATCH) {
            throw new IllegalStateException("datagrams lost; " + pair.stack.stats());
        }
        pair.close();
    }
}
