package org.margay.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * A Netty direct {@code ByteBuf} over one packet buffer's data window (the segment's {@code ByteBuffer}, no
 * raw address). It holds one reference to the packet buffer and hands it to its {@link PacketReleaser} when
 * its own count reaches zero. Its capacity is fixed at the window's length: it never reallocates, so it
 * never stops aliasing the packet memory.
 */
final class PacketBufferByteBuf extends UnpooledDirectByteBuf {
    private final PacketReleaser releaser;
    private PacketBuffer held;

    /** A view taking over one reference to {@code buffer}. */
    PacketBufferByteBuf(PacketBuffer buffer, PacketReleaser releaser) {
        super(UnpooledByteBufAllocator.DEFAULT,
                buffer.segment().asSlice(buffer.start(), buffer.length()).asByteBuffer(),
                buffer.length());
        this.held = buffer;
        this.releaser = releaser;
    }

    @Override
    public ByteBuf capacity(int newCapacity) {
        if (newCapacity != capacity()) {
            throw new UnsupportedOperationException("a view of " + held + " cannot change its capacity ("
                    + capacity() + " bytes) without leaving the packet memory");
        }
        return this;
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        PacketBuffer reference = held;
        held = null;
        if (reference != null) {
            releaser.release(reference);
        }
    }

    @Override
    public String toString() {
        return "PacketBufferByteBuf(" + held + ", " + super.toString() + ")";
    }
}
