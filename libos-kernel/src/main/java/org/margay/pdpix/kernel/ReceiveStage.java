package org.margay.pdpix.kernel;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.margay.pdpix.spi.ByteSource;

/**
 * The {@link ByteSource} of a TCP queue: where its {@link org.margay.pdpix.spi.ElementDecoder} reads elements
 * from the kernel's socket.
 *
 * <h2>Why a stage</h2>
 * The decoder asks for a 4-byte prefix, then an element's bytes. Asking the kernel for 4 bytes at a time would
 * cost a {@code read(2)} per prefix; so a small request with nothing staged reads as much as the per-queue stage
 * holds (several small elements at once) and later requests are served from it by copying. A request of at
 * least {@code directMin} bytes with nothing staged (an element's body, a raw-stream buffer) is read straight
 * into the element's memory through a cached view, without a copy.
 *
 * <h2>Readiness</h2>
 * A read that returns fewer bytes than asked means the socket is drained: later requests return 0 without a
 * system call until the selector reports it readable again ({@link #readable()}). The selector is
 * level-triggered, so bytes arriving in between are never missed. End of stream makes every later request
 * return -1; so does an error, whose errno {@link #failure()} keeps (a reset connection, say).
 */
final class ReceiveStage implements ByteSource {
    private final SegmentViews views;
    private final StagePool stages;
    private final int directMin;
    private SocketChannel channel;
    private ByteBuffer stage;
    private MemorySegment stageMemory;
    private int readPos;
    private int fillPos;
    private boolean drained;
    private boolean eof;
    private int failure;

    ReceiveStage(SegmentViews views, StagePool stages) {
        this.views = views;
        this.stages = stages;
        this.directMin = Math.min(4096, stages.size());
    }

    /** Starts receiving from a connected {@code channel}. */
    void attach(SocketChannel channel) {
        this.channel = channel;
        this.drained = false;
        this.eof = false;
        this.failure = 0;
    }

    @Override
    public int read(MemorySegment target, long offset, int length) {
        int available = fillPos - readPos;
        if (available > 0) {
            return copyOut(target, offset, Math.min(available, length));
        }
        if (eof || failure != 0) {
            return -1;
        }
        if (drained || channel == null) {
            return 0;
        }
        if (length >= directMin) {
            return fromKernel(views.view(target, offset, length), length);
        }
        if (stage == null) {
            stage = stages.take();
            stageMemory = MemorySegment.ofBuffer(stage);
        }
        stage.clear();
        int n = fromKernel(stage, stage.capacity());
        if (n <= 0) {
            return n;
        }
        readPos = 0;
        fillPos = n;
        return copyOut(target, offset, Math.min(n, length));
    }

    private int copyOut(MemorySegment target, long offset, int n) {
        MemorySegment.copy(stageMemory, readPos, target, offset, n);
        readPos += n;
        if (readPos == fillPos) {
            readPos = 0;
            fillPos = 0;
        }
        return n;
    }

    private int fromKernel(ByteBuffer into, int asked) {
        int n;
        try {
            n = channel.read(into);
        } catch (IOException e) {
            failure = NioErrno.of(e);
            return -1;
        }
        if (n < 0) {
            eof = true;
            return -1;
        }
        if (n < asked) {
            drained = true;
        }
        return n;
    }

    /** The selector reported the socket readable. */
    void readable() {
        drained = false;
    }

    /** Whether the last request found the socket drained (waiting for the selector). */
    boolean drained() {
        return drained;
    }

    /** Bytes read from the kernel and not yet handed out. */
    int staged() {
        return fillPos - readPos;
    }

    /** The errno reading failed with (the connection was reset), or 0. */
    int failure() {
        return failure;
    }

    /** Drops staged bytes and gives the stage back. */
    void release() {
        stages.give(stage);
        stage = null;
        stageMemory = null;
        readPos = 0;
        fillPos = 0;
        channel = null;
    }
}
