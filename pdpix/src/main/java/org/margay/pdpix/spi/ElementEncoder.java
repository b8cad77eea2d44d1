package org.margay.pdpix.spi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.Sga;

/**
 * Writes pushed elements into a stream, resuming where it stopped when the stream had no room: for
 * {@link Framing#LENGTH_PREFIXED} the 4-byte big-endian length and then the segments, for
 * {@link Framing#RAW_STREAM} the segments alone. One encoder per stream queue; it tracks only the element at
 * the head of the queue's pending pushes. Allocates nothing per element.
 */
public final class ElementEncoder {
    private static final ValueLayout.OfInt PREFIX = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment prefix = Arena.ofAuto().allocate(Framing.PREFIX_BYTES);
    private Framing framing = Framing.LENGTH_PREFIXED;
    /** Bytes of the current element (prefix included) already written. */
    private long written;
    private boolean started;

    /** Sets the framing for the following elements. */
    public void framing(Framing framing) {
        this.framing = framing;
    }

    /** The framing in use. */
    public Framing framing() {
        return framing;
    }

    /**
     * Writes as much of {@code element} as {@code sink} takes. Returns 1 when the whole element is written (the
     * encoder is then ready for the next), 0 when the sink ran out of room (call again with the same element),
     * or a negative errno from the sink, or {@code -EMSGSIZE} (before writing anything) for a length-prefixed
     * element above {@link Framing#MAX_ELEMENT}. Calls after a 0 must pass the same element until it returns 1.
     */
    public int write(Sga element, ByteSink sink) {
        if (!started && framing == Framing.LENGTH_PREFIXED && element.totalLength() > Framing.MAX_ELEMENT) {
            return -Errno.EMSGSIZE;     // no PDPIX peer would accept it (Framing: N <= MAX_ELEMENT)
        }
        if (!started) {
            started = true;
            written = 0;
            prefix.set(PREFIX, 0, (int) element.totalLength());
        }
        long skip = written;
        if (framing == Framing.LENGTH_PREFIXED) {
            if (skip < Framing.PREFIX_BYTES) {
                int n = sink.write(prefix, skip, (int) (Framing.PREFIX_BYTES - skip));
                if (n < 0) {
                    return n;
                }
                written += n;
                if (written < Framing.PREFIX_BYTES) {
                    return 0;
                }
                skip = 0;
            } else {
                skip -= Framing.PREFIX_BYTES;
            }
        }
        for (int i = 0; i < element.segmentCount(); i++) {
            PacketBuffer b = element.buffer(i);
            int length = b.length();
            if (skip >= length) {
                skip -= length;
                continue;
            }
            int offset = (int) skip;
            skip = 0;
            while (offset < length) {
                int n = sink.write(b.segment(), b.start() + offset, length - offset);
                if (n < 0) {
                    return n;
                }
                if (n == 0) {
                    return 0;
                }
                offset += n;
                written += n;
            }
        }
        started = false;
        written = 0;
        return 1;
    }

    /** Whether an element is partly written (its bytes are already in the stream). */
    public boolean inProgress() {
        return started && written > 0;
    }

    /** Forgets the current element (after the stream failed). */
    public void reset() {
        started = false;
        written = 0;
    }
}
