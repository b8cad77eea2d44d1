package org.margay.fastpath.runtime;

/**
 * Never gives the core away: each idle step is one {@link Thread#onSpinWait()} (a PAUSE instruction on x86).
 * Lowest latency, one core at 100 % even when idle. For a loop pinned to a dedicated core.
 */
public final class BusySpinIdleStrategy implements IdleStrategy {
    @Override
    public void idle(int workCount) {
        if (workCount <= 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void idle() {
        Thread.onSpinWait();
    }

    @Override
    public void reset() {
    }

    @Override
    public String toString() {
        return "spin";
    }
}
