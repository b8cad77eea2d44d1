package org.margay.fastpath.impair;

import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.BufferRing;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.PacketBurst;

/**
 * One direction of an {@link ImpairedDevice}: frames come in, decisions are applied, and the survivors wait
 * in a ready ring (and reordered ones in a hold ring) until the device drains them. Owns every frame it holds.
 * Preallocated; nothing allocates per frame.
 */
final class ImpairedPath {
    private final Impairment impairment;
    private final boolean holdForNextFrame;
    private final long reorderDelay;
    private final BufferRing ready;
    private final BufferRing held;
    private final long[] heldDue;
    private int heldDueHead;
    private long corruptionsSkipped;
    private long duplicatesSkipped;

    ImpairedPath(Impairment impairment, int readyCapacity, int holdCapacity) {
        this.impairment = impairment;
        this.reorderDelay = impairment.profile().reorderDelayNanos();
        this.holdForNextFrame = reorderDelay == ImpairmentProfile.HOLD_FOR_NEXT_FRAME;
        this.ready = new BufferRing(readyCapacity);
        this.held = new BufferRing(holdCapacity);
        this.heldDue = new long[holdCapacity];
    }

    Impairment impairment() {
        return impairment;
    }

    long corruptionsSkipped() {
        return corruptionsSkipped;
    }

    long duplicatesSkipped() {
        return duplicatesSkipped;
    }

    /** Moves held frames whose delay has passed to the ready ring, oldest first. */
    void releaseDue(long now) {
        if (holdForNextFrame) {
            return;
        }
        while (!held.isEmpty() && heldDue[heldDueHead] <= now && !ready.isFull()) {
            ready.offer(held.poll());
            heldDueHead = (heldDueHead + 1) % heldDue.length;
        }
    }

    /**
     * Takes frames from the front of {@code in} (removing them) while the ready ring has room for the worst
     * case, decides each one's fate and acts on it. Returns the number taken.
     */
    int accept(PacketBurst in, long now, BufferPool copyPool) {
        int taken = 0;
        while (taken < in.count() && ready.capacity() - ready.size() >= 2 + (holdForNextFrame ? held.size() : 0)) {
            PacketBuffer frame = in.get(taken++);
            int decision = impairment.decide();
            if (decision == Impairment.DELIVER) {
                deliver(frame);
                continue;
            }
            if ((decision & Impairment.DROP) != 0) {
                frame.release();
                continue;
            }
            if ((decision & Impairment.CORRUPT) != 0) {
                frame = corrupted(frame, copyPool);
            }
            if ((decision & Impairment.DUPLICATE) != 0) {
                PacketBuffer twin = copy(frame, copyPool);
                if (twin == null) {
                    duplicatesSkipped++;
                } else {
                    ready.offer(twin);
                }
            }
            if ((decision & Impairment.REORDER) != 0 && !held.isFull()) {
                int tail = (heldDueHead + held.size()) % heldDue.length;
                heldDue[tail] = now + reorderDelay;
                held.offer(frame);
                continue;
            }
            deliver(frame);
        }
        in.removeFirst(taken);
        return taken;
    }

    private void deliver(PacketBuffer frame) {
        ready.offer(frame);
        if (holdForNextFrame) {
            // The frame has now passed every held one: they follow it.
            PacketBuffer late;
            while ((late = held.poll()) != null) {
                ready.offer(late);
            }
        }
    }

    /** The frame with one bit flipped, in a private copy when other holders share it. */
    private PacketBuffer corrupted(PacketBuffer frame, BufferPool copyPool) {
        if (frame.refCount() == 1) {
            impairment.corrupt(frame);
            return frame;
        }
        PacketBuffer copy = copy(frame, copyPool);
        if (copy == null) {
            // Consume the bit choice anyway so that later decisions do not depend on pool state.
            impairment.pickBit(frame.frameLength());
            corruptionsSkipped++;
            return frame;
        }
        frame.release();
        impairment.corrupt(copy);
        return copy;
    }

    /**
     * A private copy of {@code frame} (flattened, same offsets from the pool's headroom, flags and
     * timestamp), or null when the pool is empty or its buffers are too small. Duplicates are copies, never a
     * second reference to the same buffer: a receiver that trims headers moves the buffer's one window.
     */
    private static PacketBuffer copy(PacketBuffer frame, BufferPool pool) {
        PacketBuffer copy = pool.allocate();
        if (copy == null) {
            return null;
        }
        if (frame.frameLength() > copy.tailroom()) {
            copy.release();
            return null;
        }
        frame.copyTo(copy);
        copy.offloadFlags(frame.offloadFlags());
        copy.timestamp(frame.timestamp());
        return copy;
    }

    /** Moves ready frames into {@code out} while it has room; returns how many. */
    int drainTo(PacketBurst out) {
        int moved = 0;
        while (!out.isFull() && !ready.isEmpty()) {
            out.add(ready.poll());
            moved++;
        }
        return moved;
    }

    /** The time the oldest held frame becomes due, or {@link Long#MAX_VALUE}. */
    long nextDue() {
        return holdForNextFrame || held.isEmpty() ? Long.MAX_VALUE : heldDue[heldDueHead];
    }

    /** Frames waiting, ready or held. */
    int pending() {
        return ready.size() + held.size();
    }

    void releaseAll() {
        ready.releaseAll();
        held.releaseAll();
        heldDueHead = 0;
    }
}
