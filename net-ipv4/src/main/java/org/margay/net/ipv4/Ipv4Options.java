package org.margay.net.ipv4;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;

/**
 * A reusable, allocation-free cursor over an IPv4 options region (RFC 791 §3.1, "Options").
 *
 * <p>Use: {@code packet.options(cursor)} (or {@link #wrap}), then {@code while (cursor.next()) { ... }}, then
 * {@link #status()}. Each option is either a single octet (EOL 0, NOP 1) or kind, length (counting both), and
 * data. The walk stops after End of Option List: what follows it is padding. It also stops at the first
 * <em>framing</em> error (a length below 2, or an option reaching past the region), because nothing after it
 * can be located. A <em>content</em> error (a bad pointer, a length the kind forbids) is reported through
 * {@link #optionProblem()} and {@link #status()} but the walk goes on, since the length still frames the option.
 *
 * <p>Invariants: {@link #next()} never reads outside the wrapped region. While positioned on an option
 * ({@code next()} returned true), {@link #offset()} + {@link #length()} lies inside the region, and every
 * kind-specific accessor stays inside the option when its index is below the matching count.
 */
public final class Ipv4Options {
    /** End of Option List (RFC 791 §3.1): one octet; the rest of the region is padding. */
    public static final int EOL = 0;
    /** No Operation: one octet, used to align the next option. */
    public static final int NOP = 1;
    /** Record Route (RFC 791 §3.1): pointer and room for addresses. */
    public static final int RR = 7;
    /** Internet Timestamp (RFC 791 §3.1): pointer, overflow/flag and timestamps (with addresses). */
    public static final int TS = 68;
    /** Experimental traceroute (RFC 1393). */
    public static final int TRACEROUTE = 82;
    /** Security (RFC 791 §3.1; revised by RFC 1108). */
    public static final int SECURITY = 130;
    /** Loose Source and Record Route (RFC 791 §3.1). */
    public static final int LSRR = 131;
    /** Extended Security (RFC 1108). */
    public static final int EXTENDED_SECURITY = 133;
    /** Stream Identifier (RFC 791 §3.1; obsolete). */
    public static final int STREAM_ID = 136;
    /** Strict Source and Record Route (RFC 791 §3.1). */
    public static final int SSRR = 137;
    /** Router Alert (RFC 2113): length 4, a 16-bit value. */
    public static final int RA = 148;

    /** Timestamp flag 0: timestamps only, 4 bytes per entry (RFC 791 §3.1). */
    public static final int TS_ONLY = 0;
    /** Timestamp flag 1: each entry is an address then a timestamp, 8 bytes. */
    public static final int TS_AND_ADDRESS = 1;
    /** Timestamp flag 3: addresses prespecified by the sender, 8 bytes per entry. */
    public static final int TS_PRESPECIFIED = 3;

    /** What is wrong with an option, for drop counters and decoder output ({@code [bad length 0]}). */
    public enum Problem {
        /** Nothing. */
        NONE,
        /** The length octet lies past the end of the region. */
        MISSING_LENGTH,
        /** The length octet is below 2 (it counts the kind and length octets themselves). */
        LENGTH_TOO_SMALL,
        /** The option reaches past the end of the region. */
        OVERRUNS_REGION,
        /** A length this kind forbids (route options 3+4n, timestamps 4+4n or 4+8n, Router Alert 4). */
        BAD_LENGTH_FOR_KIND,
        /** A pointer below its minimum (4 for routes, 5 for timestamps), misaligned, or past length + 1. */
        BAD_POINTER,
        /** A timestamp flag other than 0, 1 or 3. */
        BAD_TIMESTAMP_FLAG;

        /** True for problems that leave the walk unable to find the next option. */
        public boolean breaksFraming() {
            return this == MISSING_LENGTH || this == LENGTH_TOO_SMALL || this == OVERRUNS_REGION;
        }
    }

