package org.margay.bench.stack;

import org.margay.net.tcp.engine.TcpStats;

/**
 * For benchmarks only: the share of one connection's arriving segments that took the engine's fast path (header
 * prediction) between a mark and now, and the bar issue #3 sets: 99 %. Benchmarks check it after a pre-run in
 * their set-up (and fail there when it is missed) and again over the whole trial in their tear-down.
 */
final class FastPathShare {
    static final double BAR = 0.99;

    private final TcpStats stats;
    private long fast;
    private long slow;

    FastPathShare(TcpStats stats) {
        this.stats = stats;
        mark();
    }

    void mark() {
        fast = stats.fastPathSegments();
        slow = stats.slowPathSegments();
    }

    long fast() {
        return stats.fastPathSegments() - fast;
    }

    long total() {
        return fast() + stats.slowPathSegments() - slow;
    }

    double share() {
        long total = total();
        return total == 0 ? 0 : (double) fast() / total;
    }

    /** Throws when fewer than 99 % of the segments since the mark took the fast path (or none arrived). */
    void require(String what) {
        if (total() == 0 || share() < BAR) {
            throw new IllegalStateException(String.format(
                    "%s: %d of %d segments took the fast path (%.2f %%), below the 99 %% bar; %s",
                    what, fast(), total(), share() * 100, stats));
        }
    }

    /** Prints the share since the mark (the tear-down's record of the whole trial), then applies {@link #require}. */
    void report(String what) {
        System.out.printf("%n%s: fast path %d of %d segments (%.3f %%)%n", what, fast(), total(), share() * 100);
        require(what);
    }
}
