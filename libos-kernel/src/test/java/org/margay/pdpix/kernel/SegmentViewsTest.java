package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The view cache: one view per segment, re-windowed per call; overflow falls back to one-off views. */
class SegmentViewsTest {

    @Test
    void oneViewPerSegmentWindowedPerCall() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(1000);
            MemorySegment b = arena.allocate(1000);
            SegmentViews views = new SegmentViews(4);
            ByteBuffer v1 = views.view(a, 100, 50);
            assertEquals(100, v1.position());
            assertEquals(150, v1.limit());
            ByteBuffer v2 = views.view(a, 900, 100);
            assertSame(v1, v2, "same segment, same view");
            assertEquals(900, v2.position());
            assertEquals(1000, v2.limit());
            ByteBuffer v3 = views.view(a, 0, 10);      // a window below the previous one
            assertEquals(0, v3.position());
            assertEquals(10, v3.limit());
            assertNotSame(v1, views.view(b, 0, 1));
            assertEquals(2, views.cachedViews());
            assertEquals(0, views.uncachedViews());
        }
    }

    @Test
    void aFullTableStillAnswersWithOneOffViews() {
        try (Arena arena = Arena.ofConfined()) {
            SegmentViews views = new SegmentViews(16);     // 32 places: twice the expected count
            for (int i = 0; i < 500; i++) {
                MemorySegment s = arena.allocate(64);
                ByteBuffer v = views.view(s, 8, 16);
                assertEquals(8, v.position());
                assertEquals(24, v.limit());
            }
            assertEquals(500, views.cachedViews() + views.uncachedViews());
            assertEquals(32, views.cachedViews(), "every place is used before views go uncached");
        }
    }
}
