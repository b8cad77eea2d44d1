package org.margay.pcap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A buffered window over a byte channel that hands out contiguous runs of bytes without copying them per
 * record. The window is one heap array that grows (by doubling) only when a single run needs more room, and
 * never beyond {@code maxCapacity}; bytes handed out stay valid until the next {@link #fill}.
 */
final class ByteSource implements AutoCloseable {
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final ReadableByteChannel channel;
    private final int maxCapacity;
    private byte[] array;
    private ByteBuffer buffer;
    private MemorySegment segment;
    private int start;
    private int end;
    private long startOffset;
    private boolean eof;

    ByteSource(ReadableByteChannel channel, int maxCapacity) {
        this.channel = channel;
        this.maxCapacity = maxCapacity;
        allocate(Math.min(INITIAL_CAPACITY, maxCapacity));
    }

    private void allocate(int capacity) {
        byte[] grown = new byte[capacity];
        if (array != null) {
            System.arraycopy(array, start, grown, 0, end - start);
            end -= start;
            start = 0;
        }
        array = grown;
        buffer = ByteBuffer.wrap(grown);
        segment = MemorySegment.ofArray(grown);
    }

    /** The largest run {@link #fill} can make available. */
    int maxCapacity() {
        return maxCapacity;
    }

    /**
     * Makes {@code n} bytes available at {@link #position()} if the stream has them, and returns how many are
     * available (fewer than {@code n} only at end of stream). {@code n} must not exceed {@link #maxCapacity()}.
     * Moves earlier bytes, so slices handed out before become invalid.
     */
    int fill(int n) throws IOException {
        if (n > maxCapacity) {
            throw new IllegalArgumentException("run of " + n + " bytes exceeds the cap " + maxCapacity);
        }
        if (end - start >= n) {
            return n;
        }
        if (n > array.length) {
            allocate(Math.min(maxCapacity, Math.max(n, array.length * 2)));
        } else if (start + n > array.length) {
            System.arraycopy(array, start, array, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < n && !eof) {
            buffer.limit(array.length).position(end);
            int read = channel.read(buffer);
            if (read < 0) {
                eof = true;
            } else {
                end += read;
            }
        }
        return Math.min(n, end - start);
    }

    /** Consumes {@code n} available bytes. */
    void consume(int n) {
        start += n;
        startOffset += n;
    }

    /**
     * Consumes {@code n} bytes that need not fit in the window, reading through them; returns how many were
     * actually skipped (fewer only at end of stream).
     */
    long skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int want = (int) Math.min(left, array.length);
            int got = fill(want);
            consume(got);
            left -= got;
            if (got < want) {
                break;
            }
        }
        return n - left;
    }

    /** Offset from the start of the stream of the first unconsumed byte. */
    long offset() {
        return startOffset;
    }

    /** Index in {@link #segment()} of the first unconsumed byte. */
    int position() {
        return start;
    }

    /** The whole window; valid until the next {@link #fill}. */
    MemorySegment segment() {
        return segment;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
