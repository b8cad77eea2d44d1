package org.margay.pdpix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferLeakGuard;
import org.margay.fastpath.buffer.PacketBuffer;

class SgaPoolTest {
    /** 256-byte buffers, 32 of headroom: 224 bytes per segment. */
    private static final int SEGMENT = 224;

    private final BufferLeakGuard guard = new BufferLeakGuard();
    private final ArenaBufferPool buffers = guard.track(new ArenaBufferPool("sga-test", 64, 256, 32, true));
    private final SgaPool pool = new SgaPool("sga-test", buffers, 8);

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.outstanding(), "Sga objects still out");
        guard.close();
    }

    @Test
    void sizesAcrossSegmentBoundaries() {
        int[] sizes = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 2 * SEGMENT + 1, 15 * SEGMENT + 7, 16 * SEGMENT};
        assertEquals(16L * SEGMENT, pool.maxElement());
        for (int size : sizes) {
            Sga sga = pool.allocate(size);
            assertNotNull(sga, "size " + size);
            assertEquals(size, sga.totalLength(), "size " + size);
            int expectedSegments = Math.max(1, (size + SEGMENT - 1) / SEGMENT);
            assertEquals(expectedSegments, sga.segmentCount(), "segments for " + size);
            for (int i = 0; i < sga.segmentCount() - 1; i++) {
                assertEquals(SEGMENT, sga.segmentLength(i), "every segment but the last is full");
            }
            assertEquals(Errno.OK, pool.free(sga));
        }
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(16 * SEGMENT + 1));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(-1));
    }

    @Test
    void fillThenCopyToGivesTheBytesBack() {
        qt().withFixedSeed(4_003L).withExamples(200)
                .forAll(integers().between(1, 16 * SEGMENT), integers().between(0, 100), integers().all())
                .checkAssert((size, extra, seed) -> {
                    byte[] data = new byte[size];
                    new Random(seed).nextBytes(data);
                    int room = Math.min(16 * SEGMENT, size + extra);
                    Sga sga = pool.allocate(room);
                    sga.fill(data);
                    assertEquals((long) size, sga.totalLength(), "fill trims the element to the data");
                    assertArrayEquals(data, sga.toByteArray());
                    for (int probe = 0; probe < size; probe += 97) {
                        assertEquals(data[probe], sga.getByte(probe));
                    }
                    byte[] shorter = new byte[size / 2];
                    assertEquals(size / 2, sga.copyTo(MemorySegment.ofArray(shorter), 0), "copyTo stops at the target's end");
                    for (int i = 0; i < shorter.length; i++) {
                        assertEquals(data[i], shorter[i]);
                    }
                    assertEquals(Errno.OK, pool.free(sga));
                });
    }

    @Test
    void bytesAcrossASegmentBoundary() {
        Sga sga = pool.allocate(SEGMENT + 2);
        sga.setByte(SEGMENT - 1, (byte) 7);
        sga.setByte(SEGMENT, (byte) 8);
        assertEquals(7, sga.buffer(0).segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, sga.buffer(0).end() - 1));
        assertEquals(8, sga.getByte(SEGMENT));
        assertThrows(IndexOutOfBoundsException.class, () -> sga.getByte(SEGMENT + 2));
        assertThrows(IndexOutOfBoundsException.class, () -> sga.setByte(SEGMENT + 2, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> sga.buffer(2));
        assertThrows(IllegalArgumentException.class, () -> sga.fill(new byte[SEGMENT + 3]), "longer than the element");
        sga.fillUtf8("héllo");
        assertEquals("héllo", sga.toUtf8());
        assertEquals(1, sga.segmentCount(), "fill dropped the emptied tail segment");
        pool.free(sga);
    }

    @Test
    void doubleFreeForeignAndNullAreEinval() {
        Sga sga = pool.allocate(10);
        assertEquals(Errno.OK, pool.free(sga));
        assertEquals(Errno.EINVAL, pool.free(sga), "double free");
        assertEquals(Errno.EINVAL, pool.free(null));
        SgaPool other = new SgaPool("other", buffers, 1);
        Sga foreign = other.allocate(10);
        assertEquals(Errno.EINVAL, pool.free(foreign), "another pool's element");
        assertEquals(Errno.OK, other.free(foreign));
    }

    @Test
    void useAfterFreeThrowsAClearError() {
        Sga sga = pool.allocate(10);
        pool.free(sga);
        IllegalStateException e = assertThrows(IllegalStateException.class, sga::toByteArray);
        assertTrue(e.getMessage().contains("after sgaFree"), e.getMessage());
        assertFalse(sga.isLive());
    }

    @Test
    void exhaustionReturnsNullAndLeaksNothing() {
        Sga[] held = new Sga[8];
        for (int i = 0; i < 8; i++) {
            held[i] = pool.allocateEmpty();
            assertNotNull(held[i]);
        }
        assertNull(pool.allocate(1), "no Sga objects left");
        assertNull(pool.allocateEmpty());
        for (Sga s : held) {
            pool.free(s);
        }
        // Buffers run out midway through an element: the partial element is given back.
        SgaPool roomy = new SgaPool("roomy", buffers, 64);
        Sga big = roomy.allocate(16 * SEGMENT);     // 16 of the 64 buffers
        Sga big2 = roomy.allocate(16 * SEGMENT);
        Sga big3 = roomy.allocate(16 * SEGMENT);
        Sga big4 = roomy.allocate(16 * SEGMENT);    // all 64 out
        int before = buffers.outstanding();
        assertNull(roomy.allocate(1));
        assertEquals(before, buffers.outstanding());
        assertEquals(0, roomy.outstanding() - 4, "the failed allocation's Sga went back");
        assertEquals(1, roomy.exhaustedCount());
        for (Sga s : new Sga[] {big, big2, big3, big4}) {
            roomy.free(s);
        }
        assertEquals(2, pool.exhaustedCount());
    }

    @Test
    void appendTakesOverAReferenceAndCapsSegments() {
        Sga sga = pool.allocateEmpty();
        for (int i = 0; i < Sga.MAX_SEGMENTS; i++) {
            PacketBuffer b = buffers.allocate();
            b.append(3);
            sga.append(b);
        }
        assertEquals(3L * Sga.MAX_SEGMENTS, sga.totalLength());
        PacketBuffer extra = buffers.allocate();
        assertThrows(IllegalStateException.class, () -> sga.append(extra));
        extra.release();
        sga.retainAll();
        for (int i = 0; i < sga.segmentCount(); i++) {
            assertEquals(2, sga.buffer(i).refCount());
            sga.buffer(i).release();
        }
        sga.address(0x0A000001, 53);
        assertEquals(53, sga.addressPort());
        int generation = sga.generation();
        pool.free(sga);
        Sga again = pool.allocateEmpty();
        assertTrue(again != sga || again.generation() != generation, "a reused Sga has a new generation");
        assertEquals(0, again.addressIp(), "a reused Sga forgets its address");
        pool.free(again);
    }

    @Test
    void badConstructionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SgaPool("x", buffers, 0));
        assertThrows(NullPointerException.class, () -> new SgaPool(null, buffers, 1));
    }
}
