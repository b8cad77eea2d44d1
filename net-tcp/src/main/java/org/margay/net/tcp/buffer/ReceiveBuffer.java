package org.margay.net.tcp.buffer;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The receive ring of one TCP connection. Its front holds the in-order bytes the application has not read yet
 * ({@link #readable()}); the rest of the ring is the receive window, starting at RCV.NXT, into which segments
 * (in order or not) are written at their offset from RCV.NXT.
 *
 * <pre>
 *   ring:  [ readable (in order, unread) | window: RCV.NXT ... RCV.NXT + window() ]
 *            ^ read()/peek()/skip()        ^ writeAt(0, ...)          writeAt(window() - 1, ...) ^
 * </pre>
 *
 * <p>Bytes written into the window mean nothing until the caller says so: an {@link Assembler} records which
 * ranges hold data, and {@link #commit} turns the front of the window into readable bytes once they are
 * contiguous with RCV.NXT. RCV.NXT itself (a sequence number) is the engine's; this class only knows offsets.
 * The window here is the free buffer space; how much of it to advertise is the engine's choice (receiver-side
 * silly window syndrome avoidance, RFC 9293 §3.8.6.2.2).
 *
 * <p>What must stay true:
 * <ul>
 *   <li>{@code 0 <= readable() <= capacity()} and {@code window() == capacity() − readable()};</li>
 *   <li>the right edge of the window, RCV.NXT + {@code window()}, never moves left: {@link #commit} moves
 *       RCV.NXT right and shrinks the window by the same amount, and reading only grows the window. So data
 *       written into the window stays inside it until committed (RFC 9293 §3.8.6: a receiver should not
 *       shrink the window);</li>
 *   <li>the ring never re-bases while bytes may sit in the window (only {@link #clear} resets it), because
 *       out-of-order bytes are stored at fixed ring positions relative to RCV.NXT;</li>
 *   <li>every transfer is at most two bulk copies. A ring over given storage never allocates. A
 *       {@linkplain #growable growable} ring starts with no storage and allocates only when a write reaches past
 *       the storage it has (readable bytes plus the written offset in the window): the storage at least doubles
 *       each time (from 4 KiB) up to the ring's size, so it grows a bounded number of times and then never
 *       again. Growth copies the whole old ring in ring order from the first readable byte, so out-of-order
 *       bytes already written in the window keep their offsets from RCV.NXT;</li>
 *   <li>the window ({@link #window()}, what the engine advertises from) depends only on {@link #capacity()}, the
 *       configured size, never on the storage held: growing is invisible to the peer.</li>
 * </ul>
 *
 * <p>Errors: writes are clipped to the window and report what they stored; reads return what they copied.
 * A negative offset, length or count, or committing more than the window, is a programming error in the engine
 * (data before RCV.NXT must be trimmed first, RFC 9293 §3.10.7.4) and throws {@link IllegalArgumentException}.
 * Not thread-safe.
 */
public final class ReceiveBuffer {
    /** The ring's bytes; for a growable ring, replaced by a larger copy as needed. */
    private MemorySegment storage;
    /** The storage's size: the ring's modulus. At most {@link #capacity}. */
    private int size;
    /** The ring's largest size: {@link #limit} may be raised up to it. */
    private final int capacity;
    private final boolean growable;
    /** The usable size, at most {@link #capacity}: readable bytes plus the window never exceed it. */
    private int limit;
    /** Ring index of the first readable byte. */
    private int head;
    /** In-order bytes not yet read, starting at {@link #head}; the window starts right after them. */
    private int readable;

    /**
     * A receive ring over {@code storage}, whose size (1 byte to 2^30 bytes, the largest window RFC 7323 §2.3
     * allows) is the capacity. The caller keeps the storage's lifetime (arena).
     */
    public ReceiveBuffer(MemorySegment storage) {
        this.capacity = RingCopy.capacityOf(storage);
        this.limit = capacity;
        this.storage = storage;
        this.size = capacity;
        this.growable = false;
    }

    private ReceiveBuffer(int capacity) {
        if (capacity < 1 || capacity > RingCopy.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + RingCopy.MAX_CAPACITY + ", not " + capacity);
        }
        this.capacity = capacity;
        this.limit = capacity;
        this.storage = RingCopy.EMPTY;
        this.size = 0;
        this.growable = true;
    }

    /**
     * A receive ring of {@code capacity} bytes (1 to 2^30) that holds no storage until the first {@link #writeAt},
     * then grows on the heap, doubling, as far as the bytes written require. Its window is that of a full ring from
     * the start: only memory is deferred, never the window offered.
     */
    public static ReceiveBuffer growable(int capacity) {
        return new ReceiveBuffer(capacity);
    }

    /** The bytes of storage the ring holds now (its size for a ring over given storage). */
    public int storageBytes() {
        return size;
    }

    /**
     * Gives a growable ring's storage back when nothing is readable (the connection closed or went to TIME-WAIT);
     * a later write allocates again. Bytes written in the window but not committed are forgotten with it, so the
     * caller clears its {@link Assembler} too. Does nothing to a ring over given storage or one with readable
     * bytes.
     *
     * @return whether storage was released
     */
    public boolean release() {
        if (!growable || readable != 0 || size == 0) {
            return false;
        }
        storage = RingCopy.EMPTY;
        size = 0;
        head = 0;
        return true;
    }

    /**
     * Uses only {@code bytes} of the ring (at most its size): a buffer allocated with headroom can grow later, for
     * example when the engine rounds it up to a multiple of the MSS. Lowering it below the bytes already readable
     * plus those the window may hold would shrink the window, so it may only be lowered before any data arrived.
     *
     * @throws IllegalArgumentException if {@code bytes} exceeds the ring's size, or is below {@link #readable()},
     *     or would move the window's right edge left once data arrived
     */
    public void limit(int bytes) {
        if (bytes > capacity || bytes < 1 || bytes < readable) {
            throw new IllegalArgumentException("limit " + bytes + " outside [max(1, readable " + readable + "), "
                    + capacity + "]");
        }
        limit = bytes;
    }

    /** A receive ring over a fresh heap array of {@code capacity} bytes (cold path: tests, simulations). */
    public static ReceiveBuffer ofCapacity(int capacity) {
        return new ReceiveBuffer(MemorySegment.ofArray(new byte[capacity]));
    }

    /** The usable size in bytes (the ring's size unless {@link #limit(int)} lowered it). */
    public int capacity() {
        return limit;
    }

    /** In-order bytes the application has not read yet. */
    public int readable() {
        return readable;
    }

    /** The bytes that may be written from RCV.NXT on: {@code capacity() − readable()}. */
    public int window() {
        return limit - readable;
    }

    /**
     * Stores the segment bytes {@code [offsetFromNext, offsetFromNext + length)} (offsets from RCV.NXT), clipped to
     * the window {@code [0, window())}: the bytes beyond the window are not stored (RFC 9293 §3.10.7.4: a segment
     * is trimmed to the window). Already committed or readable bytes are never touched.
     *
     * <p>Writing into the window does not make bytes readable: record the stored range in the {@link Assembler}
     * and {@link #commit} what it reports as contiguous. A write the Assembler then refuses is harmless, since
     * bytes in the window that no range records are ignored and later overwritten.
     *
     * @return the bytes stored, starting at {@code offsetFromNext}: {@code min(length, window() − offsetFromNext)},
     *     or 0 when the write lies wholly outside the window
     * @throws IllegalArgumentException if {@code offsetFromNext} or {@code length} is negative
     */
    public int writeAt(int offsetFromNext, MemorySegment src, long srcOffset, int length) {
        int stored = clip(offsetFromNext, length);
        if (stored > 0) {
            RingCopy.into(storage, size, windowIndex(offsetFromNext), src, srcOffset, stored);
        }
        return stored;
    }

    /** As {@link #writeAt(int, MemorySegment, long, int)}, from a heap array (cold path, tests). */
    public int writeAt(int offsetFromNext, byte[] src, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        int stored = clip(offsetFromNext, length);
        if (stored > 0) {
            RingCopy.into(storage, size, windowIndex(offsetFromNext), src, srcIndex, stored);
        }
        return stored;
    }

    /**
     * Makes the first {@code bytes} of the window readable: they became in order (the {@link Assembler} said so).
     * The caller advances RCV.NXT by the same amount (RFC 9293 §3.10.7.4, "RCV.NXT is advanced over the data
     * accepted").
     *
     * @throws IllegalArgumentException unless {@code 0 <= bytes <= window()}
     */
    public void commit(int bytes) {
        if (bytes < 0 || bytes > limit - readable) {
            throw new IllegalArgumentException("cannot commit " + bytes + " bytes into a window of " + window());
        }
        readable += bytes;
    }

    /**
     * Moves up to {@code max} readable bytes into {@code dst}; the window grows by as much.
     *
     * @return the bytes copied: {@code min(max, readable())}
     */
    public int read(MemorySegment dst, long dstOffset, int max) {
        int n = peek(0, dst, dstOffset, max);
        drop(n);
        return n;
    }

    /** As {@link #read(MemorySegment, long, int)}, into a heap array (cold path, tests). */
    public int read(byte[] dst, int dstIndex, int max) {
        int n = peek(0, dst, dstIndex, max);
        drop(n);
        return n;
    }

    /** Copies up to {@code max} readable bytes into {@code dst} without consuming them; see {@link #read}. */
    public int peek(MemorySegment dst, long dstOffset, int max) {
        return peek(0, dst, dstOffset, max);
    }

    /**
     * Copies up to {@code max} readable bytes, starting {@code offset} bytes after the first readable one, into
     * {@code dst} without consuming them.
     *
     * @return the bytes copied: {@code min(max, readable() − offset)}, or 0 when {@code offset >= readable()}
     * @throws IllegalArgumentException if {@code offset} or {@code max} is negative
     */
    public int peek(int offset, MemorySegment dst, long dstOffset, int max) {
        int n = available(offset, max);
        if (n > 0) {
            RingCopy.outOf(storage, size, RingCopy.advance(head, offset, size), dst, dstOffset, n);
        }
        return n;
    }

    /** As {@link #peek(int, MemorySegment, long, int)}, into a heap array (cold path, tests). */
    public int peek(int offset, byte[] dst, int dstIndex, int max) {
        int n = available(offset, max);
        Objects.checkFromIndexSize(dstIndex, n, dst.length);
        if (n > 0) {
            RingCopy.outOf(storage, size, RingCopy.advance(head, offset, size), dst, dstIndex, n);
        }
        return n;
    }

    /**
     * Discards up to {@code max} readable bytes without copying them (after a {@link #peek}).
     *
     * @return the bytes discarded: {@code min(max, readable())}
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public int skip(int max) {
        int n = available(0, max);
        drop(n);
        return n;
    }

    /** Forgets every byte, readable or in the window (connection reset or reuse). */
    public void clear() {
        head = 0;
        readable = 0;
    }

    private int clip(int offsetFromNext, int length) {
        if (offsetFromNext < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offsetFromNext + " and length " + length
                    + " must not be negative (trim data before RCV.NXT first)");
        }
        int window = limit - readable;
        int stored = offsetFromNext >= window ? 0 : Math.min(length, window - offsetFromNext);
        // readable + offsetFromNext + stored <= limit <= capacity <= 2^30: no overflow.
        if (stored > 0 && readable + offsetFromNext + stored > size) {
            grow(readable + offsetFromNext + stored);
        }
        return stored;
    }

    /**
     * Moves a growable ring to storage that holds {@code needed} bytes from the head (cold: a bounded number of
     * times). Every byte written so far lies less than the old size after the head (each write grew the ring to
     * cover it, and reading only moves the head forward over bytes already counted), so copying the old ring whole,
     * in order from the head, keeps readable bytes and window bytes at their offsets.
     */
    private void grow(int needed) {
        int newSize = RingCopy.grownSize(size, needed, capacity);
        storage = RingCopy.regrow(storage, size, head, newSize);
        size = newSize;
        head = 0;
    }

    /** Ring index of the window byte {@code offsetFromNext} after RCV.NXT ({@code < window()}). */
    private int windowIndex(int offsetFromNext) {
        // readable + offsetFromNext < size <= 2^30: no overflow.
        return RingCopy.advance(head, readable + offsetFromNext, size);
    }

    private int available(int offset, int max) {
        if (offset < 0 || max < 0) {
            throw new IllegalArgumentException("offset " + offset + " and max " + max + " must not be negative");
        }
        return offset >= readable ? 0 : Math.min(max, readable - offset);
    }

    /** Drops {@code n <= readable} bytes from the front. The ring is not re-based: the window may hold data. */
    private void drop(int n) {
        head = RingCopy.advance(head, n, size);
        readable -= n;
    }

    @Override
    public String toString() {
        return "ReceiveBuffer[capacity=" + limit + ", storage=" + size + ", readable=" + readable + ", head=" + head
                + "]";
    }
}
