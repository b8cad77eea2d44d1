package org.margay.fastpath.time;

/** The machine's monotonic clock ({@link System#nanoTime()}), for stacks running against real devices. */
public final class SystemClock implements Clock {
    /** The one instance; the class has no state. */
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "SystemClock";
    }
}
