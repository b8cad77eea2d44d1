package org.margay.pdpix.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The staging buffers of TCP queues (see {@link SendStage}, {@link ReceiveStage}): direct {@link ByteBuffer}s
 * of one size, taken when a connection first sends or receives and given back when its queue closes, so that
 * connections coming and going reuse them. Plain {@code allocateDirect} buffers have no memory session, which
 * keeps NIO's single-buffer reads and writes free of allocation. At most {@code retain} idle buffers are kept.
 * Not thread-safe (the library OS's thread).
 */
final class StagePool {
    private final int size;
    private final int retain;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long created;

    StagePool(int size, int retain) {
        this.size = size;
        this.retain = retain;
    }

    /** A cleared buffer of {@link #size()} bytes. */
    ByteBuffer take() {
        ByteBuffer b = free.pollFirst();
        if (b == null) {
            created++;
            b = ByteBuffer.allocateDirect(size);
        }
        b.clear();
        return b;
    }

    /** Gives {@code buffer} back (dropped to the garbage collector when enough are idle). */
    void give(ByteBuffer buffer) {
        if (buffer != null && free.size() < retain) {
            free.addFirst(buffer);
        }
    }

    /** Bytes per buffer. */
    int size() {
        return size;
    }

    /** Buffers ever created. */
    long created() {
        return created;
    }

    /** Drops every idle buffer. */
    void clear() {
        free.clear();
    }
}
