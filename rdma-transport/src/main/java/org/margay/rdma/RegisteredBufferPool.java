package org.margay.rdma;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.rdma.verbs.MemoryRegion;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.Verbs;

/**
 * A {@link BufferPool} whose memory is one page-aligned off-heap allocation registered with the RDMA device as a
 * single memory region: every buffer it hands out can be named in a work request by the region's
 * {@link #lkey()}, so applications that allocate from the library OS never register memory themselves (HotOS '19
 * §3.1). Slots start on 64-byte boundaries.
 *
 * <p>Invariants: the region stays registered until {@link #close()}; allocation and release are array operations
 * that allocate nothing ({@code available() + outstanding() == capacity()}). Single-threaded.
 */
final class RegisteredBufferPool implements BufferPool {
    private static final long PAGE = 4096;
    private static final long SLOT_ALIGNMENT = 64;

    private final String name;
    private final int bufferSize;
    private final int headroom;
    private final Arena arena;
    private final MemorySegment memory;
    private final long base;
    private final long end;
    private final Verbs verbs;
    private final MemoryRegion region;
    private final PacketBuffer[] buffers;
    private final int[] free;
    private int freeCount;
    private long failures;
    private boolean closed;

    /**
     * {@code capacity} buffers of {@code bufferSize} bytes (windows at {@code headroom}), registered in {@code pd}
     * with {@code access} ({@code IBV_ACCESS_*}).
     */
    RegisteredBufferPool(String name, Verbs verbs, ProtectionDomain pd, int capacity, int bufferSize, int headroom, int access) {
        this.name = Objects.requireNonNull(name, "name");
        if (capacity <= 0 || bufferSize <= 0 || headroom < 0 || headroom >= bufferSize) {
            throw new IllegalArgumentException("pool '" + name + "': need capacity > 0, buffer size > 0, 0 <= headroom < size; got "
                    + capacity + ", " + bufferSize + ", " + headroom);
        }
        this.bufferSize = bufferSize;
        this.headroom = headroom;
        long stride = (bufferSize + SLOT_ALIGNMENT - 1) / SLOT_ALIGNMENT * SLOT_ALIGNMENT;
        this.arena = Arena.ofShared();
        this.memory = arena.allocate(stride * capacity, PAGE);
        this.base = memory.address();
        this.end = base + memory.byteSize();
        this.verbs = verbs;
        try {
            this.region = verbs.register(pd, memory, access);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        this.buffers = new PacketBuffer[capacity];
        this.free = new int[capacity];
        PacketBuffer.Recycler recycler = this::recycle;
        for (int i = 0; i < capacity; i++) {
            buffers[i] = new PacketBuffer(memory.asSlice(i * stride, bufferSize), i, recycler, name);
            free[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
    }

    /** The local key of the pool's region. */
    int lkey() {
        return region.lkey();
    }

    /** The registered region. */
    MemoryRegion region() {
        return region;
    }

    /** Whether {@code [address, address + length)} lies in this pool's memory. */
    boolean contains(long address, long length) {
        return address >= base && address + length <= end;
    }

    @Override
    public PacketBuffer allocate() {
        if (freeCount == 0) {
            failures++;
            return null;
        }
        PacketBuffer b = buffers[free[--freeCount]];
        b.claim(headroom);
        return b;
    }

    private void recycle(PacketBuffer buffer) {
        int slot = buffer.index();
        if (slot < 0 || slot >= buffers.length || buffers[slot] != buffer) {
            throw new IllegalStateException(buffer + " does not belong to pool '" + name + "'");
        }
        free[freeCount++] = slot;
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
        return headroom;
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
        if (outstanding() == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("pool '" + name + "': " + outstanding() + " of " + buffers.length + " registered buffers still held\n");
        for (PacketBuffer b : buffers) {
            if (b.isLive()) {
                sb.append("  ").append(b).append('\n');
            }
        }
        return sb.toString();
    }

    /** Deregisters the region and frees the memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            verbs.deregister(region);
        } finally {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "RegisteredBufferPool[" + name + ": " + outstanding() + "/" + buffers.length + " out, " + bufferSize + " B, lkey 0x"
                + Integer.toHexString(region.lkey()) + "]";
    }
}
