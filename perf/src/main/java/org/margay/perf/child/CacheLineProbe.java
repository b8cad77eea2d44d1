package org.margay.perf.child;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;

/**
 * The placement probe: two threads, pinned to CPUs {@code a} and {@code b}, bounce one cache line: the first
 * writes odd numbers and waits for the next even one, the second the reverse. Every handoff moves the line from
 * one core's cache to the other's, so the time per handoff says where the host placed the two vCPUs at this moment
 * (on this machine kind about 120 ns "near" or 500 ns "far"). Prints {@code RESULT crossing_ns N}.
 */
final class CacheLineProbe {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private CacheLineProbe() {
    }

    static void run(ChildArgs a) throws InterruptedException {
        int cpuA = a.intValue("a", 0);
        int cpuB = a.intValue("b", 1);
        int warmup = a.intValue("warmup", 20_000);
        int rounds = a.intValue("rounds", 100_000);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment line = arena.allocate(128, 128);
            CountDownLatch pinned = new CountDownLatch(2);
            long[] elapsed = new long[1];
            boolean[] ok = new boolean[2];
            Thread second = Thread.ofPlatform().start(() -> {
                ok[1] = Affinity.pin(cpuB);
                pinned.countDown();
                bounce(line, 1, warmup + rounds);
            });
            ok[0] = Affinity.pin(cpuA);
            pinned.countDown();
            pinned.await();
            bounce(line, 0, warmup);
            long t0 = System.nanoTime();
            bounce(line, 2L * warmup, rounds);
            elapsed[0] = System.nanoTime() - t0;
            second.join();
            Report.result("pinned", ok[0] && ok[1]);
            Report.result("crossing_ns", String.format(java.util.Locale.ROOT, "%.1f", elapsed[0] / (2.0 * rounds)));
        }
    }

    /**
     * Plays one side for {@code count} exchanges starting at {@code from} (side 0 starts at an even value, side 1 at
     * an odd one): wait until the line holds my turn, then write the next value.
     */
    private static void bounce(MemorySegment line, long from, int count) {
        long mine = from;
        for (int i = 0; i < count; i++) {
            while ((long) LONG.getAcquire(line, 0L) != mine) {
                Thread.onSpinWait();
            }
            LONG.setRelease(line, 0L, mine + 1);
            mine += 2;
        }
    }
}
