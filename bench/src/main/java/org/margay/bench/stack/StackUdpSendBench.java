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
 * Issue #3, UDP send through the whole {@link org.margay.stack.InetStack}: one operation is one 64-byte datagram:
 * {@code UdpApi.sendTo} builds the frame (buffer from the device's pool, UDP header and payload copy, with
 * {@code checksums=software} the UDP checksum, IPv4 header and its checksum, Ethernet header with the next hop's MAC
 * from the ARP cache) and queues it; the transmit burst goes to the device stub ({@link ScriptedDevice}) every 32
 * frames, and one {@code poll()} per 64 datagrams flushes the rest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StackUdpSendBench {
    static final int BATCH = 64;
    static final int PAYLOAD = 64;

    /** {@code software}: the stack computes every checksum; {@code offload}: the device would. */
    @Param({"software", "offload"})
    public String checksums;

    private StackPair pair;
    private long sentBefore;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() {
        pair = new StackPair(!"software".equals(checksums));
        pair.script();
        for (int i = 0; i < 500; i++) {
            segments();
        }
        if (pair.device.transmitted() != 500L * BATCH) {
            throw new IllegalStateException("sent " + pair.device.transmitted() + " frames for " + 500 * BATCH
                    + " datagrams; " + pair.stack.stats());
        }
        sentBefore = pair.device.transmitted();
        invocations = 0;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int segments() {
        StackPair p = pair;
        int errors = 0;
        for (int i = 0; i < BATCH; i++) {
            errors |= p.stack.udp().sendTo(p.udp, StackPair.PEER_IP, StackPair.PEER_UDP_PORT, p.data, 0, PAYLOAD);
        }
        p.stack.poll();
        invocations++;
        return errors;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long sent = pair.device.transmitted() - sentBefore;
        System.out.printf("%nStackUdpSendBench %s: %d frames for %d datagrams%n", checksums, sent,
                invocations * BATCH);
        if (sent != invocations * BATCH) {
            throw new IllegalStateException("datagrams not sent; " + pair.stack.stats());
        }
        pair.close();
    }
}
