package org.margay.net.tcp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.WireStatus;

/**
 * A reusable flyweight over one TCP segment (RFC 9293 §3.1): header, options and payload, read and written in
 * place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |       |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |       | |R|E|G|K|H|T|N|N|                               |
 * |           Checksum            |         Urgent Pointer        |
 * |                     [Options]  ...                            |
 * </pre>
 *
 * <p>TCP has no length field: {@link #wrap} takes the segment length from the IP layer (the IP payload
 * length), and {@link #payloadLength()} follows from it. What must stay true: {@link #check()} reads only
 * inside the wrapped bounds and, once it answered {@link WireStatus#OK}, every accessor (options and payload
 * included) stays inside them. Nothing here allocates per packet or throws for bad input.
 */
public final class TcpSegment {
    /** Byte offset of the source port (RFC 9293 §3.1). */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Byte offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Byte offset of the sequence number. */
    public static final int SEQUENCE_NUMBER_OFFSET = 4;
    /** Byte offset of the acknowledgment number. */
    public static final int ACKNOWLEDGMENT_NUMBER_OFFSET = 8;
    /** Byte offset of the 16-bit word holding data offset (4 bits), reserved (3 bits) and the 9 flag bits. */
    public static final int DATA_OFFSET_AND_FLAGS_OFFSET = 12;
    /** Byte offset of the window. */
    public static final int WINDOW_OFFSET = 14;
    /** Byte offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Byte offset of the urgent pointer. */
    public static final int URGENT_POINTER_OFFSET = 18;
    /** Byte offset of the options, relative to the header start. */
    public static final int OPTIONS_OFFSET = 20;
    /** The header without options; data offset 5 (RFC 9293 §3.1). */
    public static final int MIN_HEADER_LENGTH = 20;
    /** The largest header: data offset 15. */
    public static final int MAX_HEADER_LENGTH = 60;
    /** The most option bytes a header can carry. */
    public static final int MAX_OPTIONS_LENGTH = MAX_HEADER_LENGTH - MIN_HEADER_LENGTH;
    /** The IP protocol number of TCP, used in the pseudo-header. */
    public static final int IP_PROTOCOL = 6;

    /** FIN: no more data from sender (RFC 9293 §3.1). */
    public static final int FIN = 0x001;
    /** SYN: synchronize sequence numbers. */
    public static final int SYN = 0x002;
    /** RST: reset the connection. */
    public static final int RST = 0x004;
    /** PSH: push function. */
    public static final int PSH = 0x008;
    /** ACK: the acknowledgment field is significant. */
    public static final int ACK = 0x010;
    /** URG: the urgent pointer is significant. */
    public static final int URG = 0x020;
    /** ECE: ECN-Echo (RFC 3168 §6.1). */
    public static final int ECE = 0x040;
    /** CWR: congestion window reduced (RFC 3168 §6.1). */
    public static final int CWR = 0x080;
    /** AE: accurate-ECN bit, formerly NS (ECN nonce, RFC 3540, historic). */
    public static final int AE = 0x100;
    /** The three bits still reserved (RFC 9293 §3.1, "Rsrvd"). */
    public static final int RESERVED_MASK = 0xE00;
    /** All 12 bits below the data offset, as tshark's {@code tcp.flags} shows them. */
    public static final int FLAGS_MASK = 0xFFF;

    private final TcpOptionCursor optionWalk = new TcpOptionCursor();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this view at the segment at {@code offset}, {@code length} bytes long (the IP payload length); returns {@code this}. */
    public TcpSegment wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The wrapped memory. */
    public MemorySegment segment() {
        return segment;
    }

    /** The absolute offset of the TCP header in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** The wrapped length: header, options and payload. */
    public int length() {
        return length;
    }

    /**
     * Structural validation, first problem wins: {@link WireStatus#TRUNCATED} when fewer than 20 bytes are
     * wrapped; {@link WireStatus#BAD_HEADER_LENGTH} when the data offset is below 5 or the header runs past the
     * wrapped bytes (RFC 9293 §3.1); {@link WireStatus#BAD_OPTION} when the option walk meets a malformed option
     * (see {@link TcpOptionCursor}). The checksum is not looked at.
     */
    public WireStatus check() {
        WireStatus header = checkHeader();
        if (header != WireStatus.OK) {
            return header;
        }
        optionWalk.reset(segment, optionsOffset(), optionsLength());
        while (optionWalk.next()) {
            // walking is the check
        }
        return optionWalk.status();
    }

