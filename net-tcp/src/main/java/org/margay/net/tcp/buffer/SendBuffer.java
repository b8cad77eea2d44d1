package org.margay.net.tcp.buffer;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The send ring of one TCP connection: the bytes the application has written and the peer has not yet
 * acknowledged. The engine copies application bytes in with {@link #append}, copies them out for (re)transmission
 * with {@link #copyOut}, and drops them with {@link #consume} when an ACK covers them.
 *
 * <p>Offset 0 is always SND.UNA, the oldest unacknowledged byte (RFC 9293 §3.3.1). The ring holds both the
 * sent-but-unacknowledged bytes {@code [0, SND.NXT − SND.UNA)} and the not-yet-sent bytes after them; where the
 * boundary lies is the engine's business, not this class's. A sender must keep every byte until it is
 * acknowledged, because any of them may have to be retransmitted (RFC 9293 §3.8.1).
 *
 * <p>What must stay true:
 * <ul>
 *   <li>{@code 0 <= length() <= capacity()} and {@code free() == capacity() − length()};</li>
 *   <li>the bytes at offsets {@code [0, length())} are exactly the appended bytes not yet consumed, in order;</li>
 *   <li>every transfer is at most two bulk copies (one on each side of the wrap point). A ring over given storage
 *       never allocates. A {@linkplain #growable growable} ring starts with no storage and allocates only when
 *       {@link #append} needs more room than it has: the storage at least doubles each time (from 4 KiB) up to
 *       the capacity, so it grows a bounded number of times (at most 9 for 1 MiB) and then never again;</li>
 *   <li>growth copies the held bytes in ring order, so offsets from SND.UNA are unchanged by it.</li>
 * </ul>
 *
 * <p>Errors: {@link #append} takes what fits and says how much, so a full ring is a return value, not an
 * exception. Asking {@link #copyOut} or {@link #consume} for bytes the ring does not hold is a programming error
 * in the engine and throws {@link IndexOutOfBoundsException} or {@link IllegalArgumentException}; it never
 * comes from the peer's bytes. Not thread-safe: one connection, one thread.
 */
public final class SendBuffer {
    /** The ring's bytes; for a growable ring, replaced by a larger copy as needed (never smaller than length). */
    private MemorySegment storage;
    /** The storage's size: the ring's modulus. At most {@link #capacity}. */
    private int size;
    private final int capacity;
    private final boolean growable;
    /** Ring index of SND.UNA (offset 0). */
    private int head;
    /** Bytes held, starting at {@link #head}. */
    private int length;

    /**
     * A send ring over {@code storage}, whose size (1 byte to 2^30 bytes) is the capacity. The ring owns the
     * storage's contents from now on; the caller keeps its lifetime (arena).
     */
    public SendBuffer(MemorySegment storage) {
        this.capacity = RingCopy.capacityOf(storage);
        this.storage = storage;
        this.size = capacity;
        this.growable = false;
    }

    private SendBuffer(int capacity) {
        if (capacity < 1 || capacity > RingCopy.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + RingCopy.MAX_CAPACITY + ", not " + capacity);
        }
        this.capacity = capacity;
        this.storage = RingCopy.EMPTY;
        this.size = 0;
        this.growable = true;
    }

    /** A send ring over a fresh heap array of {@code capacity} bytes (cold path: tests, simulations). */
    public static SendBuffer ofCapacity(int capacity) {
        return new SendBuffer(MemorySegment.ofArray(new byte[capacity]));
    }

    /**
     * A send ring of {@code capacity} bytes (1 to 2^30) that holds no storage until the first {@link #append},
     * then grows on the heap, doubling, as the bytes held require: a connection that never sends costs nothing,
     * and one that sends little never pays for its whole capacity.
     */
    public static SendBuffer growable(int capacity) {
        return new SendBuffer(capacity);
    }

    /** The bytes of storage the ring holds now (its capacity for a ring over given storage). */
    public int storageBytes() {
        return size;
    }

    /**
     * Gives a growable ring's storage back when it holds nothing (the connection closed or went to TIME-WAIT); a
     * later {@link #append} allocates again. Does nothing to a ring over given storage or one holding bytes.
     *
     * @return whether storage was released
     */
    public boolean release() {
        if (!growable || length != 0 || size == 0) {
            return false;
        }
        storage = RingCopy.EMPTY;
        size = 0;
        head = 0;
        return true;
    }

    /** The most bytes the ring can hold. */
    public int capacity() {
        return capacity;
    }

    /** The bytes held: unacknowledged plus unsent. */
    public int length() {
        return length;
    }

    /** The bytes that {@link #append} can still take: {@code capacity() − length()}. */
    public int free() {
        return capacity - length;
    }

    /** Whether no byte is held. */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * Appends up to {@code length} bytes of {@code src} from {@code srcOffset}, taking at most {@link #free()}.
     *
     * @return the bytes taken (0 when the ring is full); the caller keeps the rest
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public int append(MemorySegment src, long srcOffset, int length) {
        int taken = take(length);
        RingCopy.into(storage, size, tail(), src, srcOffset, taken);
        this.length += taken;
        return taken;
    }

    /** As {@link #append(MemorySegment, long, int)}, from a heap array (cold path, tests). */
    public int append(byte[] src, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        int taken = take(length);
        RingCopy.into(storage, size, tail(), src, srcIndex, taken);
        this.length += taken;
        return taken;
    }

    /**
     * Copies {@code length} bytes starting {@code offset} bytes after SND.UNA into {@code dst}, leaving the ring
     * unchanged. Used both to send new data (offset {@code SND.NXT − SND.UNA}) and to retransmit (a smaller
     * offset).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= offset}, {@code 0 <= length} and
     *     {@code offset + length <= length()}: the engine asked for bytes it does not hold
     */
    public void copyOut(int offset, MemorySegment dst, long dstOffset, int length) {
        Objects.checkFromIndexSize(offset, length, this.length);
        RingCopy.outOf(storage, size, RingCopy.advance(head, offset, size), dst, dstOffset, length);
    }

    /** As {@link #copyOut(int, MemorySegment, long, int)}, into a heap array (cold path, tests). */
    public void copyOut(int offset, byte[] dst, int dstIndex, int length) {
        Objects.checkFromIndexSize(offset, length, this.length);
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        RingCopy.outOf(storage, size, RingCopy.advance(head, offset, size), dst, dstIndex, length);
    }

    /**
     * Drops {@code bytes} acknowledged bytes from the front: SND.UNA advances by {@code bytes} (RFC 9293 §3.10.7.4,
     * "SND.UNA < SEG.ACK =< SND.NXT then set SND.UNA <- SEG.ACK"; acknowledged segments leave the queue). When
     * the ring becomes empty its next byte starts at storage index 0 again, so that later copies rarely wrap.
     *
     * @throws IllegalArgumentException unless {@code 0 <= bytes <= length()}
     */
    public void consume(int bytes) {
        if (bytes < 0 || bytes > length) {
            throw new IllegalArgumentException("cannot consume " + bytes + " of " + length + " bytes held");
        }
        length -= bytes;
        head = length == 0 ? 0 : RingCopy.advance(head, bytes, size);
    }

    /** Drops every byte (connection reset or reuse); the storage contents are left as they are. */
    public void clear() {
        head = 0;
        length = 0;
    }

    private int take(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("negative length " + requested);
        }
        int taken = Math.min(requested, capacity - length);
        if (length + taken > size) {
            grow(length + taken);
        }
        return taken;
    }

    /** Moves a growable ring to storage that holds {@code needed} bytes (cold: a bounded number of times). */
    private void grow(int needed) {
        int newSize = RingCopy.grownSize(size, needed, capacity);
        MemorySegment grown = RingCopy.regrow(storage, size, head, newSize);
        // Only the held bytes matter: regrow copied the whole old ring from the head, which includes them.
        storage = grown;
        size = newSize;
        head = 0;
    }

    private int tail() {
        return RingCopy.advance(head, length, size);
    }

    @Override
    public String toString() {
        return "SendBuffer[capacity=" + capacity + ", storage=" + size + ", length=" + length + ", head=" + head + "]";
    }
}
