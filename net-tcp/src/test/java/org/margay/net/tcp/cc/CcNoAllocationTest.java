package org.margay.net.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;

/**
 * The package's contract that nothing is allocated after construction, measured with the per-thread allocation
 * counter (bytes, never time) over many events so that the measurement's own cost stays far below one byte
 * per event.
 */
class CcNoAllocationTest {
    private static final int EVENTS = 200_000;

    @Test
    void eventsAllocateNothing() {
        AllocationMeter meter = AllocationMeter.currentThread();
        NewReno reno = new NewReno();
        Cubic cubic = new Cubic();
        RttEstimator rtt = new RttEstimator();
        long checksum = exercise(reno, cubic, rtt, EVENTS); // warm up
        long before = meter.allocatedBytes();
        checksum += exercise(reno, cubic, rtt, EVENTS);
        long allocated = meter.allocatedBytes() - before;
        assertTrue(checksum != 0);
        assertTrue(allocated < EVENTS / 10, allocated + " bytes allocated in " + EVENTS + " events");
    }

    private static long exercise(CongestionControl reno, CongestionControl cubic, RttEstimator rtt, int events) {
        long sum = 0;
        long now = 0;
        reno.init(1460);
        cubic.init(1460);
        rtt.reset();
        for (int i = 0; i < events; i++) {
            now += 1_000_000;
            long sample = 20_000_000 + (i * 7919L) % 5_000_000;
            rtt.sample(sample, now);
            step(reno, i, sample, now);
            step(cubic, i, sample, now);
            if (i % 1000 == 999) {
                rtt.backoff();
            }
            sum += reno.cwnd() + cubic.cwnd() + rtt.rtoNanos() + rtt.minRttNanos();
        }
        return sum;
    }

    private static void step(CongestionControl cc, int i, long rtt, long now) {
        switch (i % 500) {
            case 100 -> cc.onCongestionEvent(cc.cwnd(), now);
            case 101 -> cc.setCwnd(cc.cwnd() * 3 / 4);
            case 102 -> cc.onRecoveryExit(now);
            case 400 -> cc.onRetransmissionTimeout(cc.cwnd(), now);
            case 450 -> cc.onIdleRestart(rtt * 20, rtt * 10);
            default -> cc.onAck(1460, rtt, now, true);
        }
    }
}
