package org.margay.bench.stack;

import java.util.concurrent.TimeUnit;
import org.margay.net.tcp.TcpSegment;
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
 * Issue #3, TCP transmit fast path of the engine alone: one operation is one segment: the application writes
 * {@code payload} bytes ({@code TcpConnection.send}: copy into the send ring) and {@code TcpLayer.poll} emits one
 * segment into a {@link HeaderWritingSink} that writes the TCP header and timestamps option and copies the payload
 * into one reused buffer (no checksum: see {@link ChecksumBench}; no IP, no device). Included: the send path's
 * window and congestion checks, segment sizing, RTT/RACK bookkeeping per segment sent, timer arming, the ready list.
 * Each invocation's set-up (not timed) feeds one cumulative ACK for the previous batch, through the fast path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TcpTransmitBench {
    static final int BATCH = 64;

    /** TCP payload bytes per segment. */
    @Param({"1448", "64"})
    public int payload;

    private EnginePair pair;
    private HeaderWritingSink ack;
    private HeaderWritingSink out;
    private final TcpSegment view = new TcpSegment();
    private FastPathShare share;
    private long emittedBefore;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() {
        pair = new EnginePair();
        ack = new HeaderWritingSink(1);
        out = new HeaderWritingSink(1);
        AckTemplate.capture(pair, ack, 1);
        share = new FastPathShare(pair.client.stats());
        for (int i = 0; i < 500; i++) {
            prepare();
            long before = out.emitted();
            segments();
            if (Boolean.getBoolean("margay.bench.debug") && out.emitted() - before != BATCH) {
                System.out.println(i + ": emitted " + (out.emitted() - before) + " " + pair.client + " cc=" + pair.client.congestionControl() + " sndWnd=" + pair.client.sndWnd() + " " + pair.client.stats());
            }
        }
        if (out.emitted() != 500L * BATCH) {
            throw new IllegalStateException("emitted " + out.emitted() + " segments for " + 500 * BATCH + " writes");
        }
        share.require("TcpTransmitBench set-up (the ACKs), payload " + payload);
        share.mark();
        emittedBefore = out.emitted();
        invocations = 0;
    }

    /** Not timed: one cumulative ACK for everything in flight, one RTT later, so the window is open again. */
    @Setup(Level.Invocation)
    public void prepare() {
        EnginePair p = pair;
        p.now += EnginePair.RTT_NANOS; // the ACK for the previous batch arrives one round trip after it
        if (p.client.sndUna() != p.client.sndNxt()) {
            view.wrap(ack.memory(), ack.offset(0), ack.length(0)).sequenceNumber(p.server.sndNxt())
                    .acknowledgmentNumber(p.client.sndNxt());
            p.clientLayer.onSegment(p.now, EnginePair.SERVER_IP, EnginePair.CLIENT_IP, view);
        }
        invocations++;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long segments() {
        EnginePair p = pair;
        for (int i = 0; i < BATCH; i++) {
            p.client.send(p.data, 0, payload);
            p.clientLayer.poll(p.now, out);
        }
        return out.emitted();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long emitted = out.emitted() - emittedBefore;
        System.out.printf("%nTcpTransmitBench payload %d: %d segments emitted for %d writes%n", payload, emitted,
                invocations * BATCH);
        if (emitted != invocations * BATCH) {
            throw new IllegalStateException("a write did not become exactly one segment");
        }
        share.report("TcpTransmitBench payload " + payload + " (the ACKs)");
    }
}
