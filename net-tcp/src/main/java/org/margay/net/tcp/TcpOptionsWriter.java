package org.margay.net.tcp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;

/**
 * Writes TCP options in the order its methods are called, into an options area of a segment, without
 * allocating. {@link #padToWord()} ends the area with NOPs on a 4-byte boundary so the data offset can count
 * it (RFC 9293 §3.1: the header ends on a 32-bit boundary).
 *
 * <p>Preset: {@link #linuxSyn} writes the order Linux sends on a SYN, {@code MSS, SACK-permitted, TS, NOP, WS}
 * (20 bytes, already aligned), so tests and peers see the layout tcpdump shows as
 * {@code [mss 1460,sackOK,TS val .. ecr ..,nop,wscale 7]}.
 *
 * <p>What must stay true: nothing is written past the capacity given to {@link #wrap}; writing more is a
 * programming error and throws {@link IllegalStateException} before touching memory.
 */
public final class TcpOptionsWriter {
    /** Bytes of {@link #alignedTimestamps}: NOP, NOP, kind 8, length 10, TSval, TSecr. */
    public static final int ALIGNED_TIMESTAMPS_LENGTH = 12;
    /** The first word of {@link #alignedTimestamps}: NOP NOP 8 10 (RFC 7323 Appendix A). */
    public static final int ALIGNED_TIMESTAMPS_WORD = 0x0101080A;
    private MemorySegment segment = MemorySegment.NULL;
    private long start;
    private int capacity;
    private int written;

    /** Starts writing at absolute {@code offset} with room for {@code capacity} bytes (at most 40 in a header); returns {@code this}. */
    public TcpOptionsWriter wrap(MemorySegment segment, long offset, int capacity) {
        this.segment = segment;
        this.start = offset;
        this.capacity = capacity;
        this.written = 0;
        return this;
    }

    /** Starts writing at the options area of {@code view}, with room for the 40 bytes a header allows; returns {@code this}. */
    public TcpOptionsWriter wrap(TcpSegment view) {
        return wrap(view.segment(), view.optionsOffset(), TcpSegment.MAX_OPTIONS_LENGTH);
    }

    /** The bytes written so far. */
    public int length() {
        return written;
    }

    private long reserve(int bytes) {
        if (bytes > capacity - written) {
            throw new IllegalStateException("TCP options need " + (written + bytes) + " bytes, room for " + capacity);
        }
        long at = start + written;
        written += bytes;
        return at;
    }

    /** One NOP (kind 1). */
    public TcpOptionsWriter nop() {
        Bytes.u8(segment, reserve(1), TcpOptionKind.NOP);
        return this;
    }

    /** One End of Option List (kind 0). */
    public TcpOptionsWriter eol() {
        Bytes.u8(segment, reserve(1), TcpOptionKind.EOL);
        return this;
    }

    /** MSS, kind 2 length 4 (RFC 9293 §3.1). */
    public TcpOptionsWriter mss(int mss) {
        long at = reserve(TcpOptionKind.MSS_LENGTH);
        Bytes.u8(segment, at, TcpOptionKind.MSS);
        Bytes.u8(segment, at + 1, TcpOptionKind.MSS_LENGTH);
        Bytes.u16(segment, at + 2, mss);
        return this;
    }

    /** Window scale, kind 3 length 3 (RFC 7323 §2.2); the shift is written as given, 0..255. */
    public TcpOptionsWriter windowScale(int shift) {
        long at = reserve(TcpOptionKind.WINDOW_SCALE_LENGTH);
        Bytes.u8(segment, at, TcpOptionKind.WINDOW_SCALE);
        Bytes.u8(segment, at + 1, TcpOptionKind.WINDOW_SCALE_LENGTH);
        Bytes.u8(segment, at + 2, shift);
        return this;
    }

    /** SACK-permitted, kind 4 length 2 (RFC 2018 §2). */
    public TcpOptionsWriter sackPermitted() {
        long at = reserve(TcpOptionKind.SACK_PERMITTED_LENGTH);
        Bytes.u8(segment, at, TcpOptionKind.SACK_PERMITTED);
        Bytes.u8(segment, at + 1, TcpOptionKind.SACK_PERMITTED_LENGTH);
        return this;
    }

    /** Timestamps, kind 8 length 10 (RFC 7323 §3.2). */
    public TcpOptionsWriter timestamps(int value, int echoReply) {
        long at = reserve(TcpOptionKind.TIMESTAMPS_LENGTH);
        Bytes.u8(segment, at, TcpOptionKind.TIMESTAMPS);
        Bytes.u8(segment, at + 1, TcpOptionKind.TIMESTAMPS_LENGTH);
        Bytes.u32(segment, at + 2, value);
        Bytes.u32(segment, at + 6, echoReply);
        return this;
    }

    /**
     * {@code NOP NOP TS}: the 12-byte, 4-byte-aligned timestamps layout of RFC 7323 Appendix A that almost every
     * segment of a connection with timestamps carries, written as three 32-bit words.
     */
    public TcpOptionsWriter alignedTimestamps(int value, int echoReply) {
        long at = reserve(ALIGNED_TIMESTAMPS_LENGTH);
        Bytes.u32(segment, at, ALIGNED_TIMESTAMPS_WORD);
        Bytes.u32(segment, at + 4, value);
        Bytes.u32(segment, at + 8, echoReply);
        return this;
    }

    /** SACK, kind 5 length 2 + 8n, with the first {@code count} (1..4) edges of the arrays (RFC 2018 §3). */
    public TcpOptionsWriter sack(int[] leftEdges, int[] rightEdges, int count) {
        if (count < 1 || count > TcpOptionKind.MAX_SACK_BLOCKS) {
            throw new IllegalArgumentException("SACK block count must be 1..4: " + count);
        }
        int length = 2 + count * TcpOptionKind.SACK_BLOCK_LENGTH;
        long at = reserve(length);
        Bytes.u8(segment, at, TcpOptionKind.SACK);
        Bytes.u8(segment, at + 1, length);
        for (int i = 0; i < count; i++) {
            long block = at + 2 + (long) i * TcpOptionKind.SACK_BLOCK_LENGTH;
            Bytes.u32(segment, block, leftEdges[i]);
            Bytes.u32(segment, block + 4, rightEdges[i]);
        }
        return this;
    }

    /** Any option given as kind and data bytes taken from {@code data} (length 2 + dataLength). */
    public TcpOptionsWriter raw(int kind, MemorySegment data, long dataOffset, int dataLength) {
        long at = reserve(2 + dataLength);
        Bytes.u8(segment, at, kind);
        Bytes.u8(segment, at + 1, 2 + dataLength);
        MemorySegment.copy(data, dataOffset, segment, at + 2, dataLength);
        return this;
    }

    /** NOPs until the length is a multiple of 4; returns {@code this}. */
    public TcpOptionsWriter padToWord() {
        while ((written & 3) != 0) {
            nop();
        }
        return this;
    }

    /**
     * The Linux SYN layout: MSS, SACK-permitted, timestamps, NOP, window scale (20 bytes, aligned). This is
     * what {@code tcp_options_write} produces when SACK and timestamps are both on.
     */
    public TcpOptionsWriter linuxSyn(int mss, int timestampValue, int timestampEchoReply, int windowShift) {
        return mss(mss).sackPermitted().timestamps(timestampValue, timestampEchoReply).nop().windowScale(windowShift);
    }
}
