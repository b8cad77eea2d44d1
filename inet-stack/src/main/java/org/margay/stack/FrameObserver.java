package org.margay.stack;

import java.lang.foreign.MemorySegment;

/**
 * Sees every frame a stack receives (before dispatch) and transmits (as it goes to the device): for traces and
 * captures. Called on the stack's thread; the bytes are valid only during the call. Cold path: an observer may
 * allocate (a stack without one pays a null check).
 */
@FunctionalInterface
public interface FrameObserver {
    /**
     * One frame.
     *
     * @param outbound  true for a frame the stack transmits, false for one it received
     * @param nowNanos  the stack's time
     * @param segment   memory holding the frame
     * @param offset    where the Ethernet header starts
     * @param length    the frame's length
     */
    void onFrame(boolean outbound, long nowNanos, MemorySegment segment, long offset, int length);
}
