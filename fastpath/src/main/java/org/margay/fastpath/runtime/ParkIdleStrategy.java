package org.margay.fastpath.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks the thread for a fixed time on every idle step. Cheap on the CPU; each wake-up costs the OS's timer
 * slack and scheduling (tens of microseconds on a busy VM).
 */
public final class ParkIdleStrategy implements IdleStrategy {
    private final long parkNanos;

    /**
     * Parks for {@code parkNanos} per idle step.
     *
     * @throws IllegalArgumentException if {@code parkNanos} is not positive
     */
    public ParkIdleStrategy(long parkNanos) {
        if (parkNanos <= 0) {
            throw new IllegalArgumentException("park time must be positive, was " + parkNanos + " ns");
        }
        this.parkNanos = parkNanos;
    }

    /** The park time per idle step. */
    public long parkNanos() {
        return parkNanos;
    }

    @Override
    public void idle(int workCount) {
        if (workCount <= 0) {
            LockSupport.parkNanos(parkNanos);
        }
    }

    @Override
    public void idle() {
        LockSupport.parkNanos(parkNanos);
    }

    @Override
    public void reset() {
    }

    @Override
    public String toString() {
        return "park:" + parkNanos + "ns";
    }
}
