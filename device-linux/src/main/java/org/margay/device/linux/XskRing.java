package org.margay.device.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One of an AF_XDP socket's four rings (fill, completion, rx, tx), shared with the kernel, driven from Java.
 * The ring protocol is the kernel's ({@code net/xdp/xsk_queue.h}, and the inline helpers of libxdp's
 * {@code xsk.h} that Java cannot call): u32 producer and consumer positions that wrap, a power-of-two array of
 * entries, and a flags word whose {@code XDP_RING_NEED_WAKEUP} bit asks for a system call.
 *
 * <p>A producer writes entries, then stores its position with release semantics; a consumer loads the
 * producer's position with acquire semantics, reads the entries, then stores its own position with release
 * semantics. Each side caches the other's position and rereads it only when it seems to have run out.
 * Positions are u32 that wrap, so every difference is taken in {@code int} arithmetic.
 *
 * <p>Built from the {@code struct xsk_ring_prod/cons} that libxdp filled in (which gives the mapped addresses);
 * this class then owns the ring. One thread.
 */
@SuppressWarnings("restricted") // native access is this class's job; the module is granted it
final class XskRing {
    private static final VarHandle U32 = JAVA_INT.varHandle();
    private static final long MASK = LibXdp.RING.byteOffset(groupElement("mask"));
    private static final long SIZE = LibXdp.RING.byteOffset(groupElement("size"));
    private static final long PRODUCER = LibXdp.RING.byteOffset(groupElement("producer"));
    private static final long CONSUMER = LibXdp.RING.byteOffset(groupElement("consumer"));
    private static final long ENTRIES = LibXdp.RING.byteOffset(groupElement("ring"));
    private static final long FLAGS = LibXdp.RING.byteOffset(groupElement("flags"));
    private static final int NEED_WAKEUP = 1;

    private final MemorySegment producer;
    private final MemorySegment consumer;
    private final MemorySegment flags;
    private final MemorySegment entries;
    private final int mask;
    private final int size;
    private final long entryBytes;
    private int cachedProducer;
    private int cachedConsumer;

    /** A view of the ring libxdp described in {@code struct}, whose entries are {@code entryBytes} long. */
    XskRing(MemorySegment struct, long entryBytes) {
        this.mask = struct.get(JAVA_INT, MASK);
        this.size = struct.get(JAVA_INT, SIZE);
        this.entryBytes = entryBytes;
        this.producer = struct.get(ADDRESS, PRODUCER).reinterpret(4);
        this.consumer = struct.get(ADDRESS, CONSUMER).reinterpret(4);
        this.flags = struct.get(ADDRESS, FLAGS).reinterpret(4);
        this.entries = struct.get(ADDRESS, ENTRIES).reinterpret((long) size * entryBytes);
        this.cachedProducer = (int) U32.getAcquire(producer, 0L);
        this.cachedConsumer = (int) U32.getAcquire(consumer, 0L);
    }

    /** The entries, for reading and writing at {@link #offset(int)}. */
    MemorySegment entries() {
        return entries;
    }

    int size() {
        return size;
    }

    /** Offset in {@link #entries()} of position {@code position}. */
    long offset(int position) {
        return (position & mask) * entryBytes;
    }

    /** Whether the kernel asked for a wakeup system call on this ring. */
    boolean needsWakeup() {
        return ((int) U32.getAcquire(flags, 0L) & NEED_WAKEUP) != 0;
    }

    // ------------------------------------------------------------------ producer side (fill, tx)

    /** Entries this producer may write now (rereads the consumer when it seems short of {@code wanted}). */
    int free(int wanted) {
        int free = size - (cachedProducer - cachedConsumer);
        if (free < wanted) {
            cachedConsumer = (int) U32.getAcquire(consumer, 0L);
            free = size - (cachedProducer - cachedConsumer);
        }
        return free;
    }

    /** The position of the next entry to write. */
    int producerPosition() {
        return cachedProducer;
    }

    /** Counts {@code n} written entries; the kernel sees them after {@link #submit()}. */
    void produced(int n) {
        cachedProducer += n;
    }

    /** Publishes what was produced (a release store). */
    void submit() {
        U32.setRelease(producer, 0L, cachedProducer);
    }

    // ------------------------------------------------------------------ consumer side (completion, rx)

    /** Entries ready to read, at most {@code wanted} (an acquire load of the producer when none are cached). */
    int peek(int wanted) {
        int ready = cachedProducer - cachedConsumer;
        if (ready == 0) {
            cachedProducer = (int) U32.getAcquire(producer, 0L);
            ready = cachedProducer - cachedConsumer;
        }
        return Math.min(ready, wanted);
    }

    /** The position of the next entry to read. */
    int consumerPosition() {
        return cachedConsumer;
    }

    /** Hands {@code n} read entries back to the kernel (a release store). */
    void release(int n) {
        cachedConsumer += n;
        U32.setRelease(consumer, 0L, cachedConsumer);
    }
}
