package org.margay.fastpath.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArenaBufferPoolTest {
    @Test
    void exhaustionIsACountedNullNotAnException() {
        try (ArenaBufferPool pool = new ArenaBufferPool("small", 3, 128, 16, false)) {
            List<PacketBuffer> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(assertNotNullBuffer(pool.allocate()));
            }
            assertNull(pool.allocate());
            assertNull(pool.allocate());
            assertEquals(2, pool.allocationFailures());
            assertEquals(0, pool.available());
            assertEquals(3, pool.outstanding());
            held.forEach(PacketBuffer::release);
            assertEquals(3, pool.available());
            assertNotNullBuffer(pool.allocate()).release();
        }
    }

    @Test
    void describesItselfAndValidatesItsShape() {
        try (ArenaBufferPool pool = new ArenaBufferPool("rx", 4, 2048, 128, false)) {
            assertEquals("rx", pool.name());
            assertEquals(2048, pool.bufferSize());
            assertEquals(128, pool.defaultHeadroom());
            assertEquals(4, pool.capacity());
            assertFalse(pool.tracksLeaks());
        }
        assertThrows(IllegalArgumentException.class, () -> new ArenaBufferPool("bad", 0, 128, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new ArenaBufferPool("bad", 1, 0, 0, false));
        IllegalArgumentException headroom = assertThrows(IllegalArgumentException.class,
                () -> new ArenaBufferPool("bad", 1, 128, 129, false));
        assertTrue(headroom.getMessage().contains("headroom"), headroom.getMessage());
    }

    @Test
    void buffersDoNotOverlap() {
        try (ArenaBufferPool pool = new ArenaBufferPool("p", 4, 100, 0, false)) {
            PacketBuffer a = pool.allocate();
            PacketBuffer b = pool.allocate();
            long aStart = a.segment().address();
            long bStart = b.segment().address();
            assertTrue(Math.abs(aStart - bStart) >= 100);
            assertEquals(0, aStart % 64, "slots are cache-line aligned");
            a.release();
            b.release();
        }
    }

    @Test
    void leakReportNamesTheAllocationSite() {
        try (ArenaBufferPool pool = new ArenaBufferPool("leaky", 4, 128, 0, true)) {
            assertTrue(pool.tracksLeaks());
            PacketBuffer kept = leakOne(pool);
            PacketBuffer returned = pool.allocate();
            returned.release();
            String report = pool.leakReport();
            assertTrue(report.contains("pool 'leaky': 1 of 4 buffers still held"), report);
            assertTrue(report.contains("leakOne"), "the report names the allocating method: " + report);
            BufferLeakError error = assertThrows(BufferLeakError.class, pool::assertNoLeaks);
            assertTrue(error.getMessage().contains("leakOne"));
            kept.release();
            assertEquals("", pool.leakReport());
            pool.assertNoLeaks();
        }
    }

    @Test
    void leakReportWithoutTrackingSaysHowToTurnItOn() {
        try (ArenaBufferPool pool = new ArenaBufferPool("quiet", 2, 128, 0, false)) {
            PacketBuffer kept = pool.allocate();
            String report = pool.leakReport();
            assertTrue(report.contains(ArenaBufferPool.TRACK_LEAKS_PROPERTY), report);
            assertTrue(report.contains("quiet#0"), report);
            kept.release();
        }
    }

    @Test
    void systemPropertyTurnsTrackingOn() {
        String before = System.getProperty(ArenaBufferPool.TRACK_LEAKS_PROPERTY);
        System.setProperty(ArenaBufferPool.TRACK_LEAKS_PROPERTY, "true");
        try (ArenaBufferPool pool = new ArenaBufferPool("prop", 1, 64, 0)) {
            assertTrue(pool.tracksLeaks());
        } finally {
            if (before == null) {
                System.clearProperty(ArenaBufferPool.TRACK_LEAKS_PROPERTY);
            } else {
                System.setProperty(ArenaBufferPool.TRACK_LEAKS_PROPERTY, before);
            }
        }
    }

    @Test
    void guardFailsATestThatLeaksAndStillClosesThePools() {
        ArenaBufferPool pool;
        BufferLeakGuard guard = new BufferLeakGuard();
        pool = guard.track(new ArenaBufferPool("guarded", 2, 64, 0, true));
        PacketBuffer leaked = leakOne(pool);
        BufferLeakError error = assertThrows(BufferLeakError.class, guard::close);
        assertTrue(error.getMessage().contains("guarded"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> leaked.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0),
                "the pool was closed, so its memory is gone");
    }

    /** Property: whatever the sequence of allocate/retain/release, no slot is handed out twice while held,
     * every count matches a model, and the pool balances. */
    @Test
    void neverHandsOutAHeldSlotAndCountsBalance() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 3 * 64 - 1)).ofSizeBetween(0, 400))
                .checkAssert(ops -> {
                    try (ArenaBufferPool pool = new ArenaBufferPool("model", 16, 64, 8, false)) {
                        Map<PacketBuffer, Integer> model = new IdentityHashMap<>();
                        List<PacketBuffer> order = new ArrayList<>();
                        for (int op : ops) {
                            int kind = op % 3;
                            int pick = op / 3;
                            if (kind == 0) {
                                PacketBuffer buffer = pool.allocate();
                                if (buffer == null) {
                                    assertEquals(16, model.size(), "null only when every slot is held");
                                } else {
                                    assertFalse(model.containsKey(buffer), "slot handed out twice while held");
                                    model.put(buffer, 1);
                                    order.add(buffer);
                                }
                            } else if (!order.isEmpty()) {
                                PacketBuffer buffer = order.get(pick % order.size());
                                if (kind == 1) {
                                    buffer.retain();
                                    model.merge(buffer, 1, Integer::sum);
                                } else {
                                    int left = model.get(buffer) - 1;
                                    assertEquals(left == 0, buffer.release());
                                    if (left == 0) {
                                        model.remove(buffer);
                                        order.remove(buffer);
                                    } else {
                                        model.put(buffer, left);
                                    }
                                }
                            }
                            assertEquals(model.size(), pool.outstanding());
                            assertEquals(pool.capacity(), pool.available() + pool.outstanding());
                            model.forEach((buffer, count) -> assertEquals(count, buffer.refCount()));
                        }
                        for (PacketBuffer buffer : order) {
                            for (int i = model.get(buffer); i > 0; i--) {
                                buffer.release();
                            }
                        }
                        assertEquals(0, pool.outstanding());
                    }
                });
    }

    private static PacketBuffer leakOne(BufferPool pool) {
        return pool.allocate();
    }

    private static PacketBuffer assertNotNullBuffer(PacketBuffer buffer) {
        assertNotNull(buffer);
        return buffer;
    }
}
