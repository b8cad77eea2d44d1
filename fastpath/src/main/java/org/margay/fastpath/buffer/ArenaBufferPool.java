package org.margay.fastpath.buffer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A {@link BufferPool} of {@code capacity} buffers of {@code bufferSize} bytes, all carved up front from one
 * off-heap {@link Arena} allocation. Slots start on 64-byte (cache line) boundaries.
 *
 * <p>The free list is an {@code int} stack of slot numbers, so {@link #allocate()} and a buffer's last
 * {@link PacketBuffer#release()} are a few array operations and allocate nothing. The most recently
 * released slot is handed out next, which keeps the working set warm in cache.
 *
 * <p><b>Single-threaded:</b> one thread allocates and releases (the stack's or the device's poll thread).
 * Buffers may be read on another thread only after a hand-over that orders memory (a ring with
 * release/acquire), and must come back to the owning thread to be released.
 *
 * <p><b>Leak tracking:</b> when enabled (the constructor flag, or the system property
 * {@value #TRACK_LEAKS_PROPERTY}{@code =true} for the constructors without one), each allocation records a
 * {@link Throwable} at the allocation site, and {@link #leakReport()} prints the site of every outstanding
 * buffer. This allocates per packet, so it is for tests and debugging only.
 */
public final class ArenaBufferPool implements BufferPool {
    /** The system property that turns leak tracking on for pools built without an explicit flag. */
    public static final String TRACK_LEAKS_PROPERTY = "margay.buffers.trackLeaks";

    private static final long SLOT_ALIGNMENT = 64;

    private final String name;
    private final int bufferSize;
    private final int defaultHeadroom;
    private final Arena arena;
    private final PacketBuffer[] buffers;
    private final int[] freeSlots;
    private int freeCount;
    private long allocationFailures;
    private final Throwable[] allocationSites;
    private boolean closed;

    /** A pool whose leak tracking follows the system property {@value #TRACK_LEAKS_PROPERTY}. */
    public ArenaBufferPool(String name, int capacity, int bufferSize, int defaultHeadroom) {
        this(name, capacity, bufferSize, defaultHeadroom, Boolean.getBoolean(TRACK_LEAKS_PROPERTY));
    }

    /**
     * A pool of {@code capacity} buffers of {@code bufferSize} bytes, each handed out with its window at
     * {@code defaultHeadroom}.
     *
     * @throws IllegalArgumentException if a size is not positive, or the headroom does not fit in a buffer
     */
    public ArenaBufferPool(String name, int capacity, int bufferSize, int defaultHeadroom, boolean trackLeaks) {
        this.name = Objects.requireNonNull(name, "name");
        if (capacity <= 0) {
            throw new IllegalArgumentException("pool '" + name + "': capacity must be positive, was " + capacity);
        }
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("pool '" + name + "': buffer size must be positive, was " + bufferSize);
        }
        if (defaultHeadroom < 0 || defaultHeadroom > bufferSize) {
            throw new IllegalArgumentException("pool '" + name + "': headroom must be within 0.." + bufferSize
                    + ", was " + defaultHeadroom);
        }
        this.bufferSize = bufferSize;
        this.defaultHeadroom = defaultHeadroom;
        long stride = (bufferSize + SLOT_ALIGNMENT - 1) / SLOT_ALIGNMENT * SLOT_ALIGNMENT;
        this.arena = Arena.ofShared();
        MemorySegment memory = arena.allocate(stride * capacity, SLOT_ALIGNMENT);
        this.buffers = new PacketBuffer[capacity];
        this.freeSlots = new int[capacity];
        PacketBuffer.Recycler recycler = this::recycle;
        for (int i = 0; i < capacity; i++) {
            buffers[i] = new PacketBuffer(memory.asSlice(i * stride, bufferSize), i, recycler, name);
            // Push in reverse so that slot 0 is handed out first: easier to read in tests and dumps.
            freeSlots[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
        this.allocationSites = trackLeaks ? new Throwable[capacity] : null;
    }

    @Override
    public PacketBuffer allocate() {
        if (freeCount == 0) {
            allocationFailures++;
            return null;
        }
        int slot = freeSlots[--freeCount];
        PacketBuffer buffer = buffers[slot];
        buffer.claim(defaultHeadroom);
        if (allocationSites != null) {
            allocationSites[slot] = new Throwable("buffer " + name + "#" + slot + " allocated here");
        }
        return buffer;
    }

    private void recycle(PacketBuffer buffer) {
        int slot = buffer.index();
        if (slot < 0 || slot >= buffers.length || buffers[slot] != buffer) {
            throw new IllegalStateException(buffer + " does not belong to pool '" + name + "'");
        }
        if (freeCount == freeSlots.length) {
            throw new IllegalStateException("pool '" + name + "' is already full; " + buffer + " freed twice?");
        }
        freeSlots[freeCount++] = slot;
        if (allocationSites != null) {
            allocationSites[slot] = null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public int defaultHeadroom() {
        return defaultHeadroom;
    }

    @Override
    public int capacity() {
        return buffers.length;
    }

    @Override
    public int available() {
        return freeCount;
    }

    @Override
    public int outstanding() {
        return buffers.length - freeCount;
    }

    @Override
    public long allocationFailures() {
        return allocationFailures;
    }

    @Override
    public boolean tracksLeaks() {
        return allocationSites != null;
    }

    @Override
    public String leakReport() {
        int outstanding = outstanding();
        if (outstanding == 0) {
            return "";
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf("pool '%s': %d of %d buffers still held%s%n", name, outstanding, buffers.length,
                allocationSites == null ? " (enable leak tracking with -D" + TRACK_LEAKS_PROPERTY
                        + "=true or the constructor flag to see where they were allocated)" : ":");
        for (PacketBuffer buffer : buffers) {
            if (!buffer.isLive()) {
                continue;
            }
            out.println("  " + buffer);
            if (allocationSites != null && allocationSites[buffer.index()] != null) {
                StackTraceElement[] frames = allocationSites[buffer.index()].getStackTrace();
                // Skip allocate() itself: the first frame worth reading is its caller.
                for (int i = 1; i < frames.length; i++) {
                    out.println("      at " + frames[i]);
                }
            }
        }
        out.flush();
        return text.toString();
    }

    /** Frees the arena. Idempotent. Buffers still held become unusable: touching their memory throws. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "ArenaBufferPool[" + name + ": " + outstanding() + "/" + buffers.length + " out, " + bufferSize
                + " B buffers, headroom " + defaultHeadroom + "]";
    }
}
