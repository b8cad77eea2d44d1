package org.margay.fastpath.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;

class ArenaMemoryManagerTest {
    private final List<MemoryManager> managers = new ArrayList<>();

    private ArenaMemoryManager small() {
        // frames: 8 x 256 B (headroom 32: 224 B of data in the first segment); jumbo: 4 x 1024 B.
        ArenaMemoryManager manager = ArenaMemoryManager.builder("t").headroom(32).frames(8, 256).jumbo(4, 1024)
                .trackLeaks(true).build();
        managers.add(manager);
        return manager;
    }

    @AfterEach
    void noLeaks() {
        for (MemoryManager manager : managers) {
            try {
                manager.assertNoLeaks();
            } finally {
                manager.close();
            }
        }
    }

    @Test
    void defaultsHoldStandardAndJumboFrames() {
        ArenaMemoryManager manager = ArenaMemoryManager.builder("defaults").build();
        managers.add(manager);
        assertEquals(2, manager.pools().size());
        assertEquals(ArenaMemoryManager.DEFAULT_HEADROOM, manager.headroom());
        assertSame(manager.pools().get(0), manager.pool());
        PacketBuffer frame = manager.allocate(1518);
        assertEquals(1, frame.segmentCount());
        assertEquals(ArenaMemoryManager.DEFAULT_FRAME_BUFFER_SIZE, frame.capacity());
        PacketBuffer jumbo = manager.allocate(9018);
        assertEquals(1, jumbo.segmentCount());
        assertEquals(ArenaMemoryManager.DEFAULT_JUMBO_BUFFER_SIZE, jumbo.capacity());
        PacketBuffer large = manager.allocate(1 << 20); // far above Demikernel's 64 KiB sgaalloc cap
        assertEquals(1 << 20, large.frameLength());
        frame.release();
        jumbo.release();
        large.release();
    }

    @Test
    void smallSizesGetOneBufferFromTheSmallestTierThatFits() {
        ArenaMemoryManager manager = small();
        PacketBuffer empty = manager.allocate(0);
        assertEquals(0, empty.frameLength());
        assertEquals(32, empty.headroom());
        PacketBuffer frame = manager.allocate(224);
        assertEquals(256, frame.capacity());
        assertEquals(224, frame.length());
        assertEquals(32, frame.start());
        PacketBuffer mid = manager.allocate(225);
        assertEquals(1024, mid.capacity(), "one jumbo buffer rather than a chain");
        assertEquals(1, mid.segmentCount());
        empty.release();
        frame.release();
        mid.release();
        assertEquals(3, manager.stats().allocations());
    }

    @Test
    void largeSizesGetAChainOfTheLargestBuffersHeadroomOnlyInFront() {
        ArenaMemoryManager manager = small();
        int size = 992 + 1024 + 500;
        PacketBuffer chain = manager.allocate(size);
        assertEquals(size, chain.frameLength());
        assertEquals(3, chain.segmentCount());
        assertEquals(32, chain.headroom());
        assertEquals(992, chain.length());
        assertEquals(0, chain.next().headroom());
        assertEquals(1024, chain.next().length());
        assertEquals(500, chain.next().next().length());
        assertEquals(3, manager.outstanding());
        chain.release();
        assertEquals(0, manager.outstanding(), "releasing the head returns the whole chain");
        assertEquals(1, manager.stats().chains());
    }

