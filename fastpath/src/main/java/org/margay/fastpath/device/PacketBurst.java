package org.margay.fastpath.device;

import org.margay.fastpath.buffer.PacketBuffer;

/**
 * A reusable batch of frames handed to or taken from a {@link NetworkDevice} in one call: a fixed-capacity
 * array of {@link PacketBuffer} references plus a count. Created once per poll loop and reused forever;
 * nothing allocates after construction.
 *
 * <p>The burst holds references, never counts of its own: a buffer in a burst belongs to whoever holds the
 * burst. {@link #clear()} forgets the references (they were handed over elsewhere);
 * {@link #releaseAll()} releases them. Slots at and beyond {@link #count()} are always null.
 */
public final class PacketBurst {
    private final PacketBuffer[] buffers;
    private int count;

    /** An empty burst of up to {@code capacity} frames. */
    public PacketBurst(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("burst capacity must be positive, was " + capacity);
        }
        buffers = new PacketBuffer[capacity];
    }

    /** Most frames the burst holds. */
    public int capacity() {
        return buffers.length;
    }

    /** Frames in the burst, at indices {@code 0 .. count()-1}. */
    public int count() {
        return count;
    }

    /** Room left: {@code capacity() - count()}. */
    public int freeSpace() {
        return buffers.length - count;
    }

    /** Whether the burst holds no frame. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether no frame can be added. */
    public boolean isFull() {
        return count == buffers.length;
    }

    /**
     * The frame at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #count()}
     */
    public PacketBuffer get(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("burst index " + index + " outside 0.." + count);
        }
        return buffers[index];
    }

    /** Appends {@code buffer} (its reference passes to the burst's holder); false when the burst is full. */
    public boolean add(PacketBuffer buffer) {
        if (count == buffers.length) {
            return false;
        }
        buffers[count++] = buffer;
        return true;
    }

    /**
     * Drops the first {@code n} frames (taken by a device, say) and moves the rest to the front, keeping
     * their order. The dropped references are not released: whoever took them owns them.
     */
    public void removeFirst(int n) {
        if (n < 0 || n > count) {
            throw new IllegalArgumentException("cannot remove " + n + " frames from a burst of " + count);
        }
        if (n == 0) {
            return;
        }
        int rest = count - n;
        System.arraycopy(buffers, n, buffers, 0, rest);
        for (int i = rest; i < count; i++) {
            buffers[i] = null;
        }
        count = rest;
    }

    /** Forgets every frame without releasing it (their references went elsewhere). */
    public void clear() {
        for (int i = 0; i < count; i++) {
            buffers[i] = null;
        }
        count = 0;
    }

    /** Releases every frame once and empties the burst. */
    public void releaseAll() {
        for (int i = 0; i < count; i++) {
            buffers[i].release();
            buffers[i] = null;
        }
        count = 0;
    }
}
