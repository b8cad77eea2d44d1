package org.margay.explain.passive;

/**
 * Turns one direction's 32-bit sequence numbers into a growing 64-bit line, so that comparisons survive the
 * wrap at 2^32 (RFC 9293 §3.4: all arithmetic on sequence numbers is modulo 2^32). A number is read as the
 * nearest point (within 2^31) to the highest one seen so far.
 */
public final class SequenceSpace {
    /** Where the first number lands: far enough from 0 that numbers below it stay positive. */
    private static final long ORIGIN = 1L << 32;

    private boolean started;
    private int highestRaw;
    private long highest;

    /** Whether any number was read. */
    public boolean started() {
        return started;
    }

    /** The position of {@code raw} on the line. */
    public long unwrap(int raw) {
        if (!started) {
            started = true;
            highestRaw = raw;
            highest = ORIGIN + Integer.toUnsignedLong(raw);
            return highest;
        }
        long position = highest + (raw - highestRaw); // int subtraction: the signed distance modulo 2^32
        if (position > highest) {
            highest = position;
            highestRaw = raw;
        }
        return position;
    }

    /** Forgets everything (a new connection reuses the ports). */
    public void reset() {
        started = false;
    }
}
