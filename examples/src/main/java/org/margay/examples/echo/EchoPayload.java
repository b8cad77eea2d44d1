package org.margay.examples.echo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Sga;

/**
 * The request bytes of one echo client connection and the check of its replies: a fixed pseudo-random body (seeded
 * by the connection) whose first 8 bytes carry the request number, so a reply from the wrong request or with
 * damaged bytes is caught. Preallocated per connection: making a request and checking a reply allocate nothing.
 */
final class EchoPayload {
    private static final ValueLayout.OfLong SEQUENCE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment template;
    private final MemorySegment received;
    private final int size;

    EchoPayload(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("buffer size must be at least 1 byte: " + size);
        }
        this.size = size;
        this.template = MemorySegment.ofArray(new byte[size]);
        this.received = MemorySegment.ofArray(new byte[size]);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            template.set(ValueLayout.JAVA_BYTE, i, (byte) x);
        }
    }

    int size() {
        return size;
    }

    /** An element holding request {@code sequence}, or null when {@code los} has no memory. */
    Sga request(LibOS los, long sequence) {
        if (size >= Long.BYTES) {
            template.set(SEQUENCE, 0, sequence);
        }
        Sga sga = los.sgaAlloc(size);
        return sga == null ? null : sga.fill(template, 0, size);
    }

    /** Whether {@code reply} is exactly the last request made. */
    boolean matches(Sga reply) {
        if (reply.totalLength() != size) {
            return false;
        }
        reply.copyTo(received, 0);
        return MemorySegment.mismatch(received, 0, size, template, 0, size) == -1;
    }
}
