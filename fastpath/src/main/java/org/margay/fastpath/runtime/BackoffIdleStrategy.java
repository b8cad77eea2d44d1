package org.margay.fastpath.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * Backs off in three stages while the loop stays idle, and snaps back to the first on work: first
 * {@code maxSpins} spin steps ({@link Thread#onSpinWait()}), then {@code maxYields} {@link Thread#yield()}s,
 * then parks starting at {@code minParkNanos} and doubling up to {@code maxParkNanos}. The usual choice for a
 * loop on a shared core: microsecond latency while traffic flows, little CPU when it stops.
 */
public final class BackoffIdleStrategy implements IdleStrategy {
    /** Defaults: 100 spins, 10 yields, parks from 1 µs to 1 ms. */
    public static final long DEFAULT_MAX_SPINS = 100;
    /** Default number of yields after the spins. */
    public static final long DEFAULT_MAX_YIELDS = 10;
    /** Default first park. */
    public static final long DEFAULT_MIN_PARK_NANOS = 1_000;
    /** Default longest park. */
    public static final long DEFAULT_MAX_PARK_NANOS = 1_000_000;

    private final long maxSpins;
    private final long maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private long spins;
    private long yields;
    private long parkNanos;

    /** The defaults above. */
    public BackoffIdleStrategy() {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * A backoff with the given stages.
     *
     * @throws IllegalArgumentException if a count is negative, or the park times are not
     *         {@code 0 < minParkNanos <= maxParkNanos}
     */
    public BackoffIdleStrategy(long maxSpins, long maxYields, long minParkNanos, long maxParkNanos) {
        if (maxSpins < 0 || maxYields < 0) {
            throw new IllegalArgumentException("backoff: spins and yields must not be negative, were " + maxSpins
                    + " and " + maxYields);
        }
        if (minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("backoff: park times must satisfy 0 < min <= max, were "
                    + minParkNanos + " ns and " + maxParkNanos + " ns");
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    @Override
    public void idle(int workCount) {
        IdleStrategy.idleOrReset(this, workCount);
    }

    @Override
    public void idle() {
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(maxParkNanos, parkNanos << 1);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }

    /** The stage the next idle step is in: "spin", "yield" or "park". For tests and diagnostics. */
    public String stage() {
        return spins < maxSpins ? "spin" : yields < maxYields ? "yield" : "park";
    }

    /** How long the next park would be (the park stage's current step). */
    public long nextParkNanos() {
        return parkNanos;
    }

    @Override
    public String toString() {
        return "backoff:" + maxSpins + "," + maxYields + "," + minParkNanos + "ns," + maxParkNanos + "ns";
    }
}
