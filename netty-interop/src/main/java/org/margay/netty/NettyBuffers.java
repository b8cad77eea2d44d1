package org.margay.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.margay.fastpath.buffer.MemoryManager;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * Netty {@code ByteBuf} views of Margay packet buffers, and copies the other way.
 *
 * <h2>Views</h2>
 * {@link #wrap(PacketBuffer)} returns a {@code ByteBuf} over the data window of a buffer: readable from
 * reader index 0 to the window's length, same memory, no copy. A chain ({@link PacketBuffer#next()})
 * becomes a {@link CompositeByteBuf} with one component per segment, in order.
 *
 * <h2>Reference counts</h2>
 * <ul>
 *   <li>The {@code ByteBuf} holds one packet-buffer reference per segment. {@code wrap} takes the caller's
 *       reference over (a hand-over: the caller must not release it afterwards); {@link #wrapRetained}
 *       adds one, and the caller keeps and releases its own.</li>
 *   <li>{@code ByteBuf.retain()} and {@code release()} count on the {@code ByteBuf} (derived slices and
 *       duplicates share that count, as in Netty). When it reaches zero, every packet-buffer reference the
 *       view held is released (through the {@link PacketReleaser}). Margay's free-protection then applies:
 *       the memory returns to its pool at the last release among all holders, in whatever order they
 *       release.</li>
 *   <li>A {@code ByteBuf} that is never released keeps its packet buffers outstanding, and the pool's leak
 *       report names where they were allocated.</li>
 * </ul>
 * The views are writable within the window; by Margay's ownership rule, write only into a buffer nobody
 * else holds. Wrapping allocates the view objects: it is interop for the application's side, not the
 * stack's hot path. Run with {@code -Dio.netty.noUnsafe=true} on JDK 25.
 */
public final class NettyBuffers {
    private NettyBuffers() {
    }

    /**
     * A {@code ByteBuf} over {@code buffer}'s data (a {@link CompositeByteBuf} for a chain), taking over the
     * caller's reference; released on the releasing thread ({@link PacketReleaser#DIRECT}).
     *
     * @throws IllegalStateException if {@code buffer} (or a segment of its chain) was already freed
     */
    public static ByteBuf wrap(PacketBuffer buffer) {
        return wrap(buffer, PacketReleaser.DIRECT);
    }

    /** As {@link #wrap(PacketBuffer)}, but the view holds a reference of its own; the caller keeps theirs. */
    public static ByteBuf wrapRetained(PacketBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer").retain();
        return wrap(buffer, PacketReleaser.DIRECT);
    }

    /**
     * As {@link #wrap(PacketBuffer)}, giving the references back through {@code releaser} (once per
     * segment) when the {@code ByteBuf}'s count reaches zero.
     */
    public static ByteBuf wrap(PacketBuffer buffer, PacketReleaser releaser) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(releaser, "releaser");
        if (!buffer.isLive()) {
            throw new IllegalStateException("cannot wrap " + buffer + ": it was already freed");
        }
        if (buffer.next() == null) {
            return new PacketBufferByteBuf(buffer, releaser);
        }
        int segments = buffer.segmentCount();
        for (PacketBuffer segment = buffer.next(); segment != null; segment = segment.next()) {
            if (!segment.isLive()) {
                throw new IllegalStateException("cannot wrap the chain of " + buffer + ": segment " + segment
                        + " was already freed");
            }
        }
        ByteBuf[] views = new ByteBuf[segments];
        views[0] = new PacketBufferByteBuf(buffer, releaser);
        int i = 1;
        for (PacketBuffer segment = buffer.next(); segment != null; segment = segment.next()) {
            // Each component holds its own reference, so the components stay valid in any release order.
            views[i++] = new PacketBufferByteBuf(segment.retain(), releaser);
        }
        CompositeByteBuf composite = new CompositeByteBuf(UnpooledByteBufAllocator.DEFAULT, true, segments);
        composite.addComponents(true, views);
        return composite;
    }

    /**
     * Copies the readable bytes of {@code source} (without consuming them) into packet memory from
     * {@code memory}: one buffer or a chain, with headroom in front. Returns {@code null} when the memory
     * manager is out of buffers (it counts the failure).
     *
     * @throws IllegalArgumentException if {@code source} holds more than {@link MemoryManager#maxAllocation()}
     */
    public static PacketBuffer copyOf(ByteBuf source, MemoryManager memory) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(memory, "memory");
        int length = source.readableBytes();
        PacketBuffer head = memory.allocate(length);
        if (head == null) {
            return null;
        }
        int from = source.readerIndex();
        for (PacketBuffer segment = head; segment != null; segment = segment.next()) {
            int n = segment.length();
            ByteBuffer target = segment.segment().asSlice(segment.start(), n).asByteBuffer();
            source.getBytes(from, target);
            from += n;
        }
        return head;
    }
}
