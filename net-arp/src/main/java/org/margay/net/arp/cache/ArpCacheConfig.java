package org.margay.net.arp.cache;

/**
 * How an {@link ArpCache} behaves.
 *
 * @param capacity           most entries (resolved, static and resolving together)
 * @param ageingNanos        how long a learned mapping stays valid after it was last confirmed (default 60 s,
 *                           the order of Linux's {@code base_reachable_time}; RFC 1122 §2.3.2.1 asks for a timeout)
 * @param maxRequests        requests sent for one resolution before it fails (RFC 1122 §2.3.2.1: "retransmit
 *                           ... at most once per second" and give up eventually)
 * @param firstRetryNanos    wait after the first request before retrying
 * @param maxRetryNanos      the longest wait between retries; each wait doubles up to this
 * @param pendingPerEntry    packets held while one address resolves; the oldest is dropped beyond this
 *                           (RFC 1122 §2.3.2.2: "SHOULD save at least one ... packet")
 */
public record ArpCacheConfig(int capacity, long ageingNanos, int maxRequests, long firstRetryNanos,
                             long maxRetryNanos, int pendingPerEntry) {

    /** 256 entries, 60 s ageing, 3 requests 1 s apart doubling to 4 s, 8 packets queued per resolution. */
    public static ArpCacheConfig defaults() {
        return new ArpCacheConfig(256, 60_000_000_000L, 3, 1_000_000_000L, 4_000_000_000L, 8);
    }

    public ArpCacheConfig {
        if (capacity <= 0 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("ARP cache capacity must be in 1..2^20, was " + capacity);
        }
        if (ageingNanos <= 0) {
            throw new IllegalArgumentException("ARP ageing must be positive, was " + ageingNanos + " ns");
        }
        if (maxRequests <= 0) {
            throw new IllegalArgumentException("ARP maxRequests must be positive, was " + maxRequests);
        }
        if (firstRetryNanos <= 0 || maxRetryNanos < firstRetryNanos) {
            throw new IllegalArgumentException("ARP retry waits must satisfy 0 < first <= max, were "
                    + firstRetryNanos + " and " + maxRetryNanos + " ns");
        }
        if (pendingPerEntry <= 0) {
            throw new IllegalArgumentException("ARP pendingPerEntry must be positive, was " + pendingPerEntry);
        }
    }

    /** A copy with another ageing time. */
    public ArpCacheConfig withAgeingNanos(long nanos) {
        return new ArpCacheConfig(capacity, nanos, maxRequests, firstRetryNanos, maxRetryNanos, pendingPerEntry);
    }

    /** A copy with another retry schedule. */
    public ArpCacheConfig withRetries(int requests, long firstNanos, long maxNanos) {
        return new ArpCacheConfig(capacity, ageingNanos, requests, firstNanos, maxNanos, pendingPerEntry);
    }

    /** A copy with another per-resolution queue length. */
    public ArpCacheConfig withPendingPerEntry(int packets) {
        return new ArpCacheConfig(capacity, ageingNanos, maxRequests, firstRetryNanos, maxRetryNanos, packets);
    }

    /** A copy with another capacity. */
    public ArpCacheConfig withCapacity(int entries) {
        return new ArpCacheConfig(entries, ageingNanos, maxRequests, firstRetryNanos, maxRetryNanos, pendingPerEntry);
    }
}
