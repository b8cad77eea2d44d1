package org.margay.netsim;

import org.margay.fastpath.buffer.PacketBuffer;

/** Something that sees every frame crossing a host port: a capture file, a test's probe. */
interface FrameTap extends AutoCloseable {
    /** Records {@code frame} (not retained: copy what you keep) at virtual time {@code nanos}. */
    void record(long nanos, PacketBuffer frame, boolean outbound);

    @Override
    void close();
}
