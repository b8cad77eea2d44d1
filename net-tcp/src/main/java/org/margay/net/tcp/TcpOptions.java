package org.margay.net.tcp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;

/**
 * A reusable, allocation-free holder that one segment's options are parsed into: MSS, window scale,
 * SACK-permitted, SACK blocks, timestamps, NOP/EOL counts and unknown options.
 *
 * <p>What must stay true: after {@link #parse} every value describes only options that were well formed and
 * came before the first malformed one, if any. A malformed option sets {@link #status()} to
 * {@link WireStatus#BAD_OPTION} with its {@link #badOptionOffset()} and {@link #badOptionKind()}; what was parsed
 * before it stays readable, so a decoder can print up to the bad option. When a kind appears twice the later
 * one wins. All offsets are absolute offsets in the parsed segment. Parsing never allocates or throws.
 */
public final class TcpOptions {
    /** How many unknown options keep their kind, offset and length (the count goes on beyond this). */
    public static final int MAX_RECORDED_UNKNOWN = 4;

    private final TcpOptionCursor cursor = new TcpOptionCursor();
    private final int[] sackLeft = new int[TcpOptionKind.MAX_SACK_BLOCKS];
    private final int[] sackRight = new int[TcpOptionKind.MAX_SACK_BLOCKS];
    private final int[] unknownKinds = new int[MAX_RECORDED_UNKNOWN];
    private final long[] unknownOffsets = new long[MAX_RECORDED_UNKNOWN];
    private final int[] unknownLengths = new int[MAX_RECORDED_UNKNOWN];

    private WireStatus status = WireStatus.OK;
    private long badOptionOffset = -1;
    private int badOptionKind = -1;
    private boolean hasMss;
    private int mss;
    private boolean hasWindowScale;
    private int windowScaleRaw;
    private boolean sackPermitted;
    private int sackBlockCount;
    private boolean hasTimestamps;
    private int timestampValue;
    private int timestampEchoReply;
    private int nopCount;
    private long eolOffset = -1;
    private int unknownCount;

    /** Parses the options of a view; a header that fails {@link TcpSegment#checkHeader()} gives that status and no options. */
    public WireStatus parse(TcpSegment segment) {
        WireStatus header = segment.checkHeader();
        if (header != WireStatus.OK) {
            clear();
            status = header;
            return status;
        }
        return parse(segment.segment(), segment.optionsOffset(), segment.optionsLength());
    }

    /** Parses {@code length} bytes of options at absolute {@code offset}; returns {@link #status()}. */
    public WireStatus parse(MemorySegment segment, long offset, int length) {
        clear();
        cursor.reset(segment, offset, length);
        while (cursor.next()) {
            long at = cursor.offset();
            switch (cursor.kind()) {
                case TcpOptionKind.EOL -> eolOffset = at;
                case TcpOptionKind.NOP -> nopCount++;
                case TcpOptionKind.MSS -> {
                    hasMss = true;
                    mss = Bytes.u16(segment, at + 2);
                }
                case TcpOptionKind.WINDOW_SCALE -> {
                    hasWindowScale = true;
                    windowScaleRaw = Bytes.u8(segment, at + 2);
                }
                case TcpOptionKind.SACK_PERMITTED -> sackPermitted = true;
                case TcpOptionKind.SACK -> {
                    sackBlockCount = cursor.dataLength() / TcpOptionKind.SACK_BLOCK_LENGTH;
                    for (int i = 0; i < sackBlockCount; i++) {
                        long block = at + 2 + (long) i * TcpOptionKind.SACK_BLOCK_LENGTH;
                        sackLeft[i] = Bytes.i32(segment, block);
                        sackRight[i] = Bytes.i32(segment, block + 4);
                    }
                }
                case TcpOptionKind.TIMESTAMPS -> {
                    hasTimestamps = true;
                    timestampValue = Bytes.i32(segment, at + 2);
                    timestampEchoReply = Bytes.i32(segment, at + 6);
                }
                default -> {
                    if (unknownCount < MAX_RECORDED_UNKNOWN) {
                        unknownKinds[unknownCount] = cursor.kind();
                        unknownOffsets[unknownCount] = at;
                        unknownLengths[unknownCount] = cursor.length();
                    }
                    unknownCount++;
                }
            }
        }
        status = cursor.status();
        if (status == WireStatus.BAD_OPTION) {
            badOptionOffset = cursor.offset();
            badOptionKind = cursor.kind();
        }
        return status;
    }

