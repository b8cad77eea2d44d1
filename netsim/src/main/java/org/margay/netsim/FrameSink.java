package org.margay.netsim;

import org.margay.fastpath.buffer.PacketBuffer;

/** Where a link delivers a frame: a switch's ingress or a host's port. */
interface FrameSink {
    /**
     * Takes over one reference to {@code frame}, which arrives at {@code now}. If {@code corruptBit} is not
     * negative, that bit was damaged on the wire: the sink flips it in a copy it owns alone (the frame's
     * buffer may be shared with a duplicate).
     */
    void arrive(PacketBuffer frame, long corruptBit, long now);
}
