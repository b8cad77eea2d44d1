package org.margay.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;

/**
 * The dissection is the hot path: it must not allocate per packet. Counts the bytes this thread allocates while
 * dissecting every test frame many times (a memory count, not a timing).
 */
class DissectorAllocationTest {

    @Test
    void dissectingAllocatesNothingPerPacket() {
        AllocationMeter threads = AllocationMeter.currentThread();
        List<MemorySegment> frames = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        for (TestVectors.Frame f : TestVectors.ETHERNET) {
            frames.add(MemorySegment.ofArray(Captures.bytes(f)));
            lengths.add(f.originalLength());
        }
        int count = frames.size();
        MemorySegment[] segments = frames.toArray(MemorySegment[]::new);
        long[] originals = new long[count];
        for (int i = 0; i < count; i++) {
            originals[i] = lengths.get(i);
        }
        Dissector dissector = new Dissector();
        long sink = 0;
        for (int round = 0; round < 2_000; round++) {
            sink += dissectAll(dissector, segments, originals);
        }
        long before = threads.allocatedBytes();
        int rounds = 4_000;
        for (int round = 0; round < rounds; round++) {
            sink += dissectAll(dissector, segments, originals);
        }
        long allocated = threads.allocatedBytes() - before;
        long packets = (long) rounds * count;
        assertTrue(sink != 42, "keep the work");
        assertTrue(allocated < packets / 8,
                allocated + " bytes allocated while dissecting " + packets + " packets");
    }

    private static long dissectAll(Dissector dissector, MemorySegment[] segments, long[] originals) {
        long sum = 0;
        for (int i = 0; i < segments.length; i++) {
            Dissection d = dissector.dissect(1, segments[i], 0, (int) segments[i].byteSize(), originals[i]);
            sum += d.transport().ordinal() + d.transportChecksum().ordinal() + d.networkCaptured();
        }
        return sum;
    }
}
