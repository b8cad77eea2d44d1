package org.margay.pdpix.inet;

import org.margay.pdpix.Sga;

/**
 * The links behind RAW queues ({@link RawQueue}): the "link" library OS's devices, or the inet library OS's one
 * device seen through a tap. Link indices are 0-based, in the order the links were given.
 */
interface RawLinks {
    /** EAGAIN from {@link #transmit}: the device cannot take the frame now; try again next cycle. */
    int AGAIN = -1;

    /** How many links there are. */
    int linkCount();

    /** The MTU of {@code link}. */
    int mtu(int link);

    /**
     * Makes {@code queue} the receiver of {@code link}'s frames, or with {@code link} = -1 of every link no
     * queue is bound to; false when another queue has it.
     */
    boolean attach(RawQueue queue, int link);

    /** Forgets {@code queue}. */
    void detach(RawQueue queue);

    /**
     * Sends {@code element} as one frame on {@code link}: OK once the device (or its transmit burst) has it,
     * {@link #AGAIN} when it is full, or an {@link org.margay.pdpix.Errno}.
     */
    int transmit(int link, Sga element);
}
