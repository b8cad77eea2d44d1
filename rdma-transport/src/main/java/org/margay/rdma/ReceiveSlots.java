package org.margay.rdma;

import org.margay.fastpath.buffer.PacketBuffer;

/**
 * The receive buffers an endpoint has posted and not yet seen complete, by entry number (the entry travels in the
 * {@code wr_id}, so a completion finds its buffer directly). Preallocated; allocation-free.
 */
final class ReceiveSlots {
    private final PacketBuffer[] posted;
    private final int[] free;
    private int freeCount;

    ReceiveSlots(int capacity) {
        posted = new PacketBuffer[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /** Posted buffers not yet completed. */
    int count() {
        return posted.length - freeCount;
    }

    boolean isFull() {
        return freeCount == 0;
    }

    /** Records {@code b} and returns its entry. */
    int add(PacketBuffer b) {
        int e = free[--freeCount];
        posted[e] = b;
        return e;
    }

    /** Takes the buffer of a completed entry, or null for an entry not in use (a stale completion). */
    PacketBuffer remove(int entry) {
        if (entry < 0 || entry >= posted.length) {
            return null;
        }
        PacketBuffer b = posted[entry];
        if (b != null) {
            posted[entry] = null;
            free[freeCount++] = entry;
        }
        return b;
    }

    /** Undoes an {@link #add} whose post failed. */
    void cancel(int entry) {
        remove(entry);
    }

    /** Releases every buffer still recorded (the queue pair was destroyed without flushing them). */
    void releaseAll() {
        for (int e = 0; e < posted.length; e++) {
            PacketBuffer b = remove(e);
            if (b != null) {
                b.release();
            }
        }
    }
}
