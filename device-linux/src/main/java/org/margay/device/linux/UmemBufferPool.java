package org.margay.device.linux;

import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * An AF_XDP UMEM's chunks as a {@link BufferPool}: one {@link PacketBuffer} per chunk, over the memory the
 * kernel reads transmitted frames from and writes received frames into, so the stack builds and reads frames
 * in place. The {@link AfXdpDevice} holds a reference to every chunk it has lent the kernel (in the fill ring,
 * or in the tx ring until the completion ring gives it back); what is left is free for the stack.
 *
 * <p>Single-threaded, allocation-free.
 */
final class UmemBufferPool implements BufferPool {
    private final String name;
    private final int chunkBytes;
    private final int headroom;
    private final PacketBuffer[] buffers;
    private final int[] freeSlots;
    private int freeCount;
    private long allocationFailures;

    UmemBufferPool(String name, java.lang.foreign.MemorySegment umem, int chunks, int chunkBytes, int headroom) {
        this.name = name;
        this.chunkBytes = chunkBytes;
        this.headroom = headroom;
        this.buffers = new PacketBuffer[chunks];
        this.freeSlots = new int[chunks];
        PacketBuffer.Recycler recycler = this::recycle;
        for (int i = 0; i < chunks; i++) {
            buffers[i] = new PacketBuffer(umem.asSlice((long) i * chunkBytes, chunkBytes), i, recycler, name);
            freeSlots[i] = chunks - 1 - i;
        }
        freeCount = chunks;
    }

    @Override
    public PacketBuffer allocate() {
        if (freeCount == 0) {
            allocationFailures++;
            return null;
        }
        PacketBuffer buffer = buffers[freeSlots[--freeCount]];
        buffer.claim(headroom);
        return buffer;
    }

    private void recycle(PacketBuffer buffer) {
        freeSlots[freeCount++] = buffer.index();
    }

    /** Whether {@code frame} is a single chunk of this pool. */
    boolean owns(PacketBuffer frame) {
        int index = frame.index();
        return frame.next() == null && index >= 0 && index < buffers.length && buffers[index] == frame;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int bufferSize() {
        return chunkBytes;
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
        return allocationFailures;
    }

    @Override
    public boolean tracksLeaks() {
        return false;
    }

    @Override
    public String leakReport() {
        int outstanding = outstanding();
        return outstanding == 0 ? "" : "pool '" + name + "': " + outstanding + " of " + buffers.length
                + " UMEM chunks held (the device lends some to the kernel while open)\n";
    }

    /** The UMEM itself is freed by the device. */
    @Override
    public void close() {
    }
}
