package org.margay.storage;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * A {@link BufferPool} carved from a slice of a storage backend's I/O memory, every buffer starting on the device's
 * alignment and sized to a multiple of it, so any buffer can be read into or written from with O_DIRECT or DMA.
 * The memory belongs to the backend (registered there once); the pool only hands out slots.
 *
 * <p>Invariants: {@code available() + outstanding() == capacity()}; allocating and releasing allocate nothing.
 * Single-threaded.
 */
final class AlignedBufferPool implements BufferPool {
    private final String name;
    private final int bufferSize;
    private final PacketBuffer[] buffers;
    private final int[] free;
    private int freeCount;
    private long failures;

    /** {@code count} buffers of {@code bufferSize} bytes (a multiple of the alignment) from {@code memory}. */
    AlignedBufferPool(String name, MemorySegment memory, int count, int bufferSize, int alignment) {
        this.name = Objects.requireNonNull(name, "name");
        if (bufferSize % alignment != 0 || memory.address() % alignment != 0 || (long) count * bufferSize > memory.byteSize()) {
            throw new IllegalArgumentException("pool '" + name + "': " + count + " × " + bufferSize + " bytes aligned to " + alignment
                    + " do not fit the " + memory.byteSize() + "-byte region");
        }
        this.bufferSize = bufferSize;
        this.buffers = new PacketBuffer[count];
        this.free = new int[count];
        PacketBuffer.Recycler recycler = this::recycle;
        for (int i = 0; i < count; i++) {
            buffers[i] = new PacketBuffer(memory.asSlice((long) i * bufferSize, bufferSize), i, recycler, name);
            free[i] = count - 1 - i;
        }
        this.freeCount = count;
    }

    @Override
    public PacketBuffer allocate() {
        if (freeCount == 0) {
            failures++;
            return null;
        }
        PacketBuffer b = buffers[free[--freeCount]];
        b.claim(0);
        return b;
    }

    private void recycle(PacketBuffer b) {
        if (b.index() < 0 || b.index() >= buffers.length || buffers[b.index()] != b) {
            throw new IllegalStateException(b + " does not belong to pool '" + name + "'");
        }
        free[freeCount++] = b.index();
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
        return 0;
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
        return failures;
    }

    @Override
    public boolean tracksLeaks() {
        return false;
    }

    @Override
    public String leakReport() {
        return outstanding() == 0 ? "" : "pool '" + name + "': " + outstanding() + " of " + buffers.length + " buffers still held";
    }

    /** The backend owns the memory: nothing to free here. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "AlignedBufferPool[" + name + ": " + outstanding() + "/" + buffers.length + " out, " + bufferSize + " B]";
    }
}
