package org.margay.explain.passive;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranges of one sender's sequence space that the receiver reported holding above the cumulative ACK
 * (RFC 2018 §4, RFC 6675 §4 "SACK scoreboard"), as a sorted list of disjoint [left, right) ranges on the
 * unwrapped line. Cold path: plain lists.
 */
final class SackScoreboard {
    private final List<long[]> ranges = new ArrayList<>();

    /** Adds a reported block; returns true when the scoreboard changed. */
    boolean add(long left, long right) {
        if (right <= left) {
            return false;
        }
        long bytesBefore = bytes();
        int sizeBefore = ranges.size();
        List<long[]> merged = new ArrayList<>();
        long l = left;
        long r = right;
        boolean placed = false;
        for (long[] range : ranges) {
            if (range[1] < l) {
                merged.add(range);
            } else if (range[0] > r) {
                if (!placed) {
                    merged.add(new long[] {l, r});
                    placed = true;
                }
                merged.add(range);
            } else {
                l = Math.min(l, range[0]);
                r = Math.max(r, range[1]);
            }
        }
        if (!placed) {
            merged.add(new long[] {l, r});
        }
        ranges.clear();
        ranges.addAll(merged);
        return bytes() != bytesBefore || ranges.size() != sizeBefore;
    }

    /** Drops everything at or below the cumulative ACK {@code ack}; returns true when the scoreboard changed. */
    boolean advance(long ack) {
        boolean changed = false;
        List<long[]> kept = new ArrayList<>();
        for (long[] range : ranges) {
            if (range[1] <= ack) {
                changed = true;
            } else if (range[0] < ack) {
                kept.add(new long[] {ack, range[1]});
                changed = true;
            } else {
                kept.add(range);
            }
        }
        ranges.clear();
        ranges.addAll(kept);
        return changed;
    }

    /** Bytes SACKed. */
    long bytes() {
        long sum = 0;
        for (long[] range : ranges) {
            sum += range[1] - range[0];
        }
        return sum;
    }

    /** Whether nothing is SACKed. */
    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Empties the scoreboard. */
    void clear() {
        ranges.clear();
    }

    /** The ranges relative to {@code base}, e.g. "1449-2897, 4345-5793". */
    String describe(long base) {
        StringBuilder b = new StringBuilder();
        for (long[] range : ranges) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(range[0] - base).append('-').append(range[1] - base);
        }
        return b.toString();
    }

    /** The number of ranges. */
    int size() {
        return ranges.size();
    }
}
