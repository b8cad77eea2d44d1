package org.margay.fastpath.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.testing.NoBufferLeaks;
import org.margay.fastpath.buffer.PacketBuffer;

class PacketBurstTest {
    @RegisterExtension
    final NoBufferLeaks leaks = new NoBufferLeaks();

    private final BufferPool pool = leaks.track(new ArenaBufferPool("burst", 8, 64, 0, true));

    @Test
    void addsUpToCapacityAndRemovesFromTheFrontInOrder() {
        PacketBurst burst = new PacketBurst(4);
        PacketBuffer[] frames = new PacketBuffer[4];
        for (int i = 0; i < 4; i++) {
            frames[i] = pool.allocate();
            assertTrue(burst.add(frames[i]));
        }
        assertTrue(burst.isFull());
        PacketBuffer extra = pool.allocate();
        assertFalse(burst.add(extra), "a full burst refuses");
        extra.release();

        frames[0].release();
        frames[1].release();
        burst.removeFirst(2);
        assertEquals(2, burst.count());
        assertEquals(2, burst.freeSpace());
        assertSame(frames[2], burst.get(0));
        assertSame(frames[3], burst.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> burst.get(2));
        assertThrows(IllegalArgumentException.class, () -> burst.removeFirst(3));

        burst.releaseAll();
        assertTrue(burst.isEmpty());
        assertEquals(0, pool.outstanding());
    }

    @Test
    void clearForgetsWithoutReleasing() {
        PacketBurst burst = new PacketBurst(2);
        PacketBuffer frame = pool.allocate();
        burst.add(frame);
        burst.clear();
        assertTrue(burst.isEmpty());
        assertEquals(1, frame.refCount());
        frame.release();
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PacketBurst(0));
    }
}
