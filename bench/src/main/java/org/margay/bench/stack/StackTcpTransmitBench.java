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
 * Issue #3, TCP transmit through the whole {@link org.margay.stack.InetStack}: one operation is one segment: the
 * application writes {@code payload} bytes and {@code poll()} has TCP emit one segment, which the stack builds as a
 * frame (buffer from the device's pool, TCP header and timestamps option, payload copy, with
 * {@code checksums=software} the TCP checksum, IPv4 and Ethernet headers with the next hop's MAC from the ARP cache)
 * and hands to the device stub ({@link ScriptedDevice}), which releases it as a NIC's TX completion would. Each poll
 * also runs the rest of a duty cycle (an empty device receive, ARP and reassembly timers). Each invocation's set-up
 * (not timed) feeds one cumulative ACK frame for the previous batch, through the fast path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StackTcpTransmitBench {
    static final int BATCH = 64;

    /** TCP payload bytes per segment. */
    @Param({"1448", "64"})
    public int payload;

    /** {@code software}: the stack verifies and computes every checksum; {@code offload}: the device would. */
    @Param({"software", "offload"})
    public String checksums;

    private StackPair pair;
    private PacketBuffer ack;
    private boolean software;
    private FastPathShare share;
    private long sentBefore;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() {
        software = "software".equals(checksums);
        pair = new StackPair(!software);
        // The peer's pure ACK for two full segments, after its application read them (full window).
        pair.connection.send(pair.data, 0, 2 * 1448);
        pair.stack.poll();
        pair.clock.advance(EnginePair.RTT_NANOS / 2);
        pair.peer.poll();
        StackPair.drain(pair.peerConnection, pair.readBuffer);
        pair.peer.poll();
        for (PacketBuffer f : pair.takeFromPeer()) {
            if (ack == null && pair.tcpPayload(f) == 0) {
                ack = f;
            } else {
                f.release();
            }
        }
        if (ack == null) {
            throw new IllegalStateException("the peer sent no pure ACK");
        }
        pair.script();
        share = new FastPathShare(pair.connection.stats());
        for (int i = 0; i < 500; i++) {
            prepare();
            segments();
        }
        share.require("StackTcpTransmitBench set-up (the ACKs), payload " + payload + ", " + checksums);
        share.mark();
        sentBefore = pair.device.transmitted();
        invocations = 0;
    }

    /** Not timed: one round trip later, the peer's cumulative ACK for everything in flight arrives. */
    @Setup(Level.Invocation)
    public void prepare() {
        pair.clock.advance(EnginePair.RTT_NANOS);
        if (pair.connection.sndUna() != pair.connection.sndNxt()) {
            pair.patchTcp(ack, pair.connection.rcvNxt(), pair.connection.sndNxt(), software);
            pair.device.inject(ack);
            pair.stack.poll();
        }
        invocations++;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long segments() {
        StackPair p = pair;
        for (int i = 0; i < BATCH; i++) {
            p.connection.send(p.data, 0, payload);
            p.stack.poll();
        }
        return p.device.transmitted();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long sent = pair.device.transmitted() - sentBefore;
        System.out.printf("%nStackTcpTransmitBench payload %d, %s: %d frames for %d writes%n", payload, checksums,
                sent, invocations * BATCH);
        if (sent != invocations * BATCH) {
            throw new IllegalStateException("a write did not become exactly one frame; " + pair.stack.stats());
        }
        share.report("StackTcpTransmitBench payload " + payload + ", " + checksums + " (the ACKs)");
        pair.close();
    }
}
