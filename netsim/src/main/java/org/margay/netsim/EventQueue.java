package org.margay.netsim;

import java.util.Arrays;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * The simulator's pending frame deliveries, ordered by (time, sequence number): a binary min-heap of slot
 * numbers over parallel arrays. Ties in time go in scheduling order, which makes every run deterministic.
 *
 * <p>The arrays are allocated up front and grow by doubling only when more deliveries are pending than ever
 * before, so steady state allocates nothing. Single-threaded.
 */
final class EventQueue {
    private long[] times;
    private long[] sequences;
    private PacketBuffer[] frames;
    private FrameSink[] sinks;
    private long[] corruptBits;
    private int[] heap;
    private int size;
    private int[] freeSlots;
    private int freeCount;
    private long nextSequence;

    EventQueue(int initialCapacity) {
        times = new long[initialCapacity];
        sequences = new long[initialCapacity];
        frames = new PacketBuffer[initialCapacity];
        sinks = new FrameSink[initialCapacity];
        corruptBits = new long[initialCapacity];
        heap = new int[initialCapacity];
        freeSlots = new int[initialCapacity];
        for (int i = 0; i < initialCapacity; i++) {
            freeSlots[i] = initialCapacity - 1 - i;
        }
        freeCount = initialCapacity;
    }

    /** Schedules the delivery of {@code frame} (its reference passes to the queue) to {@code sink} at {@code time}. */
    void schedule(long time, FrameSink sink, PacketBuffer frame, long corruptBit) {
        if (freeCount == 0) {
            grow();
        }
        int slot = freeSlots[--freeCount];
        times[slot] = time;
        sequences[slot] = nextSequence++;
        frames[slot] = frame;
        sinks[slot] = sink;
        corruptBits[slot] = corruptBit;
        int at = size++;
        heap[at] = slot;
        siftUp(at);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The time of the earliest delivery, or {@link Long#MAX_VALUE} when none is pending. */
    long peekTime() {
        return size == 0 ? Long.MAX_VALUE : times[heap[0]];
    }

    /** Removes the earliest delivery and performs it at its time. The queue must not be empty. */
    void dispatchFirst() {
        int slot = heap[0];
        heap[0] = heap[--size];
        if (size > 0) {
            siftDown(0);
        }
        PacketBuffer frame = frames[slot];
        FrameSink sink = sinks[slot];
        long time = times[slot];
        long corruptBit = corruptBits[slot];
        frames[slot] = null;
        sinks[slot] = null;
        freeSlots[freeCount++] = slot;
        sink.arrive(frame, corruptBit, time);
    }

    /** Releases every pending frame and empties the queue. */
    void releaseAll() {
        for (int i = 0; i < size; i++) {
            int slot = heap[i];
            frames[slot].release();
            frames[slot] = null;
            sinks[slot] = null;
            freeSlots[freeCount++] = slot;
        }
        size = 0;
    }

    private boolean before(int slotA, int slotB) {
        long ta = times[slotA];
        long tb = times[slotB];
        return ta < tb || (ta == tb && sequences[slotA] < sequences[slotB]);
    }

    private void siftUp(int at) {
        int slot = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(slot, heap[parent])) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = slot;
    }

    private void siftDown(int at) {
        int slot = heap[at];
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], slot)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = slot;
    }

    /** Cold path: doubles every array when more deliveries are pending than ever before. */
    private void grow() {
        int old = times.length;
        int capacity = old * 2;
        times = Arrays.copyOf(times, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
        frames = Arrays.copyOf(frames, capacity);
        sinks = Arrays.copyOf(sinks, capacity);
        corruptBits = Arrays.copyOf(corruptBits, capacity);
        heap = Arrays.copyOf(heap, capacity);
        freeSlots = Arrays.copyOf(freeSlots, capacity);
        for (int slot = capacity - 1; slot >= old; slot--) {
            freeSlots[freeCount++] = slot;
        }
    }
}
