package org.margay.net.tcp.cc;

/**
 * A running minimum over a sliding time window, kept in three (time, value) pairs so that it needs no
 * allocation: Kathleen Nichols' windowed min-filter, the scheme Linux uses for its RACK/BBR minimum RTT.
 *
 * <p>Invariant: {@code v0 <= v1 <= v2} and {@code t0 <= t1 <= t2}; {@code v0} is the minimum of the samples of
 * roughly the last {@code windowNanos} (never higher than the true windowed minimum by more than the best of
 * the newer candidates, which is what RFC 8985 §6.2 asks of a "windowed min-filtered estimate").
 */
final class WindowedMinimum {
    private final long windowNanos;
    private long t0, t1, t2;
    private long v0, v1, v2;
    private boolean empty = true;

    WindowedMinimum(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** The current windowed minimum, or 0 before the first sample. */
    long value() {
        return empty ? 0 : v0;
    }

    /** Forgets every sample. */
    void clear() {
        empty = true;
        t0 = t1 = t2 = v0 = v1 = v2 = 0;
    }

    /** Adds {@code value} measured at {@code now}; time must not run backwards (a smaller now is treated as equal). */
    void update(long now, long value) {
        if (!empty && now < t2) {
            now = t2;
        }
        if (empty || value <= v0 || now - t2 > windowNanos) {
            // A new overall minimum, or nothing inside the window any more: restart all three candidates.
            empty = false;
            t0 = t1 = t2 = now;
            v0 = v1 = v2 = value;
            return;
        }
        if (value <= v1) {
            t1 = t2 = now;
            v1 = v2 = value;
        } else if (value <= v2) {
            t2 = now;
            v2 = value;
        }
        long age = now - t0;
        if (age > windowNanos) {
            // The best candidate has aged out: promote the others and take the sample as the newest.
            shiftIn(now, value);
            if (now - t0 > windowNanos) {
                shiftIn(now, value);
            }
        } else if (t1 == t0 && age > windowNanos / 4) {
            // A quarter window passed with one candidate only: take a second from the newer samples.
            t1 = t2 = now;
            v1 = v2 = value;
        } else if (t2 == t1 && age > windowNanos / 2) {
            t2 = now;
            v2 = value;
        }
    }

    private void shiftIn(long now, long value) {
        t0 = t1;
        v0 = v1;
        t1 = t2;
        v1 = v2;
        t2 = now;
        v2 = value;
    }
}
