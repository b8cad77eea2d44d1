package org.margay.net.common.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingWheelTest {

    /** Records what fired, in order. */
    static final class Recorder implements TimerHandler {
        final List<Long> ids = new ArrayList<>();
        final List<Long> payloads = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        @Override
        public void onTimer(long timerId, long payload, long nowNanos) {
            ids.add(timerId);
            payloads.add(payload);
            times.add(nowNanos);
        }
    }

    @Test
    void firesAtTheDeadlineNotBeforeEvenInsideATick() {
        TimingWheel wheel = new TimingWheel(1000, 8, 3, 16);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 100);
        long id = wheel.schedule(1500, 42);
        assertEquals(0, wheel.expire(1000, fired, 100));
        assertEquals(0, wheel.expire(1499, fired, 100));
        assertTrue(wheel.isScheduled(id));
        assertEquals(1, wheel.expire(1500, fired, 100));
        assertEquals(List.of(id), fired.ids);
        assertEquals(List.of(42L), fired.payloads);
        assertEquals(List.of(1500L), fired.times);
        assertFalse(wheel.isScheduled(id));
        assertEquals(0, wheel.size());
    }

    @Test
    void pastDeadlinesFireAtTheNextExpire() {
        TimingWheel wheel = new TimingWheel(10, 4, 2, 8);
        Recorder fired = new Recorder();
        wheel.expire(1_000, fired, 10);
        wheel.schedule(5, 1);
        wheel.schedule(999, 2);
        wheel.schedule(1_000, 3);
        assertEquals(3, wheel.expire(1_000, fired, 10));
        assertEquals(List.of(1L, 2L, 3L), fired.payloads);
    }

    @Test
    void earlierTicksFireFirstAcrossLevelsAndOverflow() {
        // Span is 4^2 = 16 ticks: the later deadlines start on the overflow list and cascade in.
        TimingWheel wheel = new TimingWheel(10, 4, 2, 64);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 10);
        long[] deadlines = {5000, 35, 160, 2, 1234, 159, 999_999, 40, 11};
        for (long deadline : deadlines) {
            wheel.schedule(deadline, deadline);
        }
        assertEquals(deadlines.length, wheel.expire(1_000_000, fired, 100));
        assertEquals(List.of(2L, 11L, 35L, 40L, 159L, 160L, 1234L, 5000L, 999_999L), fired.payloads);
    }

    @Test
    void farDeadlinesFireExactlyWhenSteppedToInSmallSteps() {
        TimingWheel wheel = new TimingWheel(1, 4, 2, 8);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 10);
        wheel.schedule(1000, 7);
        for (long now = 0; now < 1000; now += 7) {
            assertEquals(0, wheel.expire(now, fired, 10), "fired early at " + now);
        }
        assertEquals(1, wheel.expire(1000, fired, 10));
    }

    @Test
    void jumpsOverHugeGapsAndHandlesExtremeDeadlines() {
        TimingWheel wheel = new TimingWheel(1_000, 64, 4, 8);
        Recorder fired = new Recorder();
        wheel.expire(-5_000_000_000L, fired, 10); // System.nanoTime() may be negative
        wheel.schedule(Long.MAX_VALUE, 1);
        wheel.schedule(1_000_000_000_000_000L, 2);
        wheel.schedule(-4_000_000_000L, 3);
        assertEquals(1, wheel.expire(0, fired, 10));
        assertEquals(1, wheel.expire(1_000_000_000_000_000L, fired, 10));
        assertEquals(List.of(3L, 2L), fired.payloads);
        assertEquals(0, wheel.expire(Long.MAX_VALUE - 1, fired, 10));
        assertEquals(1, wheel.expire(Long.MAX_VALUE, fired, 10));
        assertEquals(0, wheel.size());
    }

    @Test
    void cancelAndStaleIds() {
        TimingWheel wheel = new TimingWheel(10, 8, 2, 4);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 10);
        long a = wheel.schedule(100, 1);
        long b = wheel.schedule(200, 2);
        assertTrue(a > 0 && b > 0 && a != b);
        assertTrue(wheel.cancel(a));
        assertFalse(wheel.cancel(a), "second cancel");
        assertEquals(TimingWheel.NOT_SCHEDULED, wheel.deadline(a));
        long c = wheel.schedule(300, 3); // reuses a's entry with a new generation
        assertFalse(wheel.isScheduled(a));
        assertFalse(wheel.cancel(a), "stale id must not cancel the entry's new timer");
        assertTrue(wheel.isScheduled(c));
        assertEquals(2, wheel.expire(1000, fired, 10));
        assertFalse(wheel.cancel(b), "fired");
        assertFalse(wheel.cancel(TimingWheel.NO_TIMER));
        assertFalse(wheel.cancel(-1));
        assertFalse(wheel.cancel(Long.MAX_VALUE));
        assertFalse(wheel.isScheduled(123456789L));
        assertEquals(List.of(2L, 3L), fired.payloads);
    }

    @Test
    void rescheduleKeepsTheIdAndMovesBothWays() {
        TimingWheel wheel = new TimingWheel(10, 4, 3, 4);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 10);
        long id = wheel.schedule(10_000, 9);
        assertEquals(id, wheel.reschedule(id, 50));
        assertEquals(50, wheel.deadline(id));
        assertEquals(9, wheel.payload(id));
        assertEquals(0, wheel.expire(49, fired, 10));
        assertEquals(id, wheel.reschedule(id, 500));
        assertEquals(0, wheel.expire(499, fired, 10));
        assertEquals(1, wheel.expire(500, fired, 10));
        assertEquals(TimingWheel.NO_TIMER, wheel.reschedule(id, 900), "stale id");
        assertEquals(0, wheel.size());
    }

    @Test
    void exhaustionThrowsAClearError() {
        TimingWheel wheel = new TimingWheel(10, 4, 2, 2);
        wheel.schedule(1, 1);
        wheel.schedule(2, 2);
        assertTrue(wheel.isFull());
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> wheel.schedule(3, 3));
        assertTrue(error.getMessage().contains("all 2 timers are live"), error.getMessage());
        assertEquals(2, wheel.size());
    }

    @Test
    void limitLeavesTheRestForTheNextCall() {
        TimingWheel wheel = new TimingWheel(10, 8, 2, 16);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 1);
        for (int i = 0; i < 10; i++) {
            wheel.schedule(i * 25L, i);
        }
        assertEquals(3, wheel.expire(10_000, fired, 3));
        assertEquals(3, wheel.expire(10_000, fired, 3));
        assertEquals(0, wheel.expire(10_000, fired, 0));
        assertEquals(3, wheel.expire(10_000, fired, 3));
        assertEquals(1, wheel.expire(10_000, fired, 3));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), fired.payloads);
    }

    @Test
    void nextDeadlineIsExactNearbyAndALowerBoundFarAway() {
        TimingWheel wheel = new TimingWheel(10, 8, 3, 16);
        Recorder fired = new Recorder();
        assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
        wheel.schedule(777, 1); // before the first expire: on the overflow list, exact
        assertEquals(777, wheel.nextDeadline());
        wheel.expire(0, fired, 10);
        assertTrue(wheel.nextDeadline() <= 777, "a lower bound once the timer sits in a higher level");
        long near = wheel.schedule(45, 2);
        assertEquals(45, wheel.nextDeadline());
        wheel.cancel(near);
        long bound = wheel.nextDeadline();
        assertTrue(bound <= 777 && bound > 0, "lower bound " + bound);
        // Driving the wheel from bound to bound reaches the timer without missing it.
        long now = 0;
        int wakeUps = 0;
        while (wheel.size() > 0) {
            now = wheel.nextDeadline();
            assertTrue(now <= 777);
            wheel.expire(now, fired, 10);
            wakeUps++;
        }
        assertEquals(777, now);
        assertTrue(wakeUps <= 3, wakeUps + " wake-ups");
    }

    @Test
    void handlerMayScheduleCancelAndRescheduleReentrantly() {
        TimingWheel wheel = new TimingWheel(10, 4, 2, 16);
        wheel.expire(0, (id, p, now) -> { }, 1);
        long[] ids = new long[4];
        List<Long> order = new ArrayList<>();
        TimerHandler handler = (id, payload, now) -> {
            order.add(payload);
            if (payload == 1) {
                assertFalse(wheel.isScheduled(id), "a firing timer has already left the wheel");
                wheel.cancel(ids[2]);                 // same slot, not yet visited
                wheel.reschedule(ids[3], now + 1000); // pushed out
                wheel.schedule(now - 5, 10);          // due: fires in this call
                wheel.schedule(now + 20, 11);         // not due
            }
        };
        ids[1] = wheel.schedule(100, 1);
        ids[2] = wheel.schedule(101, 2);
        ids[3] = wheel.schedule(102, 3);
        assertEquals(2, wheel.expire(105, handler, 100));
        assertEquals(List.of(1L, 10L), order);
        assertEquals(2, wheel.size());
        assertThrows(IllegalStateException.class,
                () -> wheel.expire(200, (id, p, now) -> wheel.expire(now, (i, q, n) -> { }, 1), 10));
    }

    @Test
    void selfReschedulingHandlerIsBoundedByTheLimit() {
        TimingWheel wheel = new TimingWheel(10, 4, 2, 4);
        wheel.expire(0, (id, p, now) -> { }, 1);
        wheel.schedule(5, 0);
        TimerHandler again = (id, payload, now) -> wheel.schedule(now, payload + 1);
        assertEquals(50, wheel.expire(10, again, 50));
        assertEquals(1, wheel.size());
    }

    @Test
    void aThrowingHandlerLeavesTheWheelConsistent() {
        TimingWheel wheel = new TimingWheel(10, 4, 2, 8);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 1);
        wheel.schedule(20, 1);
        wheel.schedule(21, 2);
        wheel.schedule(500, 3);
        TimerHandler throwing = (id, payload, now) -> {
            throw new IllegalStateException("boom " + payload);
        };
        assertThrows(IllegalStateException.class, () -> wheel.expire(30, throwing, 10));
        assertEquals(2, wheel.size());
        assertEquals(2, wheel.expire(1000, fired, 10));
        assertEquals(List.of(2L, 3L), fired.payloads);
    }

    @Test
    void timeGoingBackwardsFiresNothingEarly() {
        TimingWheel wheel = new TimingWheel(10, 4, 2, 4);
        Recorder fired = new Recorder();
        wheel.expire(1000, fired, 1);
        wheel.schedule(1005, 1);
        wheel.schedule(990, 2);
        assertEquals(0, wheel.expire(980, fired, 10));
        assertEquals(1, wheel.expire(995, fired, 10));
        assertEquals(1, wheel.expire(1005, fired, 10));
        assertEquals(List.of(2L, 1L), fired.payloads);
    }

    @Test
    void cancelAllEmptiesTheWheel() {
        TimingWheel wheel = new TimingWheel(10, 4, 2, 8);
        Recorder fired = new Recorder();
        long a = wheel.schedule(5, 1);
        wheel.expire(0, fired, 1);
        wheel.schedule(1_000_000, 2);
        wheel.schedule(30, 3);
        wheel.cancelAll();
        assertEquals(0, wheel.size());
        assertFalse(wheel.isScheduled(a));
        assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
        assertEquals(0, wheel.expire(Long.MAX_VALUE, fired, 10));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new TimingWheel(0, 4, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new TimingWheel(1, 3, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new TimingWheel(1, 1, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new TimingWheel(1, 4, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new TimingWheel(1, 1 << 16, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new TimingWheel(1, 4, 2, 0));
        TimingWheel wheel = new TimingWheel(1, 4, 2, 4);
        assertThrows(IllegalArgumentException.class, () -> wheel.expire(0, (i, p, n) -> { }, -1));
        assertThrows(NullPointerException.class, () -> wheel.expire(0, null, 1));
    }

    @Test
    void wideLevelsUseSeveralBitmapWords() {
        TimingWheel wheel = new TimingWheel(1, 256, 2, 600);
        Recorder fired = new Recorder();
        wheel.expire(0, fired, 1);
        for (int i = 0; i < 600; i++) {
            wheel.schedule((i * 7919L) % 70_000, i);
        }
        long previous = Long.MIN_VALUE;
        int total = 0;
        while (wheel.size() > 0) {
            long next = wheel.nextDeadline();
            assertTrue(next >= previous);
            total += wheel.expire(next, fired, 1000);
            previous = next;
        }
        assertEquals(600, total);
        for (int i = 1; i < fired.payloads.size(); i++) {
            long before = (fired.payloads.get(i - 1) * 7919L) % 70_000;
            long after = (fired.payloads.get(i) * 7919L) % 70_000;
            assertTrue(before <= after, "order at " + i);
        }
    }
}
