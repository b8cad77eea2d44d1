package org.margay.pdpix.kernel;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.margay.pdpix.spi.ByteSink;

/**
 * The {@link ByteSink} of a TCP queue: where its {@link org.margay.pdpix.spi.ElementEncoder} writes elements on
 * their way into the kernel's socket.
 *
 * <h2>Why a stage</h2>
 * The encoder hands over a 4-byte length prefix, then each segment. Writing each piece with its own
 * {@code write(2)} would cost a system call per piece and, with {@code TCP_NODELAY}, send the prefix in a
 * segment of its own. NIO's gathering write ({@code write(ByteBuffer[])}) would avoid that but allocates two
 * objects per memory-segment buffer per call (the session releasers). So small pieces are copied into a
 * per-queue direct buffer and go out together in one {@code write(2)}; a piece at least as large as the stage
 * found with the stage empty is written straight from the element's memory (a cached view), without a copy.
 * A large element thus costs one stage-sized copy (prefix plus its first bytes) and then zero-copy writes.
 *
 * <h2>Accounting</h2>
 * Bytes copied into the stage count as taken; the queue completes a push only once the stage has drained into
 * the kernel ({@link #staged()} is 0), so "push completed" still means "the kernel has the bytes". A write
 * that the kernel takes only partly marks the sink {@link #blocked()}: further writes return 0 without a
 * system call until the selector reports the socket writable ({@link #writable()}).
 */
final class SendStage implements ByteSink {
    private final SegmentViews views;
    private final StagePool stages;
    private SocketChannel channel;
    private ByteBuffer stage;
    private MemorySegment stageMemory;
    private int capacity;
    private int flushPos;
    private int fillPos;
    private boolean blocked;
    private int failure;

    SendStage(SegmentViews views, StagePool stages) {
        this.views = views;
        this.stages = stages;
    }

    /** Starts sending on a connected {@code channel}. */
    void attach(SocketChannel channel) {
        this.channel = channel;
        this.blocked = false;
        this.failure = 0;
    }

    @Override
    public int write(MemorySegment source, long offset, int length) {
        if (failure != 0) {
            return -failure;
        }
        if (stage == null) {
            stage = stages.take();
            stageMemory = MemorySegment.ofBuffer(stage);
            capacity = stage.capacity();
        }
        if (fillPos == capacity) {
            int r = flush();
            if (r < 0) {
                return r;
            }
            if (fillPos == capacity) {
                if (flushPos == 0) {
                    return 0;
                }
                compact();
            }
        }
        if (fillPos == 0 && length >= capacity) {
            return direct(source, offset, length);
        }
        if (flushPos > 0 && fillPos + length > capacity) {
            compact();
        }
        int n = Math.min(length, capacity - fillPos);
        MemorySegment.copy(source, offset, stageMemory, fillPos, n);
        fillPos += n;
        return n;
    }

    /**
     * Writes staged bytes to the kernel. Returns 0 (check {@link #staged()} for what is left), or a negative
     * errno when the socket failed (then every later write fails with it).
     */
    int flush() {
        if (failure != 0) {
            return -failure;
        }
        if (fillPos == flushPos || blocked) {
            return 0;
        }
        stage.limit(fillPos);
        stage.position(flushPos);
        int n;
        try {
            n = channel.write(stage);
        } catch (IOException e) {
            failure = NioErrno.of(e);
            return -failure;
        }
        flushPos += n;
        if (flushPos == fillPos) {
            flushPos = 0;
            fillPos = 0;
        } else {
            blocked = true;
        }
        return 0;
    }

    private int direct(MemorySegment source, long offset, int length) {
        if (blocked) {
            return 0;
        }
        ByteBuffer view = views.view(source, offset, length);
        int n;
        try {
            n = channel.write(view);
        } catch (IOException e) {
            failure = NioErrno.of(e);
            return -failure;
        }
        if (n < length) {
            blocked = true;
        }
        return n;
    }

    private void compact() {
        int live = fillPos - flushPos;
        MemorySegment.copy(stageMemory, flushPos, stageMemory, 0, live);
        flushPos = 0;
        fillPos = live;
    }

    /** Bytes copied in and not yet taken by the kernel. */
    int staged() {
        return fillPos - flushPos;
    }

    /** Whether the kernel refused bytes since the socket was last reported writable. */
    boolean blocked() {
        return blocked;
    }

    /** The selector reported the socket writable. */
    void writable() {
        blocked = false;
    }

    /** The errno the socket failed with, or 0. */
    int failure() {
        return failure;
    }

    /** Drops staged bytes and gives the stage back (the queue is closing or the connection broke). */
    void release() {
        stages.give(stage);
        stage = null;
        stageMemory = null;
        flushPos = 0;
        fillPos = 0;
        channel = null;
    }
}
