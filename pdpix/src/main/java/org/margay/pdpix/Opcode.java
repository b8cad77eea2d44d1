package org.margay.pdpix;

/**
 * What a completed qtoken did, as in Demikernel's {@code demi_opcode_t}. A failed operation completes with
 * {@link #FAILED} and its error in {@link QResult#ret()}; every other opcode has {@code ret() == 0}.
 */
public enum Opcode {
    /** Nothing has completed into this result (a fresh or cleared {@link QResult}). */
    INVALID,
    /** A {@code push}/{@code pushTo} finished: the element was taken by the library OS (see {@link LibOS#push}). */
    PUSH,
    /** A {@code pop} finished: {@link QResult#sga()} holds one element (empty at end of stream). */
    POP,
    /** An {@code accept} finished: {@link QResult#acceptedQd()} is the new connection's queue. */
    ACCEPT,
    /** A {@code connect} finished: the queue is connected. */
    CONNECT,
    /** An {@code asyncClose} finished: the queue descriptor is free. */
    CLOSE,
    /**
     * A storage flush finished: every element pushed on the queue before the flush is durable (written and the
     * device's cache flushed). Only storage library OSes complete it.
     */
    FLUSH,
    /** The operation failed; {@link QResult#ret()} is the {@link Errno} and {@link QResult#failedOpcode()} what failed. */
    FAILED
}
