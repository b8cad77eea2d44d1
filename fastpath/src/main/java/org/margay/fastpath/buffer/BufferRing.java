package org.margay.fastpath.buffer;

/**
 * A bounded first-in first-out queue of {@link PacketBuffer} references: a device's receive queue, a link's
 * in-flight frames. The array is allocated once; offering and polling allocate nothing.
 *
 * <p>The ring holds references, not counts: whoever offers a buffer hands its reference to the ring, and
 * whoever polls it takes that reference over. {@link #releaseAll()} releases what is left. Single-threaded.
 */
public final class BufferRing {
    private final PacketBuffer[] slots;
    private int head;
    private int size;

    /** A ring that holds up to {@code capacity} buffers. */
    public BufferRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("ring capacity must be positive, was " + capacity);
        }
        slots = new PacketBuffer[capacity];
    }

    /** Appends {@code buffer}; false (and the caller keeps it) when the ring is full. */
    public boolean offer(PacketBuffer buffer) {
        if (size == slots.length) {
            return false;
        }
        int tail = head + size;
        if (tail >= slots.length) {
            tail -= slots.length;
        }
        slots[tail] = buffer;
        size++;
        return true;
    }

    /** Removes and returns the oldest buffer, or null when empty. */
    public PacketBuffer poll() {
        if (size == 0) {
            return null;
        }
        PacketBuffer buffer = slots[head];
        slots[head] = null;
        if (++head == slots.length) {
            head = 0;
        }
        size--;
        return buffer;
    }

    /** The oldest buffer without removing it, or null when empty. */
    public PacketBuffer peek() {
        return size == 0 ? null : slots[head];
    }

    /** Buffers queued. */
    public int size() {
        return size;
    }

    /** Most buffers the ring holds. */
    public int capacity() {
        return slots.length;
    }

    /** Whether nothing is queued. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Whether no more can be offered. */
    public boolean isFull() {
        return size == slots.length;
    }

    /** Releases every queued buffer and empties the ring. */
    public void releaseAll() {
        PacketBuffer buffer;
        while ((buffer = poll()) != null) {
            buffer.release();
        }
    }
}
