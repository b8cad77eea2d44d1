package org.margay.pdpix.spi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SgaPool;

/**
 * Cuts a byte stream back into elements: for {@link Framing#LENGTH_PREFIXED} it reads the 4-byte big-endian
 * length, allocates an element of exactly that size from the {@link SgaPool}, and fills it as bytes arrive, so
 * one pushed element pops as one element whatever the segmentation; for {@link Framing#RAW_STREAM} each
 * {@link #next} returns whatever bytes are available, up to one pool buffer.
 *
 * <p>A length of 0 or above {@link Framing#MAX_ELEMENT} is a protocol error: {@link #next} returns null and
 * {@link #error()} says {@link Errno#EPROTOTYPE}; a valid length above what this side can hold (the pool's
 * largest element, or the limit given) says {@link Errno#EMSGSIZE}. So does a stream that ends inside a prefix
 * or an element ({@link Errno#EPROTOTYPE}, with {@link #atEof()}). These errors are final: every later call
 * returns null with the same error, and the queue should reset the connection and fail its pops with it. Running
 * out of elements or buffers is {@link Errno#ENOMEM}, retried at the next call. A clean end of stream (between
 * elements) returns null with {@link #atEof()} and no error. The decoder never throws on any input. Call
 * {@link #reset()} when the queue closes, to free a partly read element. Allocates no objects of its own per
 * element.
 */
public final class ElementDecoder {
    private static final ValueLayout.OfInt PREFIX = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final SgaPool pool;
    private final int maxElement;
    private final MemorySegment prefix = Arena.ofAuto().allocate(Framing.PREFIX_BYTES);
    private Framing framing = Framing.LENGTH_PREFIXED;
    private int prefixRead;
    private int length;
    private Sga partial;
    private int segment;
    private int segmentOffset;
    private int filled;
    private int error;
    private boolean eof;

    /** A decoder taking elements from {@code pool}, refusing elements above {@code maxElement} bytes. */
    public ElementDecoder(SgaPool pool, int maxElement) {
        this.pool = pool;
        this.maxElement = (int) Math.min(maxElement, pool.maxElement());
    }

    /** Sets the framing (before the first byte is read). */
    public void framing(Framing framing) {
        this.framing = framing;
    }

    /** The framing in use. */
    public Framing framing() {
        return framing;
    }

    /**
     * The next whole element read from {@code source}, or null when more bytes are needed (or at end of
     * stream: see {@link #atEof()}, or on error: see {@link #error()}). The element belongs to the caller.
     */
    public Sga next(ByteSource source) {
        if (error == Errno.EPROTOTYPE || error == Errno.EMSGSIZE) {
            return null;
        }
        error = Errno.OK;
        return framing == Framing.RAW_STREAM ? nextRaw(source) : nextFramed(source);
    }

    private Sga nextRaw(ByteSource source) {
        Sga sga = pool.allocateEmpty();
        if (sga == null) {
            error = Errno.ENOMEM;
            return null;
        }
        PacketBuffer b = pool.buffers().allocate();
        if (b == null) {
            pool.free(sga);
            error = Errno.ENOMEM;
            return null;
        }
        sga.append(b);
        int n = source.read(b.segment(), b.start(), b.tailroom());
        if (n <= 0) {
            if (n < 0) {
                eof = true;
            }
            pool.free(sga);
            return null;
        }
        b.append(n);
        return sga;
    }

    private Sga nextFramed(ByteSource source) {
        while (prefixRead < Framing.PREFIX_BYTES) {
            int n = source.read(prefix, prefixRead, Framing.PREFIX_BYTES - prefixRead);
            if (n < 0) {
                eof = true;
                if (prefixRead > 0) {
                    error = Errno.EPROTOTYPE;   // stream ended inside a prefix
                }
                return null;
            }
            if (n == 0) {
                return null;
            }
            prefixRead += n;
        }
        if (partial == null) {
            long announced = prefix.get(PREFIX, 0) & 0xFFFF_FFFFL;
            if (announced == 0 || announced > Framing.MAX_ELEMENT) {
                error = Errno.EPROTOTYPE;   // not a valid prefix at all (Framing: 1 <= N <= MAX_ELEMENT)
                return null;
            }
            if (announced > maxElement) {
                error = Errno.EMSGSIZE;     // valid, but larger than this side can hold
                return null;
            }
            Sga sga = pool.allocate((int) announced);
            if (sga == null) {
                error = Errno.ENOMEM;
                return null;
            }
            partial = sga;
            length = (int) announced;
            segment = 0;
            segmentOffset = 0;
            filled = 0;
        }
        while (filled < length) {
            PacketBuffer b = partial.buffer(segment);
            int room = b.length() - segmentOffset;
            int n = source.read(b.segment(), b.start() + segmentOffset, room);
            if (n < 0) {
                eof = true;
                error = Errno.EPROTOTYPE;   // stream ended inside an element
                return null;
            }
            if (n == 0) {
                return null;
            }
            filled += n;
            segmentOffset += n;
            if (segmentOffset == b.length()) {
                segment++;
                segmentOffset = 0;
            }
        }
        Sga done = partial;
        partial = null;
        prefixRead = 0;
        return done;
    }

    /** OK, or why the last {@link #next} returned null for a reason other than "no bytes yet". */
    public int error() {
        return error;
    }

    /** Whether the source reported end of stream. */
    public boolean atEof() {
        return eof;
    }

    /** Whether an element is partly read. */
    public boolean inProgress() {
        return prefixRead > 0 || partial != null;
    }

    /** Frees a partly read element (when the queue closes). */
    public void reset() {
        if (partial != null) {
            pool.free(partial);
            partial = null;
        }
        prefixRead = 0;
    }
}