    /** {@link #check()} without the option walk, for callers that parse options right after (see {@link TcpOptions#parse(TcpSegment)}). */
    public WireStatus checkHeader() {
        if (length < MIN_HEADER_LENGTH || !Bytes.fits(offset, length, segment.byteSize())) {
            return WireStatus.TRUNCATED;
        }
        int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH || headerLength > length) {
            return WireStatus.BAD_HEADER_LENGTH;
        }
        return WireStatus.OK;
    }

    /** The source port. */
    public int sourcePort() {
        return Bytes.u16(segment, offset + SOURCE_PORT_OFFSET);
    }

    /** The destination port. */
    public int destinationPort() {
        return Bytes.u16(segment, offset + DESTINATION_PORT_OFFSET);
    }

    /** The sequence number as raw bits; compare with {@link SequenceNumber}. */
    public int sequenceNumber() {
        return Bytes.i32(segment, offset + SEQUENCE_NUMBER_OFFSET);
    }

    /** The sequence number, unsigned (as tcpdump and tshark print it). */
    public long sequenceNumberUnsigned() {
        return Bytes.u32(segment, offset + SEQUENCE_NUMBER_OFFSET);
    }

    /** The acknowledgment number as raw bits. */
    public int acknowledgmentNumber() {
        return Bytes.i32(segment, offset + ACKNOWLEDGMENT_NUMBER_OFFSET);
    }

    /** The acknowledgment number, unsigned. */
    public long acknowledgmentNumberUnsigned() {
        return Bytes.u32(segment, offset + ACKNOWLEDGMENT_NUMBER_OFFSET);
    }

    /** The data offset in 32-bit words, 0..15. */
    public int dataOffset() {
        return Bytes.u8(segment, offset + DATA_OFFSET_AND_FLAGS_OFFSET) >>> 4;
    }

    /** The header length in bytes: data offset × 4. */
    public int headerLength() {
        return dataOffset() * 4;
    }

    /** The 12 bits after the data offset (reserved, AE, CWR ... FIN): 0x012 for SYN+ACK, as tshark shows {@code tcp.flags}. */
    public int flags() {
        return Bytes.u16(segment, offset + DATA_OFFSET_AND_FLAGS_OFFSET) & FLAGS_MASK;
    }

    /** True when every bit of {@code mask} (for example {@code SYN | ACK}) is set. */
    public boolean hasFlags(int mask) {
        return (flags() & mask) == mask;
    }

    /** The three reserved bits, 0..7 (should be zero, RFC 9293 §3.1). */
    public int reserved() {
        return (flags() & RESERVED_MASK) >>> 9;
    }

    /** The AE bit (formerly NS). */
    public boolean ae() {
        return (flags() & AE) != 0;
    }

    /** The CWR bit. */
    public boolean cwr() {
        return (flags() & CWR) != 0;
    }

    /** The ECE bit. */
    public boolean ece() {
        return (flags() & ECE) != 0;
    }

    /** The URG bit. */
    public boolean urg() {
        return (flags() & URG) != 0;
    }

    /** The ACK bit. */
    public boolean ack() {
        return (flags() & ACK) != 0;
    }

    /** The PSH bit. */
    public boolean psh() {
        return (flags() & PSH) != 0;
    }

    /** The RST bit. */
    public boolean rst() {
        return (flags() & RST) != 0;
    }

    /** The SYN bit. */
    public boolean syn() {
        return (flags() & SYN) != 0;
    }

    /** The FIN bit. */
    public boolean fin() {
        return (flags() & FIN) != 0;
    }

    /** The window as sent, not scaled. */
    public int window() {
        return Bytes.u16(segment, offset + WINDOW_OFFSET);
    }

    /** The checksum field as received. */
    public int checksum() {
        return Bytes.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** The urgent pointer (meaningful only with URG). */
    public int urgentPointer() {
        return Bytes.u16(segment, offset + URGENT_POINTER_OFFSET);
    }

    /** The absolute offset of the options area. */
    public long optionsOffset() {
        return offset + OPTIONS_OFFSET;
    }

    /** The options length in bytes: header length minus 20 (never negative). */
    public int optionsLength() {
        return Math.max(0, headerLength() - MIN_HEADER_LENGTH);
    }

    /** The absolute offset of the first payload byte. */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /** The payload length: wrapped length minus header length (never negative; meaningful once {@link #checkHeader()} is OK). */
    public int payloadLength() {
        return Math.max(0, length - headerLength());
    }

    /** SEG.LEN: payload octets plus one for SYN and one for FIN, the sequence space the segment uses (RFC 9293 §3.4). */
    public int segmentLength() {
        int flags = flags();
        return payloadLength() + (flags & SYN) / SYN + (flags & FIN);
    }

    /**
     * The checksum this segment should carry for the given IPv4 addresses: pseudo-header (protocol 6, TCP
     * length = {@link #length()}), header with the checksum field taken as zero, options and payload
     * (RFC 9293 §3.1). Call only after {@link #checkHeader()} is OK.
     */
    public int computeChecksum(int sourceAddress, int destinationAddress) {
        int sum = InternetChecksum.ipv4PseudoHeaderSum(sourceAddress, destinationAddress, IP_PROTOCOL, length);
        sum = InternetChecksum.sum(segment, offset, CHECKSUM_OFFSET, sum);
        sum = InternetChecksum.sum(segment, offset + URGENT_POINTER_OFFSET, length - URGENT_POINTER_OFFSET, sum);
        return InternetChecksum.finish(sum);
    }

    /** Writes {@link #computeChecksum} into the checksum field; header, options and payload must be in place. */
    public TcpSegment fillChecksum(int sourceAddress, int destinationAddress) {
        return checksum(computeChecksum(sourceAddress, destinationAddress));
    }

    /** True when the checksum verifies for these IPv4 addresses; false also when fewer than 20 bytes are wrapped. */
    public boolean checksumValid(int sourceAddress, int destinationAddress) {
        if (length < MIN_HEADER_LENGTH || !Bytes.fits(offset, length, segment.byteSize())) {
            return false;
        }
        int sum = InternetChecksum.ipv4PseudoHeaderSum(sourceAddress, destinationAddress, IP_PROTOCOL, length);
        return InternetChecksum.verifies(segment, offset, length, sum);
    }

    /**
     * Writes a whole fixed header at once (RFC 9293 §3.1), checksum and urgent pointer zero, as five 32-bit stores
     * instead of nine field writes: what an emitter does for every segment. The options area, if
     * {@code headerLength} leaves one, is the caller's to write. Returns {@code this}.
     *
     * @param headerLength the header length in bytes, options included (a multiple of 4, 20..60)
     * @param flags        the 12 flag bits
     */
    public TcpSegment writeHeader(int sourcePort, int destinationPort, int sequence, int acknowledgment,
                                  int headerLength, int flags, int window) {
        Bytes.u32(segment, offset + SOURCE_PORT_OFFSET, ((long) (sourcePort & 0xFFFF) << 16) | (destinationPort & 0xFFFF));
        Bytes.u32(segment, offset + SEQUENCE_NUMBER_OFFSET, sequence);
        Bytes.u32(segment, offset + ACKNOWLEDGMENT_NUMBER_OFFSET, acknowledgment);
        long word = ((long) ((headerLength >>> 2) & 0xF) << 28) | ((long) (flags & FLAGS_MASK) << 16) | (window & 0xFFFF);
        Bytes.u32(segment, offset + DATA_OFFSET_AND_FLAGS_OFFSET, word);
        Bytes.u32(segment, offset + CHECKSUM_OFFSET, 0);
        return this;
    }

    /** Sets the source port; returns {@code this}. */
    public TcpSegment sourcePort(int port) {
        Bytes.u16(segment, offset + SOURCE_PORT_OFFSET, port);
        return this;
    }

    /** Sets the destination port; returns {@code this}. */
    public TcpSegment destinationPort(int port) {
        Bytes.u16(segment, offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    /** Sets the sequence number (raw bits); returns {@code this}. */
    public TcpSegment sequenceNumber(int sequence) {
        Bytes.u32(segment, offset + SEQUENCE_NUMBER_OFFSET, sequence);
        return this;
    }

    /** Sets the acknowledgment number (raw bits); returns {@code this}. */
    public TcpSegment acknowledgmentNumber(int acknowledgment) {
        Bytes.u32(segment, offset + ACKNOWLEDGMENT_NUMBER_OFFSET, acknowledgment);
        return this;
    }

    /** Sets the data offset in 32-bit words (0..15), keeping the flags; returns {@code this}. */
    public TcpSegment dataOffset(int words) {
        long at = offset + DATA_OFFSET_AND_FLAGS_OFFSET;
        Bytes.u8(segment, at, ((words & 0xF) << 4) | (Bytes.u8(segment, at) & 0x0F));
        return this;
    }

    /** Sets the header length in bytes (a multiple of 4, 20..60); returns {@code this}. */
    public TcpSegment headerLength(int bytes) {
        return dataOffset(bytes >>> 2);
    }

    /** Sets the 12 flag bits (reserved included), keeping the data offset; returns {@code this}. */
    public TcpSegment flags(int flags) {
        long at = offset + DATA_OFFSET_AND_FLAGS_OFFSET;
        int word = (Bytes.u16(segment, at) & ~FLAGS_MASK) | (flags & FLAGS_MASK);
        Bytes.u16(segment, at, word);
        return this;
    }

    /** Sets or clears the bits of {@code mask}, leaving the others; returns {@code this}. */
    public TcpSegment flag(int mask, boolean on) {
        int flags = flags();
        return flags(on ? flags | mask : flags & ~mask);
    }

    /** Sets the window (unscaled); returns {@code this}. */
    public TcpSegment window(int window) {
        Bytes.u16(segment, offset + WINDOW_OFFSET, window);
        return this;
    }

    /** Sets the checksum field; returns {@code this}. */
    public TcpSegment checksum(int checksum) {
        Bytes.u16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** Sets the urgent pointer; returns {@code this}. */
    public TcpSegment urgentPointer(int pointer) {
        Bytes.u16(segment, offset + URGENT_POINTER_OFFSET, pointer);
        return this;
    }
}
