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
 * Issue #3, TCP receive through the whole {@link org.margay.stack.InetStack}: one operation is one in-order data
 * segment (timestamps option, {@code payload} bytes) arriving as an Ethernet frame from the device stub
 * ({@link ScriptedDevice}) and read by the application: {@code poll()}'s device receive, Ethernet and IPv4 checks
 * (and, with {@code checksums=software}, IPv4 header and TCP checksum verification), the TCP fast path, the copy
 * into the receive ring and out to the application, and the stack's share of the ACKs it builds (TCP/IPv4/Ethernet
 * headers, checksum, one per two full segments) and hands to the device. 64 frames per invocation, received in
 * bursts of 32 (the stack's default burst).
 *
 * <p>The frames were sent once by a peer stack; each invocation's set-up (not timed) rewrites their sequence and
 * acknowledgment numbers and, in software mode, their TCP checksums, then queues them on the stub. The set-up fails
 * unless ≥ 99 % of segments take the fast path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StackTcpReceiveBench {
    static final int BATCH = 64;

    /** TCP payload bytes per segment. */
    @Param({"1448", "64"})
    public int payload;

    /** {@code software}: the stack verifies and computes every checksum; {@code offload}: the device would. */
    @Param({"software", "offload"})
    public String checksums;

    private StackPair pair;
    private PacketBuffer[] frames;
    private boolean software;
    private FastPathShare share;
    private long bytesBefore;

    @Setup(Level.Trial)
    public void setUp() {
        software = "software".equals(checksums);
        pair = new StackPair(!software);
        for (int i = 0; i < BATCH; i++) {
            pair.peerConnection.send(pair.data, 0, payload);
            pair.peer.poll();
        }
        frames = pair.takeFromPeer();
        if (frames.length != BATCH) {
            throw new IllegalStateException("the peer sent " + frames.length + " frames, not " + BATCH);
        }
        for (PacketBuffer f : frames) {
            if (pair.tcpPayload(f) != payload) {
                throw new IllegalStateException("a template carries " + pair.tcpPayload(f) + " bytes");
            }
        }
        pair.script();
        share = new FastPathShare(pair.connection.stats());
        for (int i = 0; i < 500; i++) {
            prepare();
            segments();
        }
        share.require("StackTcpReceiveBench set-up, payload " + payload + ", " + checksums);
        share.mark();
        bytesBefore = pair.connection.stats().bytesIn();
    }

    /** Not timed: the batch continues the byte stream from RCV.NXT and waits in the stub's RX queue. */
    @Setup(Level.Invocation)
    public void prepare() {
        pair.clock.advance(1_000);
        int seq = pair.connection.rcvNxt();
        int ack = pair.connection.sndNxt();
        for (PacketBuffer f : frames) {
            pair.patchTcp(f, seq, ack, software);
            seq += payload;
            pair.device.inject(f);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int segments() {
        StackPair p = pair;
        int read = 0;
        while (p.device.pending() > 0) {
            p.stack.poll();
            int n;
            while ((n = p.connection.receive(p.readBuffer, 0, 65536)) > 0) {
                read += n;
            }
        }
        return read;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long bytes = pair.connection.stats().bytesIn() - bytesBefore;
        if (bytes != share.total() * payload) {
            throw new IllegalStateException("received " + bytes + " bytes for " + share.total() + " segments; "
                    + pair.stack.stats());
        }
        share.report("StackTcpReceiveBench payload " + payload + ", " + checksums);
        pair.close();
    }
}