    /** Forgets everything, as if an empty options area had been parsed. */
    public TcpOptions clear() {
        status = WireStatus.OK;
        badOptionOffset = -1;
        badOptionKind = -1;
        hasMss = false;
        mss = 0;
        hasWindowScale = false;
        windowScaleRaw = 0;
        sackPermitted = false;
        sackBlockCount = 0;
        hasTimestamps = false;
        timestampValue = 0;
        timestampEchoReply = 0;
        nopCount = 0;
        eolOffset = -1;
        unknownCount = 0;
        return this;
    }

    /** OK, BAD_OPTION (see {@link #badOptionOffset()}), or the header status when parsed from a bad view. */
    public WireStatus status() {
        return status;
    }

    /** The absolute offset of the malformed option, or -1. */
    public long badOptionOffset() {
        return badOptionOffset;
    }

    /** The kind of the malformed option, or -1. */
    public int badOptionKind() {
        return badOptionKind;
    }

    /** Whether an MSS option (kind 2) was present. */
    public boolean hasMss() {
        return hasMss;
    }

    /** The MSS value (RFC 9293 §3.7.1); 0 when absent. */
    public int mss() {
        return mss;
    }

    /** Whether a window-scale option (kind 3) was present. */
    public boolean hasWindowScale() {
        return hasWindowScale;
    }

    /** The shift count exactly as received, 0..255 (what tshark shows as the raw shift). */
    public int windowScaleRaw() {
        return windowScaleRaw;
    }

    /** The shift count to use: the raw value clamped to 14 (RFC 7323 §2.3). */
    public int windowScale() {
        return Math.min(windowScaleRaw, TcpOptionKind.MAX_WINDOW_SCALE);
    }

    /** True when the received shift exceeded 14 and was clamped (RFC 7323 §2.3: "SHOULD log the error"). */
    public boolean windowScaleClamped() {
        return windowScaleRaw > TcpOptionKind.MAX_WINDOW_SCALE;
    }

    /** Whether SACK-permitted (kind 4) was present. */
    public boolean sackPermitted() {
        return sackPermitted;
    }

    /** The number of SACK blocks (0..4) of the last SACK option. */
    public int sackBlockCount() {
        return sackBlockCount;
    }

    /** The left edge of SACK block {@code index} as raw bits (valid for index below {@link #sackBlockCount()}). */
    public int sackLeft(int index) {
        return sackLeft[index];
    }

    /** The right edge of SACK block {@code index} as raw bits. */
    public int sackRight(int index) {
        return sackRight[index];
    }

    /** The left edge of SACK block {@code index}, unsigned. */
    public long sackLeftUnsigned(int index) {
        return Integer.toUnsignedLong(sackLeft[index]);
    }

    /** The right edge of SACK block {@code index}, unsigned. */
    public long sackRightUnsigned(int index) {
        return Integer.toUnsignedLong(sackRight[index]);
    }

    /** Whether a timestamps option (kind 8) was present. */
    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    /** TSval as raw bits (RFC 7323 §3.2). */
    public int timestampValue() {
        return timestampValue;
    }

    /** TSecr as raw bits (RFC 7323 §3.2). */
    public int timestampEchoReply() {
        return timestampEchoReply;
    }

    /** TSval, unsigned. */
    public long timestampValueUnsigned() {
        return Integer.toUnsignedLong(timestampValue);
    }

    /** TSecr, unsigned. */
    public long timestampEchoReplyUnsigned() {
        return Integer.toUnsignedLong(timestampEchoReply);
    }

    /** How many NOP options were seen. */
    public int nopCount() {
        return nopCount;
    }

    /** Whether an End of Option List was seen. */
    public boolean hasEol() {
        return eolOffset >= 0;
    }

    /** The absolute offset of the EOL octet, or -1. */
    public long eolOffset() {
        return eolOffset;
    }

    /** How many well-formed options of kinds this holder does not decode were seen. */
    public int unknownCount() {
        return unknownCount;
    }

    /** The kind of unknown option {@code index} (index below {@code min(unknownCount(), MAX_RECORDED_UNKNOWN)}). */
    public int unknownKind(int index) {
        return unknownKinds[index];
    }

    /** The absolute offset of unknown option {@code index}. */
    public long unknownOffset(int index) {
        return unknownOffsets[index];
    }

    /** The whole length (kind and length octets included) of unknown option {@code index}. */
    public int unknownLength(int index) {
        return unknownLengths[index];
    }
}
