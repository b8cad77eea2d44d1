package org.margay.net.tcp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;

/**
 * A reusable, allocation-free walk over a TCP options area in wire order, NOPs and EOL included, so that a
 * printer can show options exactly as sent.
 *
 * <pre>{@code
 * cursor.reset(segment, view.optionsOffset(), view.optionsLength());
 * while (cursor.next()) { print(cursor.kind(), cursor.offset(), cursor.length()); }
 * if (cursor.status() != WireStatus.OK) { printBad(cursor.kind(), cursor.offset()); }
 * }</pre>
 *
 * <p>What must stay true: the cursor reads only inside the range given to {@link #reset}; every option
 * {@link #next()} accepted lies wholly inside it and has a length {@link TcpOptionKind#lengthValid} accepts.
 * After EOL the walk ends (the rest is padding, RFC 9293 §3.1). At a malformed option {@link #next()} returns
 * false, {@link #status()} becomes {@link WireStatus#BAD_OPTION}, and {@link #kind()}/{@link #offset()} name
 * the bad option ({@link #length()} is its length byte, or 0 when the byte is missing).
 */
public final class TcpOptionCursor {
    private MemorySegment segment = MemorySegment.NULL;
    private long position;
    private long end;
    private boolean finished = true;
    private WireStatus status = WireStatus.OK;
    private int kind = -1;
    private long optionOffset = -1;
    private int optionLength;

    /**
     * Starts a walk over {@code length} bytes at absolute {@code offset}; returns {@code this}. A range outside
     * the segment gives {@link WireStatus#TRUNCATED} and an empty walk.
     */
    public TcpOptionCursor reset(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.position = offset;
        this.end = offset + Math.max(0, length);
        this.kind = -1;
        this.optionOffset = -1;
        this.optionLength = 0;
        if (!Bytes.fits(offset, length, segment.byteSize())) {
            this.status = WireStatus.TRUNCATED;
            this.finished = true;
        } else {
            this.status = WireStatus.OK;
            this.finished = false;
        }
        return this;
    }

    /** Moves to the next option; false at the end, after EOL, or at a malformed option (see {@link #status()}). */
    public boolean next() {
        if (finished || position >= end) {
            finished = true;
            return false;
        }
        optionOffset = position;
        kind = Bytes.u8(segment, position);
        if (kind == TcpOptionKind.EOL) {
            optionLength = 1;
            position = end; // RFC 9293 §3.1: what follows End of Option List is padding
            return true;
        }
        if (kind == TcpOptionKind.NOP) {
            optionLength = 1;
            position++;
            return true;
        }
        if (end - position < 2) {
            return fail(0); // the length octet itself is missing
        }
        int length = Bytes.u8(segment, position + 1);
        if (length > end - position || !TcpOptionKind.lengthValid(kind, length)) {
            return fail(length);
        }
        optionLength = length;
        position += length;
        return true;
    }

    private boolean fail(int claimedLength) {
        optionLength = claimedLength;
        status = WireStatus.BAD_OPTION;
        finished = true;
        return false;
    }

    /** {@link WireStatus#OK} so far, {@link WireStatus#BAD_OPTION} once a malformed option stopped the walk, or {@link WireStatus#TRUNCATED} for a bad range. */
    public WireStatus status() {
        return status;
    }

    /** The current option's kind (or the malformed option's kind); -1 before the first {@link #next()}. */
    public int kind() {
        return kind;
    }

    /** The current option's absolute offset in the segment (its kind octet). */
    public long offset() {
        return optionOffset;
    }

    /** The current option's whole length in bytes: 1 for EOL and NOP, else its length octet. */
    public int length() {
        return optionLength;
    }

    /** The absolute offset of the current option's data (after kind and length octets; after the kind for EOL/NOP). */
    public long dataOffset() {
        return optionOffset + (optionLength <= 1 ? 1 : 2);
    }

    /** The number of data bytes of the current option (0 for EOL and NOP). */
    public int dataLength() {
        return optionLength <= 1 ? 0 : optionLength - 2;
    }

    /** The segment the cursor walks, for reading an option's data bytes. */
    public MemorySegment segment() {
        return segment;
    }
}
