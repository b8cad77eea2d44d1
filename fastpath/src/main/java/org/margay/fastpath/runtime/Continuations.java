package org.margay.fastpath.runtime;

import java.util.Objects;

/**
 * The parked {@link Continuation}s of one {@link PollLoop}: a fixed table of slots with generation-counted
 * handles, and a ring of runnable slots. Parking, waking and resuming allocate nothing.
 *
 * <p>A slot moves FREE → PARKED ⇄ RUNNABLE → RUNNING → (finished: FREE | still waiting: PARKED, or RUNNABLE
 * again if it was woken while it ran). A slot is in the ring at most once, so the ring never overflows.
 * Dropping a runnable slot marks it DROPPED; it is freed when the ring reaches it.
 */
final class Continuations {
    static final int NO_HANDLE = -1;

    private static final byte FREE = 0;
    private static final byte PARKED = 1;
    private static final byte RUNNABLE = 2;
    private static final byte RUNNING = 3;
    private static final byte RUNNING_WOKEN = 4;
    private static final byte DROPPED = 5;

    private final Continuation[] items;
    private final byte[] states;
    private final int[] generations;
    private final int[] freeSlots;
    private int freeCount;
    private final int[] ring;
    private int ringHead;
    private int ringSize;
    private final int indexBits;
    private final int indexMask;
    private final int generationMask;
    private long resumed;
    private long rejected;

    Continuations(int capacity) {
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("continuation capacity must be 1.." + (1 << 24) + ", was " + capacity);
        }
        items = new Continuation[capacity];
        states = new byte[capacity];
        generations = new int[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        ring = new int[capacity];
        indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(capacity - 1));
        indexMask = (1 << indexBits) - 1;
        generationMask = (1 << (31 - indexBits)) - 1;
    }

    /** Parks {@code continuation} (runnable at once if {@code runnable}); its handle, or NO_HANDLE when full. */
    int park(Continuation continuation, boolean runnable) {
        Objects.requireNonNull(continuation, "continuation");
        if (freeCount == 0) {
            rejected++;
            return NO_HANDLE;
        }
        int slot = freeSlots[--freeCount];
        int generation = (generations[slot] + 1) & generationMask;
        if (generation == 0) {
            generation = 1;
        }
        generations[slot] = generation;
        items[slot] = continuation;
        states[slot] = PARKED;
        if (runnable) {
            enqueue(slot);
        }
        return (generation << indexBits) | slot;
    }

    /** Makes a parked continuation runnable; idempotent. False if the handle is stale. */
    boolean wake(int handle) {
        int slot = liveSlot(handle);
        if (slot < 0) {
            return false;
        }
        switch (states[slot]) {
            case PARKED -> enqueue(slot);
            case RUNNING -> states[slot] = RUNNING_WOKEN;
            default -> {
                // RUNNABLE or RUNNING_WOKEN: already going to run.
            }
        }
        return true;
    }

    /** Forgets a continuation without resuming it. False if the handle is stale. */
    boolean drop(int handle) {
        int slot = liveSlot(handle);
        if (slot < 0) {
            return false;
        }
        if (states[slot] == RUNNABLE) {
            states[slot] = DROPPED;
            items[slot] = null;
        } else if (states[slot] == RUNNING || states[slot] == RUNNING_WOKEN) {
            states[slot] = DROPPED; // freed when its resume returns
        } else {
            free(slot);
        }
        return true;
    }

    /** Whether the handle names a continuation that is parked, runnable or running. */
    boolean isLive(int handle) {
        return liveSlot(handle) >= 0;
    }

    /** Resumes the continuations that were runnable when this call began; returns how many ran. */
    int resumeRunnable(long nowNanos, PollLoop loop) {
        int count = ringSize;
        int ran = 0;
        for (int i = 0; i < count; i++) {
            int slot = ring[ringHead];
            if (++ringHead == ring.length) {
                ringHead = 0;
            }
            ringSize--;
            if (states[slot] == DROPPED) {
                free(slot);
                continue;
            }
            states[slot] = RUNNING;
            boolean finished;
            try {
                finished = items[slot].resume(nowNanos);
            } catch (Throwable error) {
                PollLoop.rethrowIfFatal(error);
                loop.reportError("continuation", error);
                finished = true; // a continuation that threw is broken: drop it
            }
            ran++;
            resumed++;
            byte state = states[slot];
            if (finished || state == DROPPED) {
                free(slot);
            } else if (state == RUNNING_WOKEN) {
                enqueue(slot);
            } else {
                states[slot] = PARKED;
            }
        }
        return ran;
    }

    /** Continuations waiting to run. */
    int runnable() {
        return ringSize;
    }

    /** Continuations parked, runnable or running. */
    int live() {
        return items.length - freeCount;
    }

    long resumed() {
        return resumed;
    }

    long rejected() {
        return rejected;
    }

    int capacity() {
        return items.length;
    }

    /** Drops every continuation (on close). */
    void clear() {
        for (int slot = 0; slot < items.length; slot++) {
            if (states[slot] != FREE) {
                free(slot);
            }
        }
        ringHead = 0;
        ringSize = 0;
    }

    private void enqueue(int slot) {
        states[slot] = RUNNABLE;
        int tail = ringHead + ringSize;
        if (tail >= ring.length) {
            tail -= ring.length;
        }
        ring[tail] = slot;
        ringSize++;
    }

    private void free(int slot) {
        states[slot] = FREE;
        items[slot] = null;
        freeSlots[freeCount++] = slot;
    }

    private int liveSlot(int handle) {
        if (handle <= 0) {
            return -1;
        }
        int slot = handle & indexMask;
        if (slot >= items.length || generations[slot] != (handle >>> indexBits)) {
            return -1;
        }
        byte state = states[slot];
        return state == FREE || state == DROPPED ? -1 : slot;
    }
}
