package org.margay.fastpath.time;

/**
 * The time source a stack, a device or a simulator is given: nanoseconds on a monotonic scale with an
 * arbitrary origin. {@link SystemClock} reads the machine; {@link VirtualClock} is moved by a simulator or a
 * test, which makes every timer deterministic.
 *
 * <p>Invariant: successive reads never go backwards. Reading allocates nothing.
 */
@FunctionalInterface
public interface Clock {
    /** The current time in nanoseconds since this clock's origin. */
    long nanoTime();
}
