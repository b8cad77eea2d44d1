package org.margay.net.tcp.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Bulk copies into and out of a byte ring, split at the wrap point: at most two {@link MemorySegment#copy}
 * calls per transfer, never a per-byte loop, never an allocation.
 *
 * <p>Ring positions are {@code int} indexes in {@code [0, capacity)}. Callers keep
 * {@code capacity <= }{@link #MAX_CAPACITY}, so {@code index + length} never overflows an {@code int}.
 */
final class RingCopy {
    /**
     * The largest ring this package builds: 2^30 bytes, the largest window TCP can advertise (RFC 7323 §2.3:
     * shift count at most 14, so at most 2^16 × 2^14 bytes). It also keeps every in-ring sum below 2^31.
     */
    static final int MAX_CAPACITY = 1 << 30;

    /** The storage of a ring that holds nothing yet (growable rings start here and return here on release). */
    static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);
    /** The first storage a growable ring allocates, unless its capacity is smaller (bytes). */
    static final int FIRST_GROWTH = 4 * 1024;

    private RingCopy() {
    }

    /**
     * The storage size a growable ring moves to when it must hold {@code needed} bytes and has {@code size}: at
     * least double (so a ring grows O(log capacity) times in its life), at least {@link #FIRST_GROWTH}, at least
     * {@code needed}, at most {@code capacity} (which is at least {@code needed}).
     */
    static int grownSize(int size, int needed, int capacity) {
        long doubled = Math.max((long) size * 2, FIRST_GROWTH);
        return (int) Math.min(capacity, Math.max(needed, doubled));
    }

    /**
     * A fresh heap storage of {@code newSize} bytes holding the {@code size} bytes of {@code ring} in ring order
     * from ring index {@code head}: old ring index {@code (head + k) mod size} lands at new index {@code k}, so
     * every offset counted from the head is unchanged. Cold path (a bounded number of times per ring).
     */
    static MemorySegment regrow(MemorySegment ring, int size, int head, int newSize) {
        MemorySegment grown = MemorySegment.ofArray(new byte[newSize]);
        if (size > 0) {
            outOf(ring, size, head, grown, 0, size);
        }
        return grown;
    }

    /** The ring index {@code distance} bytes after {@code index}; both below the capacity. */
    static int advance(int index, int distance, int capacity) {
        int next = index + distance;
        return next >= capacity ? next - capacity : next;
    }

    /** The capacity of a ring over {@code storage}, after checking it is usable (cold path, at construction). */
    static int capacityOf(MemorySegment storage) {
        long size = storage.byteSize();
        if (size < 1 || size > MAX_CAPACITY) {
            throw new IllegalArgumentException("ring storage must hold 1.." + MAX_CAPACITY + " bytes, not " + size);
        }
        if (storage.isReadOnly()) {
            throw new IllegalArgumentException("ring storage must be writable");
        }
        return (int) size;
    }

    /** Copies {@code length} bytes from {@code src} into the ring starting at ring index {@code index}. */
    static void into(MemorySegment ring, int capacity, int index, MemorySegment src, long srcOffset, int length) {
        int first = Math.min(length, capacity - index);
        MemorySegment.copy(src, srcOffset, ring, index, first);
        if (first < length) {
            MemorySegment.copy(src, srcOffset + first, ring, 0, length - first);
        }
    }

    /** Copies {@code length} bytes of {@code src} into the ring starting at ring index {@code index}. */
    static void into(MemorySegment ring, int capacity, int index, byte[] src, int srcIndex, int length) {
        int first = Math.min(length, capacity - index);
        MemorySegment.copy(src, srcIndex, ring, ValueLayout.JAVA_BYTE, index, first);
        if (first < length) {
            MemorySegment.copy(src, srcIndex + first, ring, ValueLayout.JAVA_BYTE, 0, length - first);
        }
    }

    /** Copies {@code length} bytes out of the ring, starting at ring index {@code index}, into {@code dst}. */
    static void outOf(MemorySegment ring, int capacity, int index, MemorySegment dst, long dstOffset, int length) {
        int first = Math.min(length, capacity - index);
        MemorySegment.copy(ring, index, dst, dstOffset, first);
        if (first < length) {
            MemorySegment.copy(ring, 0, dst, dstOffset + first, length - first);
        }
    }

    /** Copies {@code length} bytes out of the ring, starting at ring index {@code index}, into {@code dst}. */
    static void outOf(MemorySegment ring, int capacity, int index, byte[] dst, int dstIndex, int length) {
        int first = Math.min(length, capacity - index);
        MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, index, dst, dstIndex, first);
        if (first < length) {
            MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, 0, dst, dstIndex + first, length - first);
        }
    }
}
