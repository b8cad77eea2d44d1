package org.margay.fastpath.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdleStrategiesTest {

    @Test
    void parsesEveryForm() {
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.parse("spin"));
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.parse(" Busy-Spin "));
        assertInstanceOf(NoOpIdleStrategy.class, IdleStrategies.parse("noop"));
        assertEquals(IdleStrategies.DEFAULT_PARK_NANOS, ((ParkIdleStrategy) IdleStrategies.parse("park")).parkNanos());
        assertEquals(50_000, ((ParkIdleStrategy) IdleStrategies.parse("park:50us")).parkNanos());
        assertEquals(50_000, ((ParkIdleStrategy) IdleStrategies.parse("park:50µs")).parkNanos());
        assertEquals(200, ((ParkIdleStrategy) IdleStrategies.parse("park:200ns")).parkNanos());
        assertEquals(3_000_000, ((ParkIdleStrategy) IdleStrategies.parse("park:3ms")).parkNanos());
        assertEquals(1_000_000_000, ((ParkIdleStrategy) IdleStrategies.parse("PARK:1s")).parkNanos());
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.parse("backoff"));
        assertEquals("backoff:10,5,1000ns,2000000ns", IdleStrategies.parse("backoff:10,5,1us,2ms").toString());
    }

    @Test
    void rejectsBadSpecsWithAClearMessage() {
        String[] bad = {"", "  ", "sleep", "park:", "park:50", "park:50 minutes", "park:0us", "park:-5us",
            "spin:1", "backoff:1,2,3us", "backoff:1,2,3us,1us", "backoff:a,2,1us,2us", "backoff:-1,2,1us,2us",
            "park:99999999999999999999s"};
        for (String spec : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdleStrategies.parse(spec),
                    spec);
            assertTrue(e.getMessage().startsWith("bad idle strategy '" + spec + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("accepted: spin"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.parse(null));
    }

    @Test
    void backoffSpinsThenYieldsThenParksDoublingUpToTheCap() {
        BackoffIdleStrategy backoff = new BackoffIdleStrategy(2, 1, 1, 4);
        assertEquals("spin", backoff.stage());
        backoff.idle(0);
        backoff.idle(0);
        assertEquals("yield", backoff.stage());
        backoff.idle(0);
        assertEquals("park", backoff.stage());
        assertEquals(1, backoff.nextParkNanos());
        backoff.idle(0);
        assertEquals(2, backoff.nextParkNanos());
        backoff.idle(0);
        backoff.idle(0);
        backoff.idle(0);
        assertEquals(4, backoff.nextParkNanos(), "capped");
        backoff.idle(1);
        assertEquals("spin", backoff.stage());
        assertEquals(1, backoff.nextParkNanos());
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(-1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ParkIdleStrategy(0));
    }

    @Test
    void simpleStrategiesReturn() {
        IdleStrategy[] all = {new BusySpinIdleStrategy(), new NoOpIdleStrategy(), new ParkIdleStrategy(1)};
        for (IdleStrategy strategy : all) {
            strategy.idle(0);
            strategy.idle(5);
            strategy.idle();
            strategy.reset();
        }
        assertEquals("park:1ns", all[2].toString());
    }
}
