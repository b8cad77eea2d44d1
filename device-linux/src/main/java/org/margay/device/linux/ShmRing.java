package org.margay.device.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One single-producer single-consumer ring inside a shared mapping, seen from one side: either this process
 * produces into it or consumes from it, never both.
 *
 * <h2>Layout (at {@code base})</h2>
 * <pre>
 *   +0    u64 producer position   (own 128-byte block: a cache line and its adjacent-line prefetch partner)
 *   +128  u64 consumer position   (own 128-byte block)
 *   +256  capacity entries of entrySize bytes; position p lives in entry p &amp; (capacity - 1)
 * </pre>
 * Positions count entries ever written and read; they only grow (2^64 entries never wrap in practice).
 *
 * <h2>Protocol</h2>
 * The producer writes entries with plain stores, then publishes its position with a release store; the
 * consumer reads the position with an acquire load, then reads the entries. Symmetrically the consumer
 * releases its position once it has read the entries, and the producer acquires it before reusing them. No
 * locks, no atomic read-modify-write. Each side caches the other's position and rereads it only when the ring
 * looks full (producer) or empty (consumer), so a busy ring touches the shared line once per burst.
 *
 * <p>The other side is another process and may be buggy: a position that moved backwards or more than the
 * capacity is reported as {@link #CORRUPT}, never trusted.
 */
final class ShmRing {
    /** Bytes before the first entry. */
    static final long CONTROL_BYTES = 256;
    private static final long PRODUCER = 0;
    private static final long CONSUMER = 128;
    /** What {@link #available()} answers when the producer's position makes no sense. */
    static final int CORRUPT = -1;

    private static final VarHandle POSITION = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment memory;
    private final long base;
    private final int capacity;
    private final int mask;
    private final long entrySize;

    private long producerPosition;
    private long consumerPosition;

    /** A view of the ring at {@code base} of {@code memory}; the caller picks one role and sticks to it. */
    ShmRing(MemorySegment memory, long base, int capacity, long entrySize) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two, was " + capacity);
        }
        this.memory = memory;
        this.base = base;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.entrySize = entrySize;
        this.producerPosition = (long) POSITION.getAcquire(memory, base + PRODUCER);
        this.consumerPosition = (long) POSITION.getAcquire(memory, base + CONSUMER);
    }

    /** Bytes a ring of {@code capacity} entries of {@code entrySize} bytes occupies. */
    static long bytes(int capacity, long entrySize) {
        return CONTROL_BYTES + capacity * entrySize;
    }

    int capacity() {
        return capacity;
    }

    // ------------------------------------------------------------------ producer side

    /**
     * The offset in the mapping of the next entry to write, or −1 when the ring is full (the consumer has
     * not caught up) or the consumer's position is corrupt.
     */
    long nextWriteOffset() {
        if (producerPosition - consumerPosition >= capacity) {
            long consumer = (long) POSITION.getAcquire(memory, base + CONSUMER);
            if (consumer > producerPosition || consumer < consumerPosition) {
                return -1; // corrupt: the consumer claims to have read what was never written
            }
            consumerPosition = consumer;
            if (producerPosition - consumerPosition >= capacity) {
                return -1;
            }
        }
        return entryOffset(producerPosition);
    }

    /** Counts the entry just written at {@link #nextWriteOffset()}; the consumer sees it after {@link #publish()}. */
    void commitWrite() {
        producerPosition++;
    }

    /** Makes every committed entry visible to the consumer (a release store of the position). */
    void publish() {
        POSITION.setRelease(memory, base + PRODUCER, producerPosition);
    }

    // ------------------------------------------------------------------ consumer side

    /** Entries waiting to be read (an acquire load of the producer's position), or {@link #CORRUPT}. */
    int available() {
        long producer = (long) POSITION.getAcquire(memory, base + PRODUCER);
        long waiting = producer - consumerPosition;
        if (waiting < 0 || waiting > capacity) {
            return CORRUPT;
        }
        return (int) waiting;
    }

    /** The offset in the mapping of the {@code i}-th unread entry ({@code i < available()}). */
    long readOffset(int i) {
        return entryOffset(consumerPosition + i);
    }

    /** Marks {@code n} entries read and hands their space back to the producer (a release store). */
    void release(int n) {
        consumerPosition += n;
        POSITION.setRelease(memory, base + CONSUMER, consumerPosition);
    }

    private long entryOffset(long position) {
        return base + CONTROL_BYTES + (position & mask) * entrySize;
    }
}
