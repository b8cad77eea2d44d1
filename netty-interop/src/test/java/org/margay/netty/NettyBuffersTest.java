package org.margay.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.ArenaMemoryManager;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.MemoryManager;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.testkit.buffers.BufferLeakExtension;

class NettyBuffersTest {
    @RegisterExtension
    final BufferLeakExtension leaks = new BufferLeakExtension();

    private final MemoryManager memory = leaks.track(ArenaMemoryManager.builder("netty").headroom(16)
            .frames(8, 128).jumbo(0, 0).trackLeaks(true).build());

    /** A received-like buffer holding {@code text} in its window. */
    private PacketBuffer received(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        PacketBuffer buffer = memory.allocate(bytes.length);
        int at = 0;
        for (PacketBuffer segment = buffer; segment != null; segment = segment.next()) {
            for (int i = 0; i < segment.length(); i++) {
                segment.segment().set(ValueLayout.JAVA_BYTE, segment.start() + i, bytes[at++]);
            }
        }
        return buffer;
    }

    @Test
    void viewReadsTheWindowWithoutCopying() {
        PacketBuffer buffer = received("hello, netty");
        ByteBuf view = NettyBuffers.wrap(buffer);
        assertTrue(view.isDirect());
        if (view.hasMemoryAddress()) { // Netty 4.2 may read the address off the ByteBuffer, even without Unsafe
            assertEquals(buffer.segment().address() + buffer.start(), view.memoryAddress());
        }
        assertEquals(12, view.readableBytes());
        assertEquals("hello, netty", view.toString(StandardCharsets.US_ASCII));
        view.setByte(0, 'H');
        assertEquals((byte) 'H', buffer.segment().get(ValueLayout.JAVA_BYTE, buffer.start()), "same memory");
        assertThrows(IndexOutOfBoundsException.class, () -> view.writeByte(1), "cannot grow past the window");
        assertThrows(UnsupportedOperationException.class, () -> view.capacity(4));
        assertTrue(view.release());
        assertEquals(0, memory.outstanding());
    }

    @Test
    void wrapTakesOverTheReference() {
        ByteBuf view = NettyBuffers.wrap(received("x"));
        assertEquals(1, memory.outstanding());
        assertTrue(view.release());
        assertEquals(0, memory.outstanding());
        assertThrows(IllegalReferenceCountException.class, view::readByte);
    }

    @Test
    void byteBufReleasedFirstThenTheApplication() {
        PacketBuffer buffer = received("abc");
        ByteBuf view = NettyBuffers.wrapRetained(buffer);
        assertEquals(2, buffer.refCount());
        view.release();
        assertEquals(1, memory.outstanding(), "the application still holds it");
        assertEquals(0, view.refCnt());
        buffer.release();
        assertEquals(0, memory.outstanding());
    }

    @Test
    void applicationReleasedFirstThenTheByteBuf() {
        PacketBuffer buffer = received("abc");
        ByteBuf view = NettyBuffers.wrapRetained(buffer);
        buffer.release();
        assertEquals(1, memory.outstanding(), "free-protected: the ByteBuf still holds it");
        assertEquals("abc", view.toString(StandardCharsets.US_ASCII));
        view.release();
        assertEquals(0, memory.outstanding());
    }

    @Test
    void retainAndDerivedBuffersShareTheByteBufCount() {
        ByteBuf view = NettyBuffers.wrap(received("0123456789"));
        ByteBuf slice = view.retainedSlice(2, 3);
        assertEquals("234", slice.toString(StandardCharsets.US_ASCII));
        view.retain();
        assertFalse(view.release());
        assertFalse(view.release());
        assertEquals(1, memory.outstanding(), "the slice still holds the view");
        assertTrue(slice.release());
        assertEquals(0, memory.outstanding());
    }

