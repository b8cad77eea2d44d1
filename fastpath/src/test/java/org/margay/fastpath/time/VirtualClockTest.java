package org.margay.fastpath.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VirtualClockTest {
    @Test
    void startsWhereToldAndMovesOnlyWhenTold() {
        VirtualClock clock = new VirtualClock(100);
        assertEquals(100, clock.nanoTime());
        assertEquals(150, clock.advance(50));
        clock.set(150);
        clock.set(1_000);
        assertEquals(1_000, clock.nanoTime());
        assertEquals(0, new VirtualClock().nanoTime());
    }

    @Test
    void refusesToGoBackwards() {
        VirtualClock clock = new VirtualClock(1_000);
        IllegalArgumentException setBack = assertThrows(IllegalArgumentException.class, () -> clock.set(999));
        assertTrue(setBack.getMessage().contains("backwards"), setBack.getMessage());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Long.MAX_VALUE));
        assertEquals(1_000, clock.nanoTime(), "a refused move leaves the clock unchanged");
    }

    @Test
    void systemClockNeverGoesBackwards() {
        Clock clock = SystemClock.INSTANCE;
        long previous = clock.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            long now = clock.nanoTime();
            assertTrue(now >= previous);
            previous = now;
        }
    }
}
