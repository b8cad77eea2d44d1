package org.margay.fastpath.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.VirtualClock;
import org.margay.testkit.AllocationMeter;

/**
 * A steady duty cycle allocates nothing: a poller with work, a periodic task that re-schedules itself and
 * wakes a parked continuation, which parks a fresh one when it finishes. Bytes, not time.
 */
class PollLoopAllocationTest {
    private static final int CYCLES = 200_000;

    /** Polls "a frame" every cycle. */
    static final class BusyPoller implements Poller {
        long polled;

        @Override
        public int poll(long nowNanos) {
            polled++;
            return 1;
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }
    }

    /** A qtoken-like waiter: finishes on every second resume, then is parked again by the task. */
    static final class Waiter implements Continuation {
        long resumes;

        @Override
        public boolean resume(long nowNanos) {
            return (++resumes & 1) == 0;
        }
    }

    /** A retransmission-like timer: re-arms itself and wakes the waiter (parking it anew when finished). */
    static final class Periodic implements BackgroundTask {
        final PollLoop loop;
        final Waiter waiter = new Waiter();
        int handle;

        Periodic(PollLoop loop) {
            this.loop = loop;
        }

        @Override
        public void run(long nowNanos) {
            loop.scheduleTask(nowNanos + 3_000, this);
            if (!loop.wake(handle)) {
                handle = loop.park(waiter);
                loop.wake(handle);
            }
        }
    }

    @Test
    void steadyDutyCycleAllocatesNothing() {
        AllocationMeter meter = AllocationMeter.currentThread();
        VirtualClock clock = new VirtualClock();
        try (PollLoop loop = PollLoop.virtual(clock, 64, 64)) {
            BusyPoller poller = new BusyPoller();
            loop.addPoller(poller);
            Periodic periodic = new Periodic(loop);
            periodic.handle = loop.park(periodic.waiter);
            loop.scheduleTask(1_000, periodic);
            cycles(loop, clock, CYCLES); // warm up
            long before = meter.allocatedBytes();
            cycles(loop, clock, CYCLES);
            long allocated = meter.allocatedBytes() - before;
            assertTrue(loop.tasksFired() > CYCLES / 3 && loop.continuationsResumed() > CYCLES / 3,
                    loop.toString());
            assertTrue(allocated < CYCLES / 10, allocated + " bytes allocated in " + CYCLES + " duty cycles");
        }
    }

    private static void cycles(PollLoop loop, VirtualClock clock, int count) {
        for (int i = 0; i < count; i++) {
            clock.advance(1_000);
            loop.doWork();
        }
    }
}
