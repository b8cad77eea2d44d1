package org.margay.pdpix.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * {@link ByteBuffer} views of the memory segments NIO reads into and writes from, cached so that the data path
 * allocates none. {@code segment.asSlice(...).asByteBuffer()} allocates two objects per call; a pool buffer's
 * slot, though, is one long-lived {@link MemorySegment}, so one whole-slot view per slot, re-windowed with
 * {@code position}/{@code limit} for each call, serves every read and write of that buffer.
 *
 * <p>Keys are segment identities in an open-addressed table (a short probe, no chains). A segment that finds no
 * place (the table is full around its hash, which a pool's own slots never fill as the table has twice as many
 * places) gets a fresh view per call, counted by {@link #uncachedViews()}.
 *
 * <p>Invariant: a view handed out is used for one system call before the next {@link #view} call, on the
 * library OS's single thread, so sharing one view per slot between queues is safe. Not thread-safe.
 */
final class SegmentViews {
    private static final int PROBES = 8;

    private final MemorySegment[] keys;
    private final ByteBuffer[] views;
    private final int mask;
    private long uncached;
    private int cached;

    /** A cache with room for about {@code expected} segments (rounded up to a power of two, doubled). */
    SegmentViews(int expected) {
        int size = Integer.highestOneBit(Math.max(16, expected) - 1) << 2;
        this.keys = new MemorySegment[size];
        this.views = new ByteBuffer[size];
        this.mask = size - 1;
    }

    /** A view of {@code segment[offset, offset + length)}, positioned at {@code offset}. */
    ByteBuffer view(MemorySegment segment, long offset, int length) {
        int h = System.identityHashCode(segment);
        int i = (h ^ (h >>> 16)) & mask;
        for (int p = 0; p < PROBES; p++) {
            MemorySegment k = keys[i];
            if (k == segment) {
                return window(views[i], offset, length);
            }
            if (k == null) {
                ByteBuffer v = segment.asByteBuffer();
                keys[i] = segment;
                views[i] = v;
                cached++;
                return window(v, offset, length);
            }
            i = (i + 1) & mask;
        }
        uncached++;
        return window(segment.asByteBuffer(), offset, length);
    }

    /** Views made for one call only because the table had no room (each is an allocation). */
    long uncachedViews() {
        return uncached;
    }

    /** Segments with a cached view. */
    int cachedViews() {
        return cached;
    }

    private static ByteBuffer window(ByteBuffer v, long offset, int length) {
        v.limit(v.capacity());
        v.position((int) offset);
        v.limit((int) offset + length);
        return v;
    }
}
