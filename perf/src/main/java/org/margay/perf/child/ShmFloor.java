package org.margay.perf.child;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;
import org.margay.perf.Latencies;

/**
 * The shared-memory floor: the cheapest 64-byte ping-pong two JVMs can do, with no stack, no framing and no ring:
 * one mapped page of a file in {@code /dev/shm}, a request slot and a response slot (each a sequence number and 64
 * bytes, on their own 128-byte blocks). The client writes the payload then publishes the sequence number with a
 * release store; the server spins on it with acquire loads, copies the payload into the response slot and
 * publishes it the same way. A round trip is therefore two cache-line handoffs between the vCPUs plus the copies:
 * what {@code shm:} device traffic cannot beat.
 */
final class ShmFloor {
    private static final long FILE_BYTES = 4096;
    private static final long REQUEST_SEQ = 0;
    private static final long REQUEST_DATA = 64;
    private static final long RESPONSE_SEQ = 256;
    private static final long RESPONSE_DATA = 320;
    private static final long STOP = -1;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private ShmFloor() {
    }

    private static MemorySegment map(Path file, boolean create, Arena arena) throws IOException {
        try (FileChannel ch = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (create) {
                ch.write(java.nio.ByteBuffer.allocate(1), FILE_BYTES - 1);
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES, arena);
        }
    }

    static void server(ChildArgs a) throws IOException {
        Path file = Path.of(a.get("file"));
        int size = a.intValue("size", 64);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = map(file, true, arena);
            Report.ready();
            long expected = 1;
            long deadline = System.nanoTime() + a.longValue("timeout", 60) * 1_000_000_000L;
            int spins = 0;
            while (true) {
                long seq = (long) LONG.getAcquire(m, REQUEST_SEQ);
                if (seq == STOP) {
                    break;
                }
                if (seq != expected) {
                    Thread.onSpinWait();
                    if (++spins == 1 << 20) {
                        spins = 0;
                        if (System.nanoTime() > deadline) {
                            break;
                        }
                    }
                    continue;
                }
                MemorySegment.copy(m, REQUEST_DATA, m, RESPONSE_DATA, size);
                LONG.setRelease(m, RESPONSE_SEQ, seq);
                expected++;
            }
        }
    }

    static void client(ChildArgs a) throws IOException {
        Path file = Path.of(a.get("file"));
        int size = a.intValue("size", 64);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = map(file, false, arena);
            MemorySegment payload = arena.allocate(size, 64);
            for (int i = 0; i < size; i++) {
                payload.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            MemorySegment echoed = arena.allocate(size, 64);
            Histogram h = Latencies.newHistogram();
            Commands commands = new Commands(a);
            Commands.connected();
            long seq = 0;
            Window w;
            while ((w = commands.next()) != null) {
                h.reset();
                while (true) {
                    long t0 = System.nanoTime();
                    if (w.done(t0)) {
                        break;
                    }
                    boolean measured = w.measuring(t0);
                    seq++;
                    MemorySegment.copy(payload, 0, m, REQUEST_DATA, size);
                    LONG.setRelease(m, REQUEST_SEQ, seq);
                    while ((long) LONG.getAcquire(m, RESPONSE_SEQ) != seq) {
                        Thread.onSpinWait();
                    }
                    MemorySegment.copy(m, RESPONSE_DATA, echoed, 0, size);
                    long t1 = System.nanoTime();
                    if (measured) {
                        h.recordValue(t1 - t0);
                    }
                }
                Report.result("hist", Latencies.encode(h));
                Report.result("warmup_ms", w.warmupMillis());
                Commands.done();
            }
            LONG.setRelease(m, REQUEST_SEQ, STOP);
        }
    }
}
