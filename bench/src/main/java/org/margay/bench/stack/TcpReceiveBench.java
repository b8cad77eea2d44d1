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
 * Issue #3, TCP receive fast path of the engine alone: one operation is one in-order data segment (with the
 * timestamps option) handed to {@code TcpLayer.onSegment} as the IP layer would (a {@link TcpSegment} view over a
 * segment whose checksum is taken as verified), the application reading its bytes out of the receive ring at once,
 * and the layer's poll once per 32 segments emitting the ACKs due (one per two full segments) into a
 * {@link HeaderWritingSink}. Included: demultiplexing (4-tuple hash), header prediction, the copy into the receive
 * ring, the copy out to the application, ACK generation. Not included: Ethernet/IPv4, the checksum (see
 * {@link ChecksumBench}), a device.
 *
 * <p>The 64 segments of a batch were emitted once by the peer engine; each invocation's set-up only rewrites their
 * sequence numbers to continue from RCV.NXT. The set-up fails unless ≥ 99 % of segments take the fast path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TcpReceiveBench {
    static final int BATCH = 64;
    static final int BURST = 32;

    /** TCP payload bytes per segment: a full Ethernet segment with timestamps (1448) or a small one (64). */
    @Param({"1448", "64"})
    public int payload;

    private EnginePair pair;
    private HeaderWritingSink templates;
    private HeaderWritingSink acks;
    private final TcpSegment view = new TcpSegment();
    private FastPathShare share;
    private long bytesBefore;

    @Setup(Level.Trial)
    public void setUp() {
        pair = new EnginePair();
        templates = new HeaderWritingSink(BATCH);
        acks = new HeaderWritingSink(1);
        for (int i = 0; i < BATCH; i++) {
            pair.client.send(pair.data, 0, payload);
            pair.clientLayer.poll(pair.now, templates);
        }
        if (templates.count() != BATCH || templates.length(BATCH - 1) != 32 + payload) {
            throw new IllegalStateException("expected " + BATCH + " segments of " + payload + " bytes, got "
                    + templates.count() + " (last " + templates.length(templates.count() - 1) + " bytes)");
        }
        share = new FastPathShare(pair.server.stats());
        for (int i = 0; i < 500; i++) {
            prepare();
            segments();
        }
        share.require("TcpReceiveBench set-up, payload " + payload);
        share.mark();
        bytesBefore = pair.server.stats().bytesIn();
    }

    /** Rewrites the batch's sequence numbers to continue from RCV.NXT (and moves time on by 1 µs). */
    @Setup(Level.Invocation)
    public void prepare() {
        pair.now += 1_000;
        int seq = pair.server.rcvNxt();
        for (int i = 0; i < BATCH; i++) {
            view.wrap(templates.memory(), templates.offset(i), templates.length(i)).sequenceNumber(seq);
            seq += payload;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int segments() {
        EnginePair p = pair;
        int read = 0;
        for (int i = 0; i < BATCH; i++) {
            view.wrap(templates.memory(), templates.offset(i), templates.length(i));
            p.serverLayer.onSegment(p.now, EnginePair.CLIENT_IP, EnginePair.SERVER_IP, view);
            read += p.server.receive(p.readBuffer, 0, 2048);
            if ((i & (BURST - 1)) == BURST - 1) {
                p.serverLayer.poll(p.now, acks);
            }
        }
        return read;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long bytes = pair.server.stats().bytesIn() - bytesBefore;
        if (bytes != share.total() * payload) {
            throw new IllegalStateException("received " + bytes + " bytes for " + share.total() + " segments");
        }
        share.report("TcpReceiveBench payload " + payload);
    }
}
