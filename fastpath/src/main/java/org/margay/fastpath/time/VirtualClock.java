package org.margay.fastpath.time;

/**
 * A clock that only moves when told to: the simulator's and the tests' time.
 *
 * <p>Invariant: time never goes backwards. An attempt to set an earlier time, or to advance by a negative
 * amount, throws {@link IllegalArgumentException} and leaves the clock unchanged. Single-threaded: the driver
 * that owns the clock is the only one that moves it.
 */
public final class VirtualClock implements Clock {
    private long now;

    /** A clock at time zero. */
    public VirtualClock() {
        this(0);
    }

    /** A clock at {@code startNanos}. */
    public VirtualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Moves the clock to {@code nanos}, which may equal the current time but not precede it.
     *
     * @throws IllegalArgumentException if {@code nanos} is earlier than the current time
     */
    public void set(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("virtual time cannot go backwards: now " + now + " ns, asked for " + nanos + " ns");
        }
        now = nanos;
    }

    /**
     * Moves the clock forward by {@code deltaNanos} (zero allowed) and returns the new time.
     *
     * @throws IllegalArgumentException if {@code deltaNanos} is negative or the time would overflow
     */
    public long advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("virtual time cannot go backwards: advance by " + deltaNanos + " ns");
        }
        long next = now + deltaNanos;
        if (next < now) {
            throw new IllegalArgumentException("virtual time would overflow: now " + now + " ns + " + deltaNanos + " ns");
        }
        now = next;
        return now;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now + " ns]";
    }
}
