package org.margay.pdpix.contract.memory;

import java.lang.foreign.MemorySegment;
import org.margay.pdpix.Errno;
import org.margay.pdpix.spi.ByteSink;
import org.margay.pdpix.spi.ByteSource;

/**
 * One direction of an in-memory byte stream: a bounded ring the writer's {@link ByteSink} fills and the reader's
 * {@link ByteSource} drains, with an end-of-stream mark (the writer's FIN) and a reset mark (an abortive close).
 */
final class BytePipe implements ByteSink, ByteSource {
    private final MemorySegment ring;
    private final int capacity;
    private int head;
    private int size;
    private boolean finished;
    private boolean reset;
    private MemoryStreamQueue reader;
    private MemoryStreamQueue writer;

    BytePipe(int capacity) {
        this.capacity = capacity;
        this.ring = MemorySegment.ofArray(new byte[capacity]);
    }

    void ends(MemoryStreamQueue writer, MemoryStreamQueue reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public int write(MemorySegment source, long offset, int length) {
        if (reset || finished) {
            return -Errno.EPIPE;
        }
        int n = Math.min(length, capacity - size);
        int tail = (head + size) % capacity;
        int first = Math.min(n, capacity - tail);
        MemorySegment.copy(source, offset, ring, tail, first);
        MemorySegment.copy(source, offset + first, ring, 0, n - first);
        size += n;
        if (n > 0 && reader != null) {
            reader.peerActivity();
        }
        return n;
    }

    @Override
    public int read(MemorySegment target, long offset, int length) {
        if (size == 0) {
            return finished ? -1 : 0;
        }
        int n = Math.min(length, size);
        int first = Math.min(n, capacity - head);
        MemorySegment.copy(ring, head, target, offset, first);
        MemorySegment.copy(ring, 0, target, offset + first, n - first);
        head = (head + n) % capacity;
        size -= n;
        if (n > 0 && writer != null) {
            writer.peerActivity();
        }
        return n;
    }

    /** The writer's FIN: the reader sees end of stream after the bytes already written. */
    void finish() {
        finished = true;
        if (reader != null) {
            reader.peerActivity();
        }
    }

    /** An abortive close: both ends fail. */
    void reset() {
        reset = true;
        size = 0;
        if (reader != null) {
            reader.peerActivity();
        }
        if (writer != null) {
            writer.peerActivity();
        }
    }

    boolean isReset() {
        return reset;
    }

    void detach(MemoryStreamQueue queue) {
        if (reader == queue) {
            reader = null;
        }
        if (writer == queue) {
            writer = null;
        }
    }
}