    @Test
    void fallsBackToSmallerBuffersWhenTheLargeTierRunsDry() {
        ArenaMemoryManager manager = small();
        List<PacketBuffer> jumbos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jumbos.add(manager.allocate(900));
        }
        PacketBuffer chain = manager.allocate(700);
        assertNotNull(chain);
        assertEquals(256, chain.capacity());
        assertEquals(700, chain.frameLength());
        assertEquals(3, chain.segmentCount(), "224 + 256 + 220");
        chain.release();
        jumbos.forEach(PacketBuffer::release);
    }

    @Test
    void exhaustionAnswersNullAndHoldsNothingBack() {
        ArenaMemoryManager manager = small();
        List<PacketBuffer> jumbos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jumbos.add(manager.allocate(900));
        }
        PacketBuffer hog = manager.allocate(224 + 7 * 256 - 10); // one jumbo left: a chain of all 8 frames
        assertEquals(8, hog.segmentCount());
        assertEquals(256, hog.capacity());
        int before = manager.outstanding();
        assertNull(manager.allocate(992 + 1024), "needs two jumbos, one is left, frames are gone");
        assertEquals(before, manager.outstanding(), "no partial chain kept");
        assertEquals(1, manager.allocationFailures());
        PacketBuffer last = manager.allocate(50); // the one jumbo still serves a small size
        assertEquals(1024, last.capacity());
        assertNull(manager.allocate(1));
        assertEquals(2, manager.stats().failures());
        assertThrows(IllegalArgumentException.class, () -> manager.allocate(-1));
        assertThrows(IllegalArgumentException.class, () -> manager.allocate(manager.maxAllocation() + 1));
        hog.release();
        last.release();
        jumbos.forEach(PacketBuffer::release);
    }

    @Test
    void maxAllocationIsWhatOneTierCanHoldWhenEmpty() {
        ArenaMemoryManager manager = small();
        assertEquals(Math.max(224 + 7 * 256, 992 + 3 * 1024), manager.maxAllocation());
        PacketBuffer all = manager.allocate(manager.maxAllocation());
        assertEquals(manager.maxAllocation(), all.frameLength());
        all.release();
    }

    @Test
    void freeProtectionReturnsMemoryOnlyAtTheLastRelease() {
        ArenaMemoryManager manager = small();
        PacketBuffer element = manager.allocate(100);
        element.segment().set(ValueLayout.JAVA_BYTE, element.start(), (byte) 0x5A);
        PacketBuffer heldByDevice = element.retain(); // the device (or retransmission queue) takes a reference
        element.release();                            // the application frees right after push
        assertEquals(1, manager.outstanding(), "still held by the device");
        assertEquals((byte) 0x5A, heldByDevice.segment().get(ValueLayout.JAVA_BYTE, heldByDevice.start()));
        heldByDevice.release();                       // transmit completed
        assertEquals(0, manager.outstanding());
        assertThrows(IllegalStateException.class, heldByDevice::release, "a third release is misuse");
    }

    @Test
    void freeProtectionHoldsAChainSegmentTheDeviceStillUses() {
        ArenaMemoryManager manager = small();
        PacketBuffer chain = manager.allocate(992 + 1024 + 10);
        PacketBuffer middle = chain.next().retain();
        chain.release();
        assertEquals(2, manager.outstanding(), "the middle segment and the one behind it");
        middle.release();
        assertEquals(0, manager.outstanding());
    }

    @Test
    void headersArePrependedIntoTheHeadroomWithoutCopying() {
        ArenaMemoryManager manager = small();
        PacketBuffer buffer = manager.allocate(64);
        MemorySegment memory = buffer.segment();
        long address = memory.address();
        for (int i = 0; i < 64; i++) {
            memory.set(ValueLayout.JAVA_BYTE, buffer.start() + i, (byte) i);
        }
        int header = buffer.prepend(20);
        assertEquals(12, header);
        memory.set(ValueLayout.JAVA_BYTE, header, (byte) 0x45);
        assertEquals(84, buffer.length());
        assertEquals(address, buffer.segment().address(), "same memory");
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) i, memory.get(ValueLayout.JAVA_BYTE, 32 + i), "payload untouched");
        }
        buffer.release();
    }

    @Test
    void leakReportNamesTheAllocationSite() {
        ArenaMemoryManager manager = ArenaMemoryManager.builder("leaky").frames(4, 256).headroom(16).jumbo(0, 0)
                .trackLeaks(true).build();
        PacketBuffer leaked = leakyAllocationSite(manager);
        BufferLeakError error = assertThrows(BufferLeakError.class, manager::assertNoLeaks);
        assertTrue(error.getMessage().contains("leakyAllocationSite"), error.getMessage());
        assertTrue(error.getMessage().contains("leaky/frames"), error.getMessage());
        leaked.release();
        manager.assertNoLeaks();
        manager.close();
    }

    private static PacketBuffer leakyAllocationSite(MemoryManager manager) {
        return manager.allocate(10);
    }

    @Test
    void worksOverAnyPools() {
        ArenaBufferPool a = new ArenaBufferPool("a", 2, 512, 0, true);
        ArenaBufferPool b = new ArenaBufferPool("b", 2, 128, 0, true);
        ArenaMemoryManager manager = new ArenaMemoryManager("custom", List.of(a, b));
        managers.add(manager);
        assertSame(b, manager.pool(), "smallest buffers first");
        PacketBuffer buffer = manager.allocate(128);
        assertEquals(128, buffer.capacity());
        buffer.release();
        assertThrows(IllegalArgumentException.class, () -> new ArenaMemoryManager("none", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> ArenaMemoryManager.builder("bad").headroom(300).frames(1, 256).build());
    }

    @Test
    void allocatingAndReleasingAllocatesNothing() {
        ArenaMemoryManager manager = ArenaMemoryManager.builder("quiet").headroom(32).frames(8, 256).jumbo(4, 1024)
                .trackLeaks(false).build();
        managers.add(manager);
        AllocationMeter meter = AllocationMeter.currentThread();
        int rounds = 100_000;
        long sum = cycle(manager, rounds);
        long before = meter.allocatedBytes();
        sum += cycle(manager, rounds);
        long allocated = meter.allocatedBytes() - before;
        assertTrue(sum > 0);
        assertTrue(allocated < rounds / 10, allocated + " bytes in " + rounds + " rounds");
    }

    private static long cycle(MemoryManager manager, int rounds) {
        long sum = 0;
        for (int i = 0; i < rounds; i++) {
            PacketBuffer buffer = manager.allocate((i * 131) % 3000);
            sum += buffer.segmentCount();
            buffer.release();
        }
        return sum;
    }
}
