package org.margay.net.ipv4;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.WireStatus;

/**
 * A reusable flyweight view of an IPv4 header and its payload (RFC 791 §3.1) over a {@link MemorySegment}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options                    |    Padding    |
 * </pre>
 *
 * <p>{@link #wrap} records where the bytes are and allocates nothing; one view is reused for every packet.
 * The wrapped length is what is <em>available</em> (for example a frame's bytes after the link header, which may
 * include link trailer padding, or fewer bytes than the datagram when a capture was cut at a snap length).
 *
 * <p>Invariant: once {@link #check()} (or {@link #checkHeader()}) has answered {@link WireStatus#OK}, every
 * getter reads inside the wrapped bounds. Before that, getters of the fixed 20-byte header are safe only if
 * {@link #availableLength()} is at least 20. Checksums are verified separately ({@link #checksumValid()}).
 * Setters write in place and never recompute the checksum, except {@link #decrementTtl()}.
 */
public final class Ipv4Packet {
    /** Version (high nibble) and IHL (low nibble), RFC 791 §3.1. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Type of Service; DSCP in the high six bits and ECN in the low two (RFC 2474 §3, RFC 3168 §5). */
    public static final int TOS_OFFSET = 1;
    /** Total Length in bytes, header included. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Flags (top 3 bits) and Fragment Offset (low 13 bits, in 8-byte units). */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Time to Live. */
    public static final int TTL_OFFSET = 8;
    /** Protocol ({@link IpProtocol}). */
    public static final int PROTOCOL_OFFSET = 9;
    /** Header Checksum. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Source Address. */
    public static final int SOURCE_OFFSET = 12;
    /** Destination Address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Start of the options, when IHL is above 5. */
    public static final int OPTIONS_OFFSET = 20;

    /** The only version this view decodes. */
    public static final int VERSION = 4;
    /** The smallest header: IHL 5 (RFC 791 §3.1: "the minimum value for a correct header is 5"). */
    public static final int MIN_HEADER_LENGTH = 20;
    /** The largest header: IHL 15. */
    public static final int MAX_HEADER_LENGTH = 60;
    /** The largest options region. */
    public static final int MAX_OPTIONS_LENGTH = MAX_HEADER_LENGTH - MIN_HEADER_LENGTH;
    /** The largest datagram (Total Length is 16 bits). */
    public static final int MAX_TOTAL_LENGTH = 0xFFFF;

    /** Bit 0 of the 3-bit Flags field: reserved, must be zero (RFC 791; the "evil bit" of RFC 3514). */
    public static final int FLAG_RESERVED = 0b100;
    /** Bit 1 of the Flags field: Don't Fragment. */
    public static final int FLAG_DONT_FRAGMENT = 0b010;
    /** Bit 2 of the Flags field: More Fragments. */
    public static final int FLAG_MORE_FRAGMENTS = 0b001;
    /** Fragment Offset is 13 bits, in units of 8 bytes. */
    public static final int MAX_FRAGMENT_OFFSET = 0x1FFF;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;

