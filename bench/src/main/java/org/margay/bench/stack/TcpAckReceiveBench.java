package org.margay.bench.stack;

import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #3, pure-ACK receive on the sender, engine alone: one operation is one pure ACK (timestamps option,
 * acknowledging two 1448-byte segments, as a delayed-ACK receiver sends) handed to {@code TcpLayer.onSegment}, plus
 * the layer's poll once per 32 ACKs. Included: demultiplexing, header prediction, RTT sampling from the timestamp
 * echo, the congestion controller's per-ACK step (CUBIC), freeing the acknowledged bytes of the send ring, timer
 * re-arming. Each invocation's set-up (not timed) writes and emits the 64 segments the batch acknowledges.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TcpAckReceiveBench {
    static final int SEGMENTS = 64;
    static final int MSS = 1448;
    static final int ACKS = SEGMENTS / 2;

    private EnginePair pair;
    private HeaderWritingSink acks;
    private HeaderWritingSink discard;
    private final TcpSegment view = new TcpSegment();
    private FastPathShare share;

    @Setup(Level.Trial)
    public void setUp() {
        pair = new EnginePair();
        acks = new HeaderWritingSink(ACKS);
        discard = new HeaderWritingSink(1);
        AckTemplate.capture(pair, acks, ACKS);
        share = new FastPathShare(pair.client.stats());
        for (int i = 0; i < 500; i++) {
            prepare();
            acks();
        }
        share.require("TcpAckReceiveBench set-up");
        share.mark();
    }

    /** Not timed: the application writes 64 segments' worth and the engine emits them; the ACKs are numbered. */
    @Setup(Level.Invocation)
    public void prepare() {
        EnginePair p = pair;
        int sent = p.client.send(p.data, 0, SEGMENTS * MSS);
        long before = discard.emitted();
        p.clientLayer.poll(p.now, discard);
        if (sent != SEGMENTS * MSS || discard.emitted() - before != SEGMENTS) {
            throw new IllegalStateException("wrote " + sent + ", emitted " + (discard.emitted() - before) + ": "
                    + p.client);
        }
        p.now += EnginePair.RTT_NANOS; // the ACKs arrive one round trip later
        int ack = p.client.sndUna();
        MemorySegment m = acks.memory();
        for (int i = 0; i < ACKS; i++) {
            ack += 2 * MSS;
            view.wrap(m, acks.offset(i), acks.length(i)).sequenceNumber(p.server.sndNxt()).acknowledgmentNumber(ack);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ACKS)
    public int acks() {
        EnginePair p = pair;
        for (int i = 0; i < ACKS; i++) {
            view.wrap(acks.memory(), acks.offset(i), acks.length(i));
            p.clientLayer.onSegment(p.now, EnginePair.SERVER_IP, EnginePair.CLIENT_IP, view);
        }
        return p.clientLayer.poll(p.now, discard);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pair.client.sndUna() != pair.client.sndNxt()) {
            throw new IllegalStateException("not everything was acknowledged: " + pair.client);
        }
        share.report("TcpAckReceiveBench");
    }
}
