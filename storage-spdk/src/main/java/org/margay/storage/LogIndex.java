package org.margay.storage;

import java.util.Arrays;

/**
 * Where each element of a log is: its record's device offset and payload length, by element index. Appending grows
 * the arrays by doubling (amortised; no allocation in steady state between doublings).
 */
final class LogIndex {
    private long[] position = new long[1024];
    private int[] length = new int[1024];
    private int count;

    void add(long recordOffset, int payloadLength) {
        if (count == position.length) {
            position = Arrays.copyOf(position, count * 2);
            length = Arrays.copyOf(length, count * 2);
        }
        position[count] = recordOffset;
        length[count] = payloadLength;
        count++;
    }

    /** Forgets the elements from {@code newCount} on (a failed batch). */
    void truncate(int newCount) {
        count = Math.min(count, newCount);
    }

    int count() {
        return count;
    }

    long position(int index) {
        return position[index];
    }

    int length(int index) {
        return length[index];
    }
}
