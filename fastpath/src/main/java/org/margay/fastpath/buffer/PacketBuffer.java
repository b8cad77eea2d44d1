package org.margay.fastpath.buffer;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One packet's memory: a fixed-capacity off-heap slot with a data window {@code [start, end)}, a reference
 * count, a link to the next segment of a scatter-gather chain, offload flags and an optional timestamp.
 *
 * <h2>Headroom</h2>
 * Data sits in the middle of the slot. The bytes before {@link #start()} are headroom, so each layer going
 * down the stack {@link #prepend(int) prepends} its header in place without copying the payload; going up,
 * each layer {@link #trimFront(int) trims} its header off. The hot path reads and writes through
 * {@link #segment()} at absolute offsets ({@code start()}, the value {@code prepend} returns, ...), which
 * allocates nothing; {@link #data()} is a cold-path convenience that allocates a slice.
 *
 * <h2>Ownership and free-protection</h2>
 * A buffer leaves its pool with a reference count of 1, held by whoever allocated it. Each further holder
 * calls {@link #retain()}; each holder calls {@link #release()} exactly once when done. The memory goes
 * back to its pool only when the last holder releases it, so a stack may keep a transmitted buffer for
 * retransmission while a device still owns it for DMA (Demikernel's free-protection). Nobody writes into a
 * buffer whose {@link #refCount()} is above 1 unless every holder agreed to it.
 *
 * <h2>Chains</h2>
 * {@link #next(PacketBuffer)} links a further segment of the same frame. The head owns the chain: linking
 * hands the caller's reference to the linked segment over to the head, and when the head's count reaches
 * zero each segment of the chain is released in turn.
 *
 * <h2>Misuse</h2>
 * Using a buffer after its last release, releasing it below zero, or moving the window outside the slot
 * throws an exception with a message naming the buffer. These checks are a compare of an {@code int} on the
 * hot path and allocate nothing until they fail. A stale holder can compare {@link #generation()} with the
 * value it saw at allocation to notice that the slot has since been reused.
 *
 * <p>Not thread-safe: a buffer belongs to one thread at a time; handing it to another thread is the
 * hand-over's job (a ring with release/acquire ordering).
 */
public final class PacketBuffer {
    /** The value of {@link #timestamp()} when none was set. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /** Offload flag: the device verified this received frame's IPv4 header checksum. */
    public static final int RX_IPV4_CHECKSUM_GOOD = 1;
    /** Offload flag: the device verified this received frame's TCP or UDP checksum. */
    public static final int RX_L4_CHECKSUM_GOOD = 1 << 1;
    /** Offload flag: the device is asked to fill this frame's IPv4 header checksum on transmit. */
    public static final int TX_IPV4_CHECKSUM = 1 << 2;
    /** Offload flag: the device is asked to fill this frame's TCP or UDP checksum on transmit. */
    public static final int TX_L4_CHECKSUM = 1 << 3;

    /**
     * Where a buffer goes when its last holder releases it. Implemented by {@link BufferPool}s; nothing else
     * calls it.
     */
    @FunctionalInterface
    public interface Recycler {
        /** Takes back {@code buffer}, whose reference count has just reached zero. */
        void recycle(PacketBuffer buffer);
    }

    private final MemorySegment slot;
    private final int capacity;
    private final int index;
    private final Recycler recycler;
    private final String ownerName;

    private int start;
    private int end;
    private int refCount;
    private int generation;
    private int offloadFlags;
    private long timestamp = NO_TIMESTAMP;
    private PacketBuffer next;

    /**
     * A free buffer over {@code slot}, for a pool implementation to hand out with {@link #claim(int)}.
     *
     * @param slot      the buffer's memory; its size is the capacity (at most {@link Integer#MAX_VALUE})
     * @param index     the slot's number inside its pool, used in messages and by the pool
     * @param recycler  where the buffer goes back after its last release
     * @param ownerName the pool's name, for messages
     */
    public PacketBuffer(MemorySegment slot, int index, Recycler recycler, String ownerName) {
        this.slot = Objects.requireNonNull(slot, "slot");
        if (slot.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a packet buffer holds at most 2 GiB, slot has " + slot.byteSize() + " bytes");
        }
        this.capacity = (int) slot.byteSize();
        this.index = index;
        this.recycler = Objects.requireNonNull(recycler, "recycler");
        this.ownerName = Objects.requireNonNull(ownerName, "ownerName");
    }

    // ---------------------------------------------------------------- pool side

    /**
     * Hands a free buffer out: count 1, an empty window at {@code headroom}, no chain, no flags, no timestamp,
     * a new generation. Called by the owning pool only.
     *
     * @throws IllegalStateException if the buffer is not free
     */
    public void claim(int headroom) {
        if (refCount != 0) {
            throw new IllegalStateException(this + " claimed while still held (refCount " + refCount + ")");
        }
        checkHeadroom(headroom);
        refCount = 1;
        generation++;
        start = headroom;
        end = headroom;
        offloadFlags = 0;
        timestamp = NO_TIMESTAMP;
        next = null;
    }

    /** The slot's number inside its pool. */
    public int index() {
        return index;
    }

    /**
     * How many times this slot has been handed out. A holder that remembers the value at allocation can tell
     * that the slot was freed and reused since.
     */
    public int generation() {
        return generation;
    }

    // ---------------------------------------------------------------- reference count

    /** The number of holders; 0 means the buffer is back in its pool and must not be touched. */
    public int refCount() {
        return refCount;
    }

    /** Whether some holder still holds this buffer (its count is above zero). */
    public boolean isLive() {
        return refCount > 0;
    }

    /**
     * Adds a holder and returns this buffer.
     *
     * @throws IllegalStateException if the buffer was already freed
     */
    public PacketBuffer retain() {
        checkLive("retain");
        refCount++;
        return this;
    }

    /**
     * Drops one holder. When the count reaches zero the buffer returns to its pool, and the segments chained
     * behind it are released in turn.
     *
     * @return true if this call freed the buffer
     * @throws IllegalStateException if the buffer was already freed (a release below zero)
     */
    public boolean release() {
        if (refCount <= 0) {
            throw new IllegalStateException(this + " released after it was freed (refCount would go below zero)");
        }
        if (--refCount > 0) {
            return false;
        }
        PacketBuffer segment = this;
        while (segment != null) {
            PacketBuffer following = segment.next;
            segment.next = null;
            segment.recycler.recycle(segment);
            if (following == null) {
                break;
            }
            if (following.refCount <= 0) {
                throw new IllegalStateException(following + " chained behind " + this + " was already freed");
            }
            if (--following.refCount > 0) {
                break;
            }
            segment = following;
        }
        return true;
    }

    // ---------------------------------------------------------------- memory and window

    /**
     * The whole slot, for reading and writing at absolute offsets ({@link #start()} .. {@link #end()}).
     *
     * @throws IllegalStateException if the buffer was already freed
     */
    public MemorySegment segment() {
        checkLive("segment");
        return slot;
    }

    /** The data window as its own segment. Cold path: this allocates a slice object. */
    public MemorySegment data() {
        return segment().asSlice(start, end - start);
    }

    /** The slot size in bytes. */
    public int capacity() {
        return capacity;
    }

    /** Offset of the first data byte; also the headroom left in front of it. */
    public int start() {
        return start;
    }

    /** Offset one past the last data byte. */
    public int end() {
        return end;
    }

    /** Bytes in the data window of this segment. */
    public int length() {
        return end - start;
    }

    /** Bytes free before the data window. */
    public int headroom() {
        return start;
    }

    /** Bytes free after the data window. */
    public int tailroom() {
        return capacity - end;
    }

    /**
     * Grows the window by {@code n} bytes at the front, into the headroom, and returns the new
     * {@link #start()}: the offset at which the caller writes the header it prepends.
     *
     * @throws IllegalArgumentException if {@code n} is negative or larger than the headroom
     */
    public int prepend(int n) {
        checkLive("prepend");
        if (n < 0 || n > start) {
            throw new IllegalArgumentException(this + ": cannot prepend " + n + " bytes, headroom is " + start);
        }
        start -= n;
        return start;
    }

    /**
     * Shrinks the window by {@code n} bytes at the front (a layer removing its header) and returns the new
     * {@link #start()}.
     *
     * @throws IllegalArgumentException if {@code n} is negative or longer than the data
     */
    public int trimFront(int n) {
        checkLive("trimFront");
        if (n < 0 || n > end - start) {
            throw new IllegalArgumentException(this + ": cannot trim " + n + " bytes from the front of " + (end - start));
        }
        start += n;
        return start;
    }

    /**
     * Grows the window by {@code n} bytes at the back and returns the offset where those bytes begin (the old
     * {@link #end()}).
     *
     * @throws IllegalArgumentException if {@code n} is negative or larger than the tailroom
     */
    public int append(int n) {
        checkLive("append");
        if (n < 0 || n > capacity - end) {
            throw new IllegalArgumentException(this + ": cannot append " + n + " bytes, tailroom is " + (capacity - end));
        }
        int at = end;
        end += n;
        return at;
    }

    /**
     * Shrinks the window by {@code n} bytes at the back (dropping padding or a trailer) and returns the new
     * {@link #end()}.
     *
     * @throws IllegalArgumentException if {@code n} is negative or longer than the data
     */
    public int trimBack(int n) {
        checkLive("trimBack");
        if (n < 0 || n > end - start) {
            throw new IllegalArgumentException(this + ": cannot trim " + n + " bytes from the back of " + (end - start));
        }
        end -= n;
        return end;
    }

    /**
     * Empties the window and places it at {@code headroom}. Chain, flags and timestamp are kept.
     *
     * @throws IllegalArgumentException if {@code headroom} is negative or beyond the capacity
     */
    public void reset(int headroom) {
        checkLive("reset");
        checkHeadroom(headroom);
        start = headroom;
        end = headroom;
    }

    // ---------------------------------------------------------------- chain

    /** The next segment of this frame, or null. */
    public PacketBuffer next() {
        return next;
    }

    /**
     * Links {@code segment} (or null to cut the chain) behind this one. The caller's reference to
     * {@code segment} passes to the chain: it is released when this head is freed.
     */
    public void next(PacketBuffer segment) {
        checkLive("next");
        if (segment == this) {
            throw new IllegalArgumentException(this + " cannot be chained to itself");
        }
        next = segment;
    }

    /** Bytes in the data windows of this segment and every segment after it. */
    public int frameLength() {
        int total = 0;
        for (PacketBuffer segment = this; segment != null; segment = segment.next) {
            total += segment.end - segment.start;
        }
        return total;
    }

    /** Number of segments in the chain starting here (1 for a single buffer). */
    public int segmentCount() {
        int count = 0;
        for (PacketBuffer segment = this; segment != null; segment = segment.next) {
            count++;
        }
        return count;
    }

    /**
     * Appends the whole frame's data (every segment from this one on) to {@code target}'s window, flattening
     * the chain, and returns the number of bytes copied. Allocates nothing.
     *
     * @throws IllegalArgumentException if the frame does not fit in {@code target}'s tailroom
     */
    public int copyTo(PacketBuffer target) {
        int length = frameLength();
        int at = target.append(length);
        MemorySegment into = target.segment();
        for (PacketBuffer segment = this; segment != null; segment = segment.next) {
            int n = segment.end - segment.start;
            MemorySegment.copy(segment.segment(), segment.start, into, at, n);
            at += n;
        }
        return length;
    }

    /**
     * Copies the whole frame's data to {@code target} at {@code offset} (flattening the chain) and returns
     * the number of bytes copied. Allocates nothing.
     */
    public int copyTo(MemorySegment target, long offset) {
        long at = offset;
        for (PacketBuffer segment = this; segment != null; segment = segment.next) {
            int n = segment.end - segment.start;
            MemorySegment.copy(segment.segment(), segment.start, target, at, n);
            at += n;
        }
        return (int) (at - offset);
    }

    // ---------------------------------------------------------------- metadata

    /** Offload flags ({@link #RX_IPV4_CHECKSUM_GOOD}, ...); zero after allocation. */
    public int offloadFlags() {
        return offloadFlags;
    }

    /** Replaces the offload flags. */
    public void offloadFlags(int flags) {
        offloadFlags = flags;
    }

    /** The frame's timestamp in the clock's nanoseconds (a device sets it on receive), or {@link #NO_TIMESTAMP}. */
    public long timestamp() {
        return timestamp;
    }

    /** Sets the frame's timestamp. */
    public void timestamp(long nanos) {
        timestamp = nanos;
    }

    /** Whether a timestamp was set since allocation. */
    public boolean hasTimestamp() {
        return timestamp != NO_TIMESTAMP;
    }

    @Override
    public String toString() {
        return "PacketBuffer[" + ownerName + "#" + index + " gen " + generation + " ref " + refCount
                + " window " + start + ".." + end + " of " + capacity + "]";
    }

    private void checkLive(String operation) {
        if (refCount <= 0) {
            throw new IllegalStateException(this + ": " + operation + "() after the buffer was freed (use after free)");
        }
    }

    private void checkHeadroom(int headroom) {
        if (headroom < 0 || headroom > capacity) {
            throw new IllegalArgumentException("headroom " + headroom + " outside 0.." + capacity + " of " + this);
        }
    }
}
