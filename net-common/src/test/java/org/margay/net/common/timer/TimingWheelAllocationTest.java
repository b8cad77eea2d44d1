package org.margay.net.common.timer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;

/**
 * The wheel's hot-path contract: once built, scheduling, re-arming, cancelling and firing allocate nothing.
 * Measured in bytes with the per-thread allocation counter over many operations, never in time.
 */
class TimingWheelAllocationTest {
    private static final int ROUNDS = 200_000;

    /** Counts firings; one instance, so the measured loop creates no handler objects. */
    static final class Counter implements TimerHandler {
        long fired;

        @Override
        public void onTimer(long timerId, long payload, long nowNanos) {
            fired += payload;
        }
    }

    @Test
    void steadyStateAllocatesNothing() {
        AllocationMeter meter = AllocationMeter.currentThread();
        TimingWheel wheel = new TimingWheel(1_000, 64, 4, 4096);
        Counter counter = new Counter();
        long[] armed = new long[1024];
        long[] far = new long[64];
        long now = exercise(wheel, counter, armed, far, 0, ROUNDS); // warm up
        long before = meter.allocatedBytes();
        exercise(wheel, counter, armed, far, now, ROUNDS);
        long allocated = meter.allocatedBytes() - before;
        assertTrue(counter.fired > 0);
        assertTrue(allocated < ROUNDS / 10, allocated + " bytes allocated in " + ROUNDS + " rounds");
    }

    /** Connection-like timers: each round re-arms one (an ACK), cancels or re-creates one, and expires. */
    private static long exercise(TimingWheel wheel, Counter counter, long[] armed, long[] far, long start,
                                 int rounds) {
        long now = start;
        for (int i = 0; i < rounds; i++) {
            int connection = (i * 37) & (armed.length - 1);
            long id = armed[connection];
            long deadline = now + 200_000 + (i % 13) * 1_000_000L;
            if (wheel.reschedule(id, deadline) == TimingWheel.NO_TIMER) {
                armed[connection] = wheel.schedule(deadline, 1);
            }
            if (i % 5 == 0) {
                wheel.cancel(armed[(connection + 1) & (armed.length - 1)]);
            }
            if (i % 11 == 0) { // keepalive-like: far out (top levels and overflow), replaced before firing
                int k = (i / 11) & (far.length - 1);
                wheel.cancel(far[k]);
                far[k] = wheel.schedule(now + (1 + i % 7) * 60_000_000_000L, 1);
            }
            now += 3_000;
            wheel.expire(now, counter, Integer.MAX_VALUE);
            if (wheel.nextDeadline() < now) {
                throw new AssertionError("due timer left behind");
            }
        }
        return now;
    }
}
