package org.margay.netty;

import org.margay.fastpath.buffer.PacketBuffer;

/**
 * How a {@code ByteBuf} view gives back a packet-buffer reference when its count reaches zero.
 * {@link #DIRECT} releases on the spot, on whatever thread released the {@code ByteBuf}; that is right when
 * the {@code ByteBuf} is released on the thread that owns the buffer's pool. A {@code ByteBuf} released on
 * another thread (a Netty event loop) needs a releaser that hands the reference back to the owning thread,
 * for instance through a queue the poll loop drains.
 */
@FunctionalInterface
public interface PacketReleaser {
    /** Releases on the calling thread. */
    PacketReleaser DIRECT = PacketBuffer::release;

    /** Takes over one reference to {@code buffer}, which must be released exactly once. */
    void release(PacketBuffer buffer);
}
