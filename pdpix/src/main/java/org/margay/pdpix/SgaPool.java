package org.margay.pdpix;

import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * The preallocated {@link Sga} objects of one library OS, and the buffer pool their segments come from.
 * Allocating and freeing elements allocates no Java objects.
 *
 * <p>Invariants: an Sga is handed out at most once until it is freed; {@link #free} of an Sga that is not live,
 * or that belongs to another pool, is refused with an error code, never a corruption.
 * Single-threaded (the library OS's thread).
 */
public final class SgaPool {
    private final String name;
    private final BufferPool buffers;
    private final Sga[] all;
    private final int[] freeStack;
    private int freeCount;
    private long exhausted;

    /** {@code capacity} elements whose segments come from {@code buffers}. */
    public SgaPool(String name, BufferPool buffers, int capacity) {
        this.name = Objects.requireNonNull(name, "name");
        this.buffers = Objects.requireNonNull(buffers, "buffers");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.all = new Sga[capacity];
        this.freeStack = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            all[i] = new Sga(this, i);
            freeStack[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
    }

    /** The pool's name, for messages. */
    public String name() {
        return name;
    }

    /** The buffer pool segments come from. */
    public BufferPool buffers() {
        return buffers;
    }

    /** The largest element {@link #allocate(int)} can give: every segment a whole buffer minus its headroom. */
    public long maxElement() {
        return (long) Sga.MAX_SEGMENTS * (buffers.bufferSize() - buffers.defaultHeadroom());
    }

    /** An empty element (no segments), or {@code null} when every Sga object is out. */
    public Sga allocateEmpty() {
        if (freeCount == 0) {
            exhausted++;
            return null;
        }
        Sga sga = all[freeStack[--freeCount]];
        sga.activate();
        return sga;
    }

    /**
     * An element of exactly {@code size} bytes in as few segments as the buffer size allows, ready to be
     * written; {@code null} when Sga objects or buffers ran out (nothing is leaked then).
     *
     * @throws IllegalArgumentException if {@code size} is negative or above {@link #maxElement()}
     */
    public Sga allocate(int size) {
        if (size < 0 || size > maxElement()) {
            throw new IllegalArgumentException("element size " + size + " outside 0.." + maxElement());
        }
        Sga sga = allocateEmpty();
        if (sga == null) {
            return null;
        }
        int remaining = size;
        do {
            PacketBuffer b = buffers.allocate();
            if (b == null) {
                free(sga);
                exhausted++;
                return null;
            }
            int n = Math.min(remaining, b.tailroom());
            b.append(n);
            sga.append(b);
            remaining -= n;
        } while (remaining > 0);
        return sga;
    }

    /**
     * Returns {@code sga} to the pool, releasing its segments' references. Returns {@link Errno#OK}, or
     * {@link Errno#EINVAL} when {@code sga} is null, already free, or from another pool.
     */
    public int free(Sga sga) {
        if (sga == null || sga.pool() != this || !sga.isLive()) {
            return Errno.EINVAL;
        }
        sga.deactivate();
        freeStack[freeCount++] = sga.index();
        return Errno.OK;
    }

    /** Elements handed out and not yet freed. */
    public int outstanding() {
        return all.length - freeCount;
    }

    /** Elements in all. */
    public int capacity() {
        return all.length;
    }

    /** How many allocations failed for lack of Sga objects or buffers. */
    public long exhaustedCount() {
        return exhausted;
    }
}
