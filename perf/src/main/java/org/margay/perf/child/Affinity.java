package org.margay.perf.child;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Pins the calling thread to one CPU with {@code sched_setaffinity(0, ...)} from libc through FFM (Linux only;
 * cold path). Used by the placement probe, whose two threads must sit on the two vCPUs the pairs run on.
 */
final class Affinity {
    private static final int MASK_BYTES = 128; // a cpu_set_t: 1024 bits
    private static final MethodHandle SET_AFFINITY = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sched_setaffinity").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private Affinity() {
    }

    /** Pins the calling thread to {@code cpu}; false when the kernel refused (no such CPU, not allowed). */
    static boolean pin(int cpu) {
        if (cpu < 0 || cpu >= MASK_BYTES * 8) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            return (int) SET_AFFINITY.invokeExact(0, (long) MASK_BYTES, mask) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