    @Test
    void chainsBecomeCompositeBuffersReleasedInAnyOrder() {
        String text = "a".repeat(112) + "b".repeat(128) + "c".repeat(40); // 3 segments of 128-byte buffers
        PacketBuffer chain = received(text);
        assertEquals(3, chain.segmentCount());
        ByteBuf view = NettyBuffers.wrapRetained(chain);
        CompositeByteBuf composite = assertInstanceOf(CompositeByteBuf.class, view);
        assertEquals(3, composite.numComponents());
        assertEquals(text, view.toString(StandardCharsets.US_ASCII));
        assertEquals(text.length(), view.readableBytes());
        chain.release();
        assertEquals(3, memory.outstanding(), "the composite still holds every segment");
        view.release();
        assertEquals(0, memory.outstanding());

        PacketBuffer again = received(text);
        ByteBuf second = NettyBuffers.wrapRetained(again);
        second.release();
        assertEquals(3, memory.outstanding(), "the application still holds the chain");
        again.release();
        assertEquals(0, memory.outstanding());
    }

    @Test
    void componentsOutliveTheCompositeWhenRetained() {
        PacketBuffer chain = received("x".repeat(112 + 128 + 1));
        CompositeByteBuf composite = (CompositeByteBuf) NettyBuffers.wrap(chain);
        ByteBuf last = composite.component(2).retain();
        composite.release();
        assertEquals(1, memory.outstanding(), "only the retained last segment");
        assertEquals('x', last.getByte(0));
        last.release();
        assertEquals(0, memory.outstanding());
    }

    @Test
    void aLeakedByteBufShowsAsAnOutstandingPacketBufferWithItsAllocationSite() {
        BufferPool pool = new ArenaBufferPool("own", 2, 64, 0, true);
        try {
            ByteBuf forgotten = NettyBuffers.wrap(allocatedForNetty(pool));
            assertEquals(1, forgotten.refCnt());
            assertEquals(1, pool.outstanding());
            String report = pool.leakReport();
            assertTrue(report.contains("allocatedForNetty"), report);
            forgotten.release();
            assertEquals("", pool.leakReport());
        } finally {
            pool.close();
        }
    }

    private static PacketBuffer allocatedForNetty(BufferPool pool) {
        PacketBuffer buffer = pool.allocate();
        buffer.append(10);
        return buffer;
    }

    @Test
    void aReleaserCanHandReferencesBackToTheOwningThread() {
        List<PacketBuffer> handedBack = new ArrayList<>();
        PacketBuffer chain = received("y".repeat(200));
        ByteBuf view = NettyBuffers.wrap(chain, handedBack::add);
        view.release();
        assertEquals(2, handedBack.size(), "one reference per segment");
        assertEquals(2, memory.outstanding(), "not released until the owner does it");
        handedBack.forEach(PacketBuffer::release);
        assertEquals(0, memory.outstanding());
    }

    @Test
    void emptyWindowsAndFreedBuffers() {
        PacketBuffer empty = memory.allocate(0);
        ByteBuf view = NettyBuffers.wrap(empty);
        assertEquals(0, view.readableBytes());
        view.release();
        assertEquals(0, memory.outstanding());
        PacketBuffer freed = memory.allocate(4);
        freed.release();
        assertThrows(IllegalStateException.class, () -> NettyBuffers.wrap(freed));
        assertThrows(NullPointerException.class, () -> NettyBuffers.wrap(null));
    }

    @Test
    void copyOfFillsPacketMemoryFromAByteBuf() {
        ByteBuf source = Unpooled.copiedBuffer("z".repeat(300), StandardCharsets.US_ASCII);
        source.readerIndex(10);
        PacketBuffer copy = NettyBuffers.copyOf(source, memory);
        assertEquals(290, copy.frameLength());
        assertEquals(10, source.readerIndex(), "not consumed");
        assertEquals(16, copy.headroom());
        ByteBuf back = NettyBuffers.wrap(copy);
        assertEquals("z".repeat(290), back.toString(StandardCharsets.US_ASCII));
        back.release();
        source.release();
        List<PacketBuffer> hog = new ArrayList<>();
        PacketBuffer b;
        while ((b = memory.allocate(100)) != null) {
            hog.add(b);
        }
        ByteBuf small = Unpooled.copiedBuffer("q", StandardCharsets.US_ASCII);
        assertNull(NettyBuffers.copyOf(small, memory), "out of buffers");
        small.release();
        hog.forEach(PacketBuffer::release);
    }
}