    private MemorySegment segment = MemorySegment.NULL;
    private long start;
    private long end;
    private long position;
    private boolean done;

    private long current;
    private int kind;
    private int length;
    private Problem optionProblem = Problem.NONE;

    private Problem firstProblem = Problem.NONE;
    private long problemOffset = -1;

    /**
     * Points the cursor at {@code length} bytes of options at {@code offset} and rewinds it. The region is clipped
     * to the segment. Allocates nothing.
     */
    public Ipv4Options wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        long size = segment.byteSize();
        this.start = Math.max(0, Math.min(offset, size));
        this.end = length < 0 ? start : Math.min(size, start + length);
        return rewind();
    }

    /** Points the cursor at the options of {@code packet} (whose header length must fit, see {@link Ipv4Packet#checkHeader()}). */
    public Ipv4Options wrap(Ipv4Packet packet) {
        return packet.options(this);
    }

    /** Goes back to the first option and forgets problems seen so far. */
    public Ipv4Options rewind() {
        position = start;
        done = start >= end;
        current = start;
        kind = -1;
        length = 0;
        optionProblem = Problem.NONE;
        firstProblem = Problem.NONE;
        problemOffset = -1;
        return this;
    }

    /**
     * Moves to the next option. Returns true when positioned on a framed option (EOL included, which ends the
     * walk); false at the end of the region, after EOL, or at a framing error (then {@link #status()} is
     * {@code BAD_OPTION} and {@link #kind()}, {@link #offset()} and the claimed {@link #length()} describe the
     * broken option, whose bytes past the region must not be read).
     */
    public boolean next() {
        if (done) {
            return false;
        }
        if (position >= end) {
            done = true;
            return false;
        }
        current = position;
        kind = Bytes.u8(segment, position);
        int framed = frame(segment, position, end);
        if (framed < 0) {
            length = position + 1 < end ? Bytes.u8(segment, position + 1) : 0;
            optionProblem = framingProblem(framed);
            record(optionProblem, current);
            done = true;
            return false;
        }
        length = framed;
        position += framed;
        optionProblem = contentProblem(segment, current, kind, length);
        record(optionProblem, current);
        if (kind == EOL) {
            done = true; // RFC 791 §3.1: EOL marks the end of the options; what follows is padding.
        }
        return true;
    }

    /** {@code OK} while no problem has been met; {@code BAD_OPTION} after the first one. */
    public WireStatus status() {
        return firstProblem == Problem.NONE ? WireStatus.OK : WireStatus.BAD_OPTION;
    }

    /** The first problem met since the last {@link #rewind()}, or {@link Problem#NONE}. */
    public Problem problem() {
        return firstProblem;
    }

    /** The absolute offset of the option with the first problem, or -1. */
    public long problemOffset() {
        return problemOffset;
    }

    /** The current option's problem, or {@link Problem#NONE}. */
    public Problem optionProblem() {
        return optionProblem;
    }

    // ---------------------------------------------------------------- current option

    /** The option-type octet of the current option. */
    public int kind() {
        return kind;
    }

    /** The absolute offset of the current option in the segment. */
    public long offset() {
        return current;
    }

    /** The current option's offset from the start of the options region. */
    public int relativeOffset() {
        return (int) (current - start);
    }

    /** The current option's length in bytes, kind and length octets included (1 for EOL and NOP). */
    public int length() {
        return length;
    }

    /** The copied flag (bit 0 of the type octet): the option is copied into every fragment (RFC 791 §3.1). */
    public boolean copied() {
        return (kind & 0x80) != 0;
    }

    /** The option class (bits 1–2): 0 control, 2 debugging and measurement. */
    public int optionClass() {
        return (kind >>> 5) & 0b11;
    }

    /** The option number (bits 3–7). */
    public int number() {
        return kind & 0x1F;
    }

    /** The absolute offset of the data after the kind and length octets. */
    public long dataOffset() {
        return current + 2;
    }

    /** The number of data bytes after the kind and length octets (0 for single-octet options). */
    public int dataLength() {
        return Math.max(0, length - 2);
    }

    /** The pointer octet of RR, LSRR, SSRR and TS (1-based from the option start), or -1 when the option is shorter than 3. */
    public int pointer() {
        return length >= 3 ? Bytes.u8(segment, current + 2) : -1;
    }

    /** Route options: how many 4-byte address slots the option holds ({@code (length - 3) / 4}). */
    public int routeAddressCount() {
        return length >= 3 ? (length - 3) / 4 : 0;
    }

    /** Route options: how many slots are filled, the ones before the pointer ({@code (pointer - 4) / 4}, clipped). */
    public int routeFilledCount() {
        int pointer = pointer();
        if (pointer < 4) {
            return 0;
        }
        return Math.min(routeAddressCount(), (pointer - 4) / 4);
    }

    /** Route options: address slot {@code index} (0-based; must be below {@link #routeAddressCount()}). */
    public int routeAddress(int index) {
        return Bytes.i32(segment, current + 3 + 4L * index);
    }

    /** Timestamp: the overflow count (high nibble of octet 4), or -1 when the option is shorter than 4. */
    public int timestampOverflow() {
        return length >= 4 ? Bytes.u8(segment, current + 3) >>> 4 : -1;
    }

    /** Timestamp: the flag (low nibble of octet 4: {@link #TS_ONLY}, {@link #TS_AND_ADDRESS}, {@link #TS_PRESPECIFIED}), or -1. */
    public int timestampFlag() {
        return length >= 4 ? Bytes.u8(segment, current + 3) & 0x0F : -1;
    }

    /** Timestamp: bytes per entry, 4 for timestamps only, otherwise 8 (address and timestamp). */
    public int timestampEntrySize() {
        return timestampFlag() == TS_ONLY ? 4 : 8;
    }

    /** Timestamp: how many entries the option has room for. */
    public int timestampEntryCount() {
        return length >= 4 ? (length - 4) / timestampEntrySize() : 0;
    }

    /** Timestamp: how many entries are filled, the ones before the pointer (clipped). */
    public int timestampFilledCount() {
        int pointer = pointer();
        if (pointer < 5 || length < 4) {
            return 0;
        }
        return Math.min(timestampEntryCount(), (pointer - 5) / timestampEntrySize());
    }

    /** Timestamp: the address of entry {@code index} (8-byte entries only; index below {@link #timestampEntryCount()}). */
    public int timestampAddress(int index) {
        return Bytes.i32(segment, current + 4 + 8L * index);
    }

    /** Timestamp: the 32-bit timestamp of entry {@code index} (milliseconds since midnight UT when the high bit is clear). */
    public long timestampValue(int index) {
        long at = timestampEntrySize() == 4 ? current + 4 + 4L * index : current + 8 + 8L * index;
        return Bytes.u32(segment, at);
    }

    /** Router Alert: the 16-bit value (0 = "router shall examine packet", RFC 2113 §2.1), or -1 when the length is below 4. */
    public int routerAlertValue() {
        return length >= 4 ? Bytes.u16(segment, current + 2) : -1;
    }

    /** A short name for printing, in tcpdump's spelling ({@code "EOL"}, {@code "RR"}, ...), or null for unknown kinds. */
    public static String name(int kind) {
        return switch (kind) {
            case EOL -> "EOL";
            case NOP -> "NOP";
            case RR -> "RR";
            case TS -> "timestamp";
            case TRACEROUTE -> "traceroute";
            case SECURITY -> "security";
            case LSRR -> "LSRR";
            case EXTENDED_SECURITY -> "extended security";
            case STREAM_ID -> "stream id";
            case SSRR -> "SSRR";
            case RA -> "RA";
            default -> null;
        };
    }

    // ---------------------------------------------------------------- static walk (no cursor needed)

    /**
     * Whether the options region walks cleanly: no framing or content problem before its end or EOL. Reads only
     * inside {@code [offset, offset + length)}; allocates nothing.
     */
    public static boolean validate(MemorySegment segment, long offset, int length) {
        long at = offset;
        long limit = offset + length;
        while (at < limit) {
            int kind = Bytes.u8(segment, at);
            int framed = frame(segment, at, limit);
            if (framed < 0 || contentProblem(segment, at, kind, framed) != Problem.NONE) {
                return false;
            }
            if (kind == EOL) {
                return true;
            }
            at += framed;
        }
        return true;
    }

    private static final int FRAME_MISSING_LENGTH = -1;
    private static final int FRAME_TOO_SMALL = -2;
    private static final int FRAME_OVERRUN = -3;

    /** The framed length of the option at {@code at}, or a negative FRAME_* code. */
    private static int frame(MemorySegment segment, long at, long limit) {
        int kind = Bytes.u8(segment, at);
        if (kind == EOL || kind == NOP) {
            return 1;
        }
        if (at + 1 >= limit) {
            return FRAME_MISSING_LENGTH;
        }
        int length = Bytes.u8(segment, at + 1);
        if (length < 2) {
            return FRAME_TOO_SMALL;
        }
        if (length > limit - at) {
            return FRAME_OVERRUN;
        }
        return length;
    }

    private static Problem framingProblem(int code) {
        return switch (code) {
            case FRAME_MISSING_LENGTH -> Problem.MISSING_LENGTH;
            case FRAME_TOO_SMALL -> Problem.LENGTH_TOO_SMALL;
            default -> Problem.OVERRUNS_REGION;
        };
    }

    /** Kind-specific rules for an option already framed inside the region. */
    private static Problem contentProblem(MemorySegment segment, long at, int kind, int length) {
        switch (kind) {
            case RR, LSRR, SSRR -> {
                // RFC 791 §3.1: pointer, then 4-byte addresses; "the smallest legal value [of the pointer] is 4",
                // and it indexes the next slot, so it is 4, 8, 12, ... and exceeds the length when full.
                if (length < 3 || (length - 3) % 4 != 0) {
                    return Problem.BAD_LENGTH_FOR_KIND;
                }
                int pointer = Bytes.u8(segment, at + 2);
                if (pointer < 4 || pointer % 4 != 0 || pointer > length + 1) {
                    return Problem.BAD_POINTER;
                }
                return Problem.NONE;
            }
            case TS -> {
                // RFC 791 §3.1: pointer "the smallest legal value is 5"; entries of 4 bytes (flag 0) or 8 bytes
                // (flags 1 and 3); the data area is full when the pointer exceeds the length.
                if (length < 4) {
                    return Problem.BAD_LENGTH_FOR_KIND;
                }
                int flag = Bytes.u8(segment, at + 3) & 0x0F;
                if (flag != TS_ONLY && flag != TS_AND_ADDRESS && flag != TS_PRESPECIFIED) {
                    return Problem.BAD_TIMESTAMP_FLAG;
                }
                int entry = flag == TS_ONLY ? 4 : 8;
                if ((length - 4) % entry != 0) {
                    return Problem.BAD_LENGTH_FOR_KIND;
                }
                int pointer = Bytes.u8(segment, at + 2);
                if (pointer < 5 || (pointer - 5) % entry != 0 || pointer > length + 1) {
                    return Problem.BAD_POINTER;
                }
                return Problem.NONE;
            }
            case RA -> {
                // RFC 2113 §2.1: Router Alert has length 4.
                return length == 4 ? Problem.NONE : Problem.BAD_LENGTH_FOR_KIND;
            }
            default -> {
                return Problem.NONE;
            }
        }
    }

    private void record(Problem problem, long at) {
        if (problem != Problem.NONE && firstProblem == Problem.NONE) {
            firstProblem = problem;
            problemOffset = at;
        }
    }
}
