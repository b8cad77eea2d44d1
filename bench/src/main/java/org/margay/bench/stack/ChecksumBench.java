package org.margay.bench.stack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.margay.net.common.InternetChecksum;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #3, context: the Internet checksum ({@link InternetChecksum#sum}) over the transport lengths the stack
 * benchmarks use: a TCP segment with the timestamps option and 1448 or 64 payload bytes (1480, 96), and a UDP
 * datagram with 64 payload bytes (72). A stack without checksum offload pays it once on transmit and once on
 * receive per segment; it is the floor under the software-checksum rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ChecksumBench {
    /** Bytes summed (transport header + payload). */
    @Param({"1480", "96", "72"})
    public int length;

    private MemorySegment bytes;

    @Setup
    public void setUp() {
        bytes = Arena.ofAuto().allocate(2048, 64);
        for (int i = 0; i < 2048; i++) {
            bytes.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + 7));
        }
    }

    @Benchmark
    public int checksum() {
        return InternetChecksum.sum(bytes, 14 + 20, length);
    }
}
