package org.margay.fastpath.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margay.fastpath.testing.NoBufferLeaks;

class PacketBufferTest {
    @RegisterExtension
    final NoBufferLeaks leaks = new NoBufferLeaks();

    private final BufferPool pool = leaks.track(new ArenaBufferPool("t", 8, 256, 64, true));

    @Test
    void freshBufferHasAnEmptyWindowAtTheHeadroom() {
        PacketBuffer buffer = pool.allocate();
        assertEquals(64, buffer.start());
        assertEquals(64, buffer.end());
        assertEquals(0, buffer.length());
        assertEquals(64, buffer.headroom());
        assertEquals(192, buffer.tailroom());
        assertEquals(256, buffer.capacity());
        assertEquals(1, buffer.refCount());
        assertNull(buffer.next());
        assertFalse(buffer.hasTimestamp());
        assertEquals(0, buffer.offloadFlags());
        buffer.release();
    }

    @Test
    void headersArePrependedInTheHeadroomWithoutMovingThePayload() {
        PacketBuffer buffer = pool.allocate();
        int payloadAt = buffer.append(4);
        buffer.segment().set(ValueLayout.JAVA_INT_UNALIGNED, payloadAt, 0xCAFEBABE);
        int tcpAt = buffer.prepend(20);
        int ipAt = buffer.prepend(20);
        int ethAt = buffer.prepend(14);
        assertEquals(44, tcpAt);
        assertEquals(24, ipAt);
        assertEquals(10, ethAt);
        assertEquals(58, buffer.length());
        assertEquals(0xCAFEBABE, buffer.segment().get(ValueLayout.JAVA_INT_UNALIGNED, payloadAt));
        assertEquals(24, buffer.trimFront(14));
        assertEquals(44, buffer.trimFront(20));
        assertEquals(66, buffer.trimBack(2));
        assertEquals(22, buffer.length());
        assertEquals(22, buffer.data().byteSize());
        buffer.reset(0);
        assertEquals(0, buffer.length());
        assertEquals(256, buffer.tailroom());
        buffer.release();
    }

    @Test
    void windowMovesOutsideTheSlotAreRefused() {
        PacketBuffer buffer = pool.allocate();
        IllegalArgumentException tooMuch = assertThrows(IllegalArgumentException.class, () -> buffer.prepend(65));
        assertTrue(tooMuch.getMessage().contains("headroom is 64"), tooMuch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> buffer.append(193));
        assertThrows(IllegalArgumentException.class, () -> buffer.trimFront(1));
        assertThrows(IllegalArgumentException.class, () -> buffer.trimBack(1));
        assertThrows(IllegalArgumentException.class, () -> buffer.prepend(-1));
        assertThrows(IllegalArgumentException.class, () -> buffer.reset(257));
        assertEquals(0, buffer.length(), "a refused move leaves the window alone");
        buffer.release();
    }

    @Test
    void memoryReturnsOnlyWhenTheLastHolderReleases() {
        PacketBuffer buffer = pool.allocate();
        assertSame(buffer, buffer.retain());
        assertEquals(2, buffer.refCount());
        assertFalse(buffer.release());
        assertEquals(1, pool.outstanding(), "still held by the second holder");
        buffer.append(10); // the second holder can still use it
        assertTrue(buffer.release());
        assertEquals(0, pool.outstanding());
        assertFalse(buffer.isLive());
    }

    @Test
    void releaseBelowZeroAndUseAfterFreeThrowClearly() {
        PacketBuffer buffer = pool.allocate();
        buffer.release();
        IllegalStateException twice = assertThrows(IllegalStateException.class, buffer::release);
        assertTrue(twice.getMessage().contains("released after it was freed"), twice.getMessage());
        assertTrue(twice.getMessage().contains("t#"), "names the pool and slot: " + twice.getMessage());
        IllegalStateException use = assertThrows(IllegalStateException.class, buffer::segment);
        assertTrue(use.getMessage().contains("use after free"), use.getMessage());
        assertThrows(IllegalStateException.class, buffer::retain);
        assertThrows(IllegalStateException.class, () -> buffer.append(1));
        assertThrows(IllegalStateException.class, () -> buffer.prepend(1));
        assertEquals(0, pool.outstanding(), "the failed release changed nothing");
    }

    @Test
    void generationTellsAReusedSlotFromTheOriginal() {
        PacketBuffer first = pool.allocate();
        int generation = first.generation();
        first.release();
        PacketBuffer again = pool.allocate();
        assertSame(first, again, "LIFO free list hands the warm slot back");
        assertEquals(generation + 1, again.generation());
        again.release();
    }

    @Test
    void claimingALiveBufferIsRefused() {
        PacketBuffer buffer = pool.allocate();
        assertThrows(IllegalStateException.class, () -> buffer.claim(0));
        buffer.release();
    }

    @Test
    void theHeadOwnsItsChain() {
        PacketBuffer head = pool.allocate();
        PacketBuffer middle = pool.allocate();
        PacketBuffer tail = pool.allocate();
        fill(head, 3, 1);
        fill(middle, 5, 10);
        fill(tail, 2, 20);
        head.next(middle);
        middle.next(tail);
        assertEquals(10, head.frameLength());
        assertEquals(3, head.segmentCount());

        PacketBuffer flat = pool.allocate();
        flat.reset(0);
        assertEquals(10, head.copyTo(flat));
        byte[] expected = {1, 2, 3, 10, 11, 12, 13, 14, 20, 21};
        assertEquals(expected.length, flat.length());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], flat.segment().get(ValueLayout.JAVA_BYTE, i));
        }
        MemorySegment plain = MemorySegment.ofArray(new byte[10]);
        assertEquals(10, head.copyTo(plain, 0));
        assertEquals(21, plain.get(ValueLayout.JAVA_BYTE, 9));

        tail.retain(); // someone else keeps the last segment
        assertTrue(head.release());
        assertFalse(middle.isLive());
        assertTrue(tail.isLive());
        assertEquals(2, pool.outstanding());
        tail.release();
        flat.release();
    }

    @Test
    void chainingToItselfIsRefused() {
        PacketBuffer buffer = pool.allocate();
        assertThrows(IllegalArgumentException.class, () -> buffer.next(buffer));
        buffer.release();
    }

    @Test
    void metadataIsResetOnEachAllocation() {
        PacketBuffer buffer = pool.allocate();
        buffer.timestamp(42);
        buffer.offloadFlags(PacketBuffer.RX_L4_CHECKSUM_GOOD);
        assertTrue(buffer.hasTimestamp());
        buffer.release();
        PacketBuffer again = pool.allocate();
        assertEquals(PacketBuffer.NO_TIMESTAMP, again.timestamp());
        assertEquals(0, again.offloadFlags());
        again.release();
    }

    private static void fill(PacketBuffer buffer, int n, int first) {
        int at = buffer.append(n);
        for (int i = 0; i < n; i++) {
            buffer.segment().set(ValueLayout.JAVA_BYTE, at + i, (byte) (first + i));
        }
    }
}
