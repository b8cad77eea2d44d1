package org.margay.stack;

/**
 * A token bucket on nanosecond time: {@code ratePerSecond} tokens accrue per second up to {@code depth}; each
 * allowed event takes one. Used to rate-limit ICMP errors (RFC 1812 §4.3.2.8, RFC 1122 §3.2.2: "SHOULD
 * ... limit the rate"). Allocates nothing; integer arithmetic only.
 */
public final class TokenBucket {
    private static final long SECOND = 1_000_000_000L;
    private final long ratePerSecond;
    private final long depth;
    private long tokensTimesSecond; // tokens scaled by 1e9, so fractional accrual is exact
    private long last;
    private boolean started;

    /** A full bucket. A rate of 0 allows only the initial {@code depth} events. */
    public TokenBucket(long ratePerSecond, long depth) {
        if (ratePerSecond < 0 || depth < 0) {
            throw new IllegalArgumentException("token bucket rate and depth must not be negative");
        }
        this.ratePerSecond = ratePerSecond;
        this.depth = depth;
        this.tokensTimesSecond = depth * SECOND;
    }

    /** Takes a token if one is available at {@code now}; returns whether the event may happen. */
    public boolean tryTake(long now) {
        if (!started) {
            started = true;
            last = now;
        }
        long elapsed = now - last;
        if (elapsed > 0) {
            last = now;
            long cap = depth * SECOND;
            // Saturate: after a long idle time the bucket is simply full.
            if (ratePerSecond == 0 || elapsed >= cap / Math.max(1, ratePerSecond) + SECOND) {
                tokensTimesSecond = ratePerSecond == 0 ? tokensTimesSecond : cap;
            } else {
                tokensTimesSecond = Math.min(cap, tokensTimesSecond + elapsed * ratePerSecond);
            }
        }
        if (tokensTimesSecond >= SECOND) {
            tokensTimesSecond -= SECOND;
            return true;
        }
        return false;
    }
}