    /**
     * Points this view at {@code length} bytes starting at {@code offset} of {@code segment} and returns it.
     * A length that reaches past the segment, or a negative offset or length, is clipped so that the view never
     * reads outside the segment; nothing is read here.
     */
    public Ipv4Packet wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        long size = segment.byteSize();
        if (offset < 0 || offset > size || length < 0) {
            this.offset = Math.max(0, Math.min(offset, size));
            this.available = 0;
        } else {
            this.offset = offset;
            this.available = (int) Math.min(length, size - offset);
        }
        return this;
    }

    /** The wrapped segment. */
    public MemorySegment segment() {
        return segment;
    }

    /** The absolute offset of the header's first byte in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /**
     * The number of bytes the view was wrapped over (after clipping to the segment). Compare with
     * {@link #totalLength()}: more means link trailer padding follows the datagram; less means the capture or
     * buffer holds only part of it.
     */
    public int availableLength() {
        return available;
    }

    // ---------------------------------------------------------------- validation

    /**
     * Structural validation of the whole datagram, first problem wins (RFC 791 §3.1, RFC 1122 §3.2.1.1–2):
     * <ol>
     *   <li>{@link WireStatus#TRUNCATED}: fewer than 20 bytes available;</li>
     *   <li>{@link WireStatus#BAD_VERSION}: version is not 4;</li>
     *   <li>{@link WireStatus#BAD_HEADER_LENGTH}: IHL below 5, or the header reaches past the available bytes;</li>
     *   <li>{@link WireStatus#BAD_TOTAL_LENGTH}: Total Length below the header length, <em>or</em> above the
     *       available bytes (the datagram is not all here). To tell those two apart, use {@link #checkHeader()}
     *       (which accepts the second) or compare {@link #totalLength()} with {@link #availableLength()};</li>
     *   <li>{@link WireStatus#BAD_OPTION}: the option walk fails ({@link Ipv4Options}).</li>
     * </ol>
     * The checksum is not verified here. Allocates nothing.
     */
    public WireStatus check() {
        WireStatus fixed = checkFixedHeader();
        if (fixed != WireStatus.OK) {
            return fixed;
        }
        if (totalLength() > available) {
            return WireStatus.BAD_TOTAL_LENGTH;
        }
        return checkOptions();
    }

    /**
     * Like {@link #check()}, but accepts a datagram whose Total Length is larger than the available bytes, as in
     * a capture cut at a snap length. After {@code OK}, the header and options are readable, {@link #payloadLength()}
     * is what the header claims and {@link #capturedPayloadLength()} is what is actually here.
     */
    public WireStatus checkHeader() {
        WireStatus fixed = checkFixedHeader();
        return fixed != WireStatus.OK ? fixed : checkOptions();
    }

    private WireStatus checkFixedHeader() {
        if (available < MIN_HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        if (version() != VERSION) {
            return WireStatus.BAD_VERSION;
        }
        int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH || headerLength > available) {
            return WireStatus.BAD_HEADER_LENGTH;
        }
        if (totalLength() < headerLength) {
            return WireStatus.BAD_TOTAL_LENGTH;
        }
        return WireStatus.OK;
    }

    private WireStatus checkOptions() {
        int headerLength = headerLength();
        if (headerLength > MIN_HEADER_LENGTH
                && !Ipv4Options.validate(segment, offset + OPTIONS_OFFSET, headerLength - MIN_HEADER_LENGTH)) {
            return WireStatus.BAD_OPTION;
        }
        return WireStatus.OK;
    }

    /** True when the datagram's Total Length is larger than the available bytes (a cut capture). */
    public boolean isCaptureTruncated() {
        return totalLength() > available;
    }

    // ---------------------------------------------------------------- fixed header getters

    /** The Version field (4 for IPv4). */
    public int version() {
        return Bytes.u8(segment, offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /** The IHL field: header length in 32-bit words (5–15 when valid). */
    public int ihl() {
        return Bytes.u8(segment, offset + VERSION_IHL_OFFSET) & 0x0F;
    }

    /** The header length in bytes ({@code ihl() * 4}). */
    public int headerLength() {
        return ihl() * 4;
    }

    /** The raw Type of Service byte (DSCP and ECN together). */
    public int tos() {
        return Bytes.u8(segment, offset + TOS_OFFSET);
    }

    /** The Differentiated Services Code Point: the high six bits of the TOS byte (RFC 2474 §3). */
    public int dscp() {
        return tos() >>> 2;
    }

    /** The ECN field: the low two bits of the TOS byte (RFC 3168 §5). */
    public int ecn() {
        return tos() & 0b11;
    }

    /** The Total Length field: header plus payload, in bytes. */
    public int totalLength() {
        return Bytes.u16(segment, offset + TOTAL_LENGTH_OFFSET);
    }

    /** The Identification field. */
    public int identification() {
        return Bytes.u16(segment, offset + IDENTIFICATION_OFFSET);
    }

    /** The raw 3-bit Flags field ({@link #FLAG_RESERVED}, {@link #FLAG_DONT_FRAGMENT}, {@link #FLAG_MORE_FRAGMENTS}). */
    public int flags() {
        return Bytes.u8(segment, offset + FLAGS_FRAGMENT_OFFSET) >>> 5;
    }

    /** The reserved flag bit (must be zero; RFC 3514's "evil bit"). */
    public boolean reservedFlag() {
        return (flags() & FLAG_RESERVED) != 0;
    }

    /** The DF flag. */
    public boolean dontFragment() {
        return (flags() & FLAG_DONT_FRAGMENT) != 0;
    }

    /** The MF flag. */
    public boolean moreFragments() {
        return (flags() & FLAG_MORE_FRAGMENTS) != 0;
    }

    /** The Fragment Offset field, in units of 8 bytes (0–8191). */
    public int fragmentOffset() {
        return Bytes.u16(segment, offset + FLAGS_FRAGMENT_OFFSET) & MAX_FRAGMENT_OFFSET;
    }

    /** The fragment's position in the original datagram's payload, in bytes ({@code fragmentOffset() * 8}). */
    public int fragmentOffsetBytes() {
        return fragmentOffset() * 8;
    }

    /** True when this datagram is a fragment: MF is set or the fragment offset is not zero (RFC 791 §2.3). */
    public boolean isFragment() {
        return moreFragments() || fragmentOffset() != 0;
    }

    /**
     * True for the first fragment of a fragmented datagram: MF set and offset zero. An unfragmented datagram
     * is not a "first fragment"; to know whether the transport header is present, test {@code fragmentOffset() == 0}.
     */
    public boolean isFirstFragment() {
        return moreFragments() && fragmentOffset() == 0;
    }

    /** The Time to Live field. */
    public int ttl() {
        return Bytes.u8(segment, offset + TTL_OFFSET);
    }

    /** The Protocol field ({@link IpProtocol}). */
    public int protocol() {
        return Bytes.u8(segment, offset + PROTOCOL_OFFSET);
    }

    /** The Header Checksum field as carried. */
    public int headerChecksum() {
        return Bytes.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** The Source Address (first octet in the high byte; see {@code Ipv4Address}). */
    public int source() {
        return Bytes.i32(segment, offset + SOURCE_OFFSET);
    }

    /** The Destination Address. */
    public int destination() {
        return Bytes.i32(segment, offset + DESTINATION_OFFSET);
    }

    // ---------------------------------------------------------------- regions

    /** The absolute offset of the options region in {@link #segment()}. */
    public long optionsOffset() {
        return offset + OPTIONS_OFFSET;
    }

    /** The length of the options region, padding included ({@code headerLength() - 20}, 0 when IHL is 5). */
    public int optionsLength() {
        return Math.max(0, headerLength() - MIN_HEADER_LENGTH);
    }

    /**
     * Points {@code cursor} at this header's options region (clipped to the available bytes) and returns it;
     * allocates nothing. Works even when {@link #check()} said {@code BAD_OPTION}, so a decoder can show the bad option.
     */
    public Ipv4Options options(Ipv4Options cursor) {
        int length = available < MIN_HEADER_LENGTH ? 0 : Math.min(optionsLength(), available - MIN_HEADER_LENGTH);
        return cursor.wrap(segment, optionsOffset(), length);
    }

    /** The absolute offset of the payload in {@link #segment()} (just past the header and its options). */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /**
     * The payload length the header claims: {@code totalLength() - headerLength()}. Link trailer padding beyond
     * Total Length is not counted. May be negative before {@link #check()} has answered OK.
     */
    public int payloadLength() {
        return totalLength() - headerLength();
    }

    /** The payload bytes actually present: {@link #payloadLength()} clipped to the available bytes, never negative. */
    public int capturedPayloadLength() {
        int end = Math.min(totalLength(), available);
        return Math.max(0, end - headerLength());
    }

    // ---------------------------------------------------------------- checksum

    /**
     * True when the header (options included) sums to 0xFFFF with its checksum field (RFC 791 §3.1, RFC 1071).
     * Safe to call on any bytes: false when the header is not all available.
     */
    public boolean checksumValid() {
        if (available < MIN_HEADER_LENGTH) {
            return false;
        }
        int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH || headerLength > available) {
            return false;
        }
        return InternetChecksum.verifies(segment, offset, headerLength, 0);
    }

    /** The checksum the header should carry, computed as if the checksum field were zero. */
    public int computeChecksum() {
        // Sum the header around the checksum field, so the field need not be zeroed first.
        int sum = InternetChecksum.sum(segment, offset, CHECKSUM_OFFSET, 0);
        sum = InternetChecksum.sum(segment, offset + SOURCE_OFFSET, headerLength() - SOURCE_OFFSET, sum);
        return InternetChecksum.finish(sum);
    }

    /** Writes {@link #computeChecksum()} into the checksum field and returns this view. */
    public Ipv4Packet fillChecksum() {
        return headerChecksum(computeChecksum());
    }

    /**
     * Decrements TTL by one and updates the checksum incrementally (RFC 1624 §3 Eqn. 3, on the 16-bit word holding
     * TTL and Protocol), as a router does when forwarding (RFC 1812 §5.3.1).
     *
     * @return the new TTL, or -1 (nothing written) when TTL was already 0
     */
    public int decrementTtl() {
        int oldTtl = ttl();
        if (oldTtl == 0) {
            return -1;
        }
        int oldWord = Bytes.u16(segment, offset + TTL_OFFSET);
        int newWord = oldWord - 0x0100;
        Bytes.u16(segment, offset + TTL_OFFSET, newWord);
        headerChecksum(InternetChecksum.update(headerChecksum(), oldWord, newWord));
        return oldTtl - 1;
    }

    // ---------------------------------------------------------------- setters

    /** Writes the Version nibble. */
    public Ipv4Packet version(int version) {
        int b = Bytes.u8(segment, offset + VERSION_IHL_OFFSET);
        Bytes.u8(segment, offset + VERSION_IHL_OFFSET, ((version & 0x0F) << 4) | (b & 0x0F));
        return this;
    }

    /** Writes the IHL nibble (header length in 32-bit words). */
    public Ipv4Packet ihl(int ihl) {
        int b = Bytes.u8(segment, offset + VERSION_IHL_OFFSET);
        Bytes.u8(segment, offset + VERSION_IHL_OFFSET, (b & 0xF0) | (ihl & 0x0F));
        return this;
    }

    /** Writes the IHL for a header of {@code bytes} bytes (a multiple of 4, 20–60). */
    public Ipv4Packet headerLength(int bytes) {
        return ihl(bytes >>> 2);
    }

    /** Writes the raw TOS byte. */
    public Ipv4Packet tos(int tos) {
        Bytes.u8(segment, offset + TOS_OFFSET, tos);
        return this;
    }

    /** Writes the DSCP (high six bits of TOS), keeping ECN. */
    public Ipv4Packet dscp(int dscp) {
        return tos(((dscp & 0x3F) << 2) | ecn());
    }

    /** Writes the ECN field (low two bits of TOS), keeping DSCP. */
    public Ipv4Packet ecn(int ecn) {
        return tos((tos() & 0xFC) | (ecn & 0b11));
    }

    /** Writes Total Length. */
    public Ipv4Packet totalLength(int totalLength) {
        Bytes.u16(segment, offset + TOTAL_LENGTH_OFFSET, totalLength);
        return this;
    }

    /** Writes Identification. */
    public Ipv4Packet identification(int identification) {
        Bytes.u16(segment, offset + IDENTIFICATION_OFFSET, identification);
        return this;
    }

    /** Writes the raw 3-bit Flags field, keeping the fragment offset. */
    public Ipv4Packet flags(int flags) {
        int word = Bytes.u16(segment, offset + FLAGS_FRAGMENT_OFFSET);
        Bytes.u16(segment, offset + FLAGS_FRAGMENT_OFFSET, ((flags & 0b111) << 13) | (word & MAX_FRAGMENT_OFFSET));
        return this;
    }

    /** Sets or clears the reserved flag. */
    public Ipv4Packet reservedFlag(boolean set) {
        return flags(set ? flags() | FLAG_RESERVED : flags() & ~FLAG_RESERVED);
    }

    /** Sets or clears DF. */
    public Ipv4Packet dontFragment(boolean set) {
        return flags(set ? flags() | FLAG_DONT_FRAGMENT : flags() & ~FLAG_DONT_FRAGMENT);
    }

    /** Sets or clears MF. */
    public Ipv4Packet moreFragments(boolean set) {
        return flags(set ? flags() | FLAG_MORE_FRAGMENTS : flags() & ~FLAG_MORE_FRAGMENTS);
    }

    /** Writes the Fragment Offset in 8-byte units (low 13 bits), keeping the flags. */
    public Ipv4Packet fragmentOffset(int units) {
        int word = Bytes.u16(segment, offset + FLAGS_FRAGMENT_OFFSET);
        Bytes.u16(segment, offset + FLAGS_FRAGMENT_OFFSET, (word & 0xE000) | (units & MAX_FRAGMENT_OFFSET));
        return this;
    }

    /** Writes Time to Live (the checksum is not updated; see {@link #decrementTtl()}). */
    public Ipv4Packet ttl(int ttl) {
        Bytes.u8(segment, offset + TTL_OFFSET, ttl);
        return this;
    }

    /** Writes Protocol. */
    public Ipv4Packet protocol(int protocol) {
        Bytes.u8(segment, offset + PROTOCOL_OFFSET, protocol);
        return this;
    }

    /** Writes the Header Checksum field as given. */
    public Ipv4Packet headerChecksum(int checksum) {
        Bytes.u16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** Writes the Source Address. */
    public Ipv4Packet source(int address) {
        Bytes.u32(segment, offset + SOURCE_OFFSET, address);
        return this;
    }

    /** Writes the Destination Address. */
    public Ipv4Packet destination(int address) {
        Bytes.u32(segment, offset + DESTINATION_OFFSET, address);
        return this;
    }
}
