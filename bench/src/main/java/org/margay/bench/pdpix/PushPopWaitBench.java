package org.margay.bench.pdpix;

import java.util.concurrent.TimeUnit;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.memory.MemoryLibOS;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #4: the cost of PDPIX itself on the fast path, with nothing underneath: one operation is a {@code push}
 * of a 64-byte element and a {@code pop} of it on an in-memory queue ({@link MemoryLibOS}), with a {@code wait}
 * on each token and the popped element given back with {@code sgaFree}. That is two qtokens begun and consumed,
 * the free-protected copy of the pushed element (its buffer's reference taken and dropped), and two completions.
 *
 * <ul>
 *   <li>{@code pushPopWait}: the above on a plain {@code queue()};</li>
 *   <li>{@code sgaAllocPushPopWait}: the same plus the application's own {@code sgaAlloc}/fill/{@code sgaFree}
 *       of the pushed element (a whole round of the buffer life cycle);</li>
 *   <li>{@code operatorChain}: push and pop through {@code filter(map(queue))}, the HotOS operators (each level adds
 *       an internal token and a free-protected copy per direction);</li>
 *   <li>{@code qconnectHop}: push into {@code in}, pop from {@code out}, with {@code qconnect(in, out)} forwarding
 *       in the poll loop (the pop's wait runs the duty cycle).</li>
 * </ul>
 * Run with {@code -prof gc}: every variant allocates 0 B/op in steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PushPopWaitBench {
    private static final byte[] PAYLOAD = new byte[64];

    private ArenaBufferPool buffers;
    private LibOS libos;
    private int queue;
    private int chain;
    private int in;
    private int out;
    private Sga element;
    private final QResult pushed = new QResult();
    private final QResult popped = new QResult();

    @Setup(Level.Trial)
    public void setUp() {
        buffers = new ArenaBufferPool("bench", 1024, 2048, 64, false);
        libos = new MemoryLibOS(LibOSConfig.of("memory"), buffers);
        queue = libos.queue();
        chain = libos.filter(libos.map(libos.queue(), e -> e), e -> e.totalLength() > 0);
        in = libos.queue();
        out = libos.queue();
        if (libos.qconnect(in, out) < 0) {
            throw new IllegalStateException("qconnect failed");
        }
        element = libos.sgaAlloc(PAYLOAD.length).fill(PAYLOAD);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        libos.sgaFree(element);
        libos.close();
        buffers.assertNoLeaks();
        buffers.close();
    }

    private int round(int pushQd, int popQd, Sga sga) {
        long push = libos.push(pushQd, sga);
        long pop = libos.pop(popQd);
        if (libos.wait(push, pushed, LibOS.FOREVER) != Errno.OK || libos.wait(pop, popped, LibOS.FOREVER) != Errno.OK
                || !popped.ok()) {
            throw new IllegalStateException("push/pop failed: " + pushed + " " + popped);
        }
        Sga got = popped.sga();
        int length = (int) got.totalLength();
        libos.sgaFree(got);
        return length;
    }

    @Benchmark
    public int pushPopWait() {
        return round(queue, queue, element);
    }

    @Benchmark
    public int sgaAllocPushPopWait() {
        Sga sga = libos.sgaAlloc(PAYLOAD.length);
        sga.fill(PAYLOAD);
        int length = round(queue, queue, sga);
        libos.sgaFree(sga);
        return length;
    }

    @Benchmark
    public int operatorChain() {
        return round(chain, chain, element);
    }

    @Benchmark
    public int qconnectHop() {
        return round(in, out, element);
    }
}
