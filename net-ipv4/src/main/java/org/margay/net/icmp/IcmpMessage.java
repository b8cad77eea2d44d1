package org.margay.net.icmp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.WireStatus;

/**
 * A reusable flyweight view of one ICMP message for IPv4 (RFC 792) over a {@link MemorySegment}.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * |                 rest of header (depends on type)              |
 * |                 data (quoted datagram, echo data, ...)        |
 * </pre>
 *
 * <p>Wrap it over the IPv4 payload: {@code icmp.wrap(ip.segment(), ip.payloadOffset(), ip.capturedPayloadLength())}.
 * The checksum covers the whole message with no pseudo-header (RFC 792, "Checksum").
 *
 * <p>Invariant: once {@link #check()} has answered {@link WireStatus#OK}, every getter for the message's own type
 * reads inside the wrapped bounds (type-specific getters read fixed offsets: asking an echo message for its
 * transmit timestamp may read past the end). Setters write in place and never recompute the checksum.
 */
public final class IcmpMessage {
    /** Type. */
    public static final int TYPE_OFFSET = 0;
    /** Code. */
    public static final int CODE_OFFSET = 1;
    /** Checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** The 32-bit "rest of header" whose meaning depends on the type. */
    public static final int REST_OF_HEADER_OFFSET = 4;
    /** Echo, timestamp, information and address mask messages: Identifier. */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Echo, timestamp, information and address mask messages: Sequence Number. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Parameter Problem: Pointer to the octet in error (RFC 792). */
    public static final int POINTER_OFFSET = 4;
    /** Destination Unreachable, Time Exceeded, Parameter Problem: RFC 4884 length of the original datagram, in 32-bit words. */
    public static final int RFC4884_LENGTH_OFFSET = 5;
    /** Destination Unreachable code 4: Next-Hop MTU (RFC 1191 §4). */
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    /** Redirect: Gateway Internet Address. */
    public static final int GATEWAY_OFFSET = 4;
    /** Router Advertisement: Num Addrs (RFC 1256 §3). */
    public static final int ADVERTISEMENT_COUNT_OFFSET = 4;
    /** Router Advertisement: Addr Entry Size in 32-bit words (2). */
    public static final int ADDRESS_ENTRY_SIZE_OFFSET = 5;
    /** Router Advertisement: Lifetime in seconds. */
    public static final int LIFETIME_OFFSET = 6;
    /** Where the data (quoted datagram, echo data, timestamps, mask, router entries) starts. */
    public static final int DATA_OFFSET = 8;
    /** Timestamp messages: Originate Timestamp. */
    public static final int ORIGINATE_TIMESTAMP_OFFSET = 8;
    /** Timestamp messages: Receive Timestamp. */
    public static final int RECEIVE_TIMESTAMP_OFFSET = 12;
    /** Timestamp messages: Transmit Timestamp. */
    public static final int TRANSMIT_TIMESTAMP_OFFSET = 16;
    /** Address Mask messages: Address Mask (RFC 950 Appendix I). */
    public static final int ADDRESS_MASK_OFFSET = 8;

    /** Every ICMP message has at least type, code, checksum and the 4-byte rest of header. */
    public static final int HEADER_LENGTH = 8;
    /** Length of a timestamp request or reply. */
    public static final int TIMESTAMP_LENGTH = 20;
    /** Length of an address mask request or reply. */
    public static final int ADDRESS_MASK_LENGTH = 12;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;

    /** Points the view at {@code length} bytes at {@code offset}, clipped to the segment; reads nothing. */
    public IcmpMessage wrap(MemorySegment segment, long offset, int length) {
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

    /** The absolute offset of the message's first byte. */
    public long offset() {
        return offset;
    }

    /** The number of bytes the view was wrapped over. */
    public int availableLength() {
        return available;
    }

    /**
     * {@link WireStatus#TRUNCATED} when fewer than 8 bytes are available, or fewer than the type's fixed body
     * (timestamp 20, address mask 12, router advertisement 8 + entries); {@link WireStatus#BAD_FIELD} for a router
     * advertisement whose entry size is below 2 words (RFC 1256 §3). Otherwise {@code OK}. The checksum is not
     * verified here.
     */
    public WireStatus check() {
        if (available < HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        switch (type()) {
            case IcmpType.TIMESTAMP_REQUEST, IcmpType.TIMESTAMP_REPLY -> {
                if (available < TIMESTAMP_LENGTH) {
                    return WireStatus.TRUNCATED;
                }
            }
            case IcmpType.ADDRESS_MASK_REQUEST, IcmpType.ADDRESS_MASK_REPLY -> {
                if (available < ADDRESS_MASK_LENGTH) {
                    return WireStatus.TRUNCATED;
                }
            }
            case IcmpType.ROUTER_ADVERTISEMENT -> {
                if (addressEntrySize() < 2) {
                    return WireStatus.BAD_FIELD;
                }
                if (HEADER_LENGTH + (long) advertisementCount() * addressEntrySize() * 4 > available) {
                    return WireStatus.TRUNCATED;
                }
            }
            default -> {
                // RFC 792: every other message is fully described by its first 8 bytes plus free-form data.
            }
        }
        return WireStatus.OK;
    }

    // ---------------------------------------------------------------- common fields

    /** The Type field ({@link IcmpType}). */
    public int type() {
        return Bytes.u8(segment, offset + TYPE_OFFSET);
    }

    /** The Code field. */
    public int code() {
        return Bytes.u8(segment, offset + CODE_OFFSET);
    }

    /** The Checksum field as carried. */
    public int checksum() {
        return Bytes.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** The raw 32 bits after the checksum. */
    public int restOfHeader() {
        return Bytes.i32(segment, offset + REST_OF_HEADER_OFFSET);
    }

    /** True when the type is an error message that quotes a datagram ({@link IcmpType#isError}). */
    public boolean isError() {
        return IcmpType.isError(type());
    }

    /** The absolute offset of the data after the 8-byte header. */
    public long dataOffset() {
        return offset + DATA_OFFSET;
    }

    /** The number of bytes after the 8-byte header (0 when fewer are available). */
    public int dataLength() {
        return Math.max(0, available - DATA_OFFSET);
    }

    // ---------------------------------------------------------------- echo, timestamp, information, mask

    /** Identifier (echo, timestamp, information, address mask). */
    public int identifier() {
        return Bytes.u16(segment, offset + IDENTIFIER_OFFSET);
    }

    /** Sequence Number (echo, timestamp, information, address mask). */
    public int sequenceNumber() {
        return Bytes.u16(segment, offset + SEQUENCE_OFFSET);
    }

    /** Originate Timestamp: milliseconds since midnight UT (RFC 792), unsigned. */
    public long originateTimestamp() {
        return Bytes.u32(segment, offset + ORIGINATE_TIMESTAMP_OFFSET);
    }

    /** Receive Timestamp, unsigned. */
    public long receiveTimestamp() {
        return Bytes.u32(segment, offset + RECEIVE_TIMESTAMP_OFFSET);
    }

    /** Transmit Timestamp, unsigned. */
    public long transmitTimestamp() {
        return Bytes.u32(segment, offset + TRANSMIT_TIMESTAMP_OFFSET);
    }

    /** Address Mask (RFC 950). */
    public int addressMask() {
        return Bytes.i32(segment, offset + ADDRESS_MASK_OFFSET);
    }

    // ---------------------------------------------------------------- errors

    /** Destination Unreachable code 4: the Next-Hop MTU (RFC 1191 §4; 0 from routers predating it). */
    public int nextHopMtu() {
        return Bytes.u16(segment, offset + NEXT_HOP_MTU_OFFSET);
    }

    /** Parameter Problem: the Pointer to the octet in error, counted from the quoted header's start. */
    public int pointer() {
        return Bytes.u8(segment, offset + POINTER_OFFSET);
    }

    /** Redirect: the Gateway Internet Address. */
    public int gatewayAddress() {
        return Bytes.i32(segment, offset + GATEWAY_OFFSET);
    }

    /**
     * The RFC 4884 length octet of Destination Unreachable, Time Exceeded and Parameter Problem: the quoted
     * datagram's length in 32-bit words when extensions follow it, otherwise 0.
     */
    public int rfc4884Length() {
        return Bytes.u8(segment, offset + RFC4884_LENGTH_OFFSET);
    }

    /** The absolute offset of the quoted datagram in an error message (the offending IPv4 header comes first). */
    public long quotedDatagramOffset() {
        return offset + DATA_OFFSET;
    }

    /**
     * The length of the quoted datagram in an error message; 0 for other types. Normally every byte after the
     * header (RFC 792 asks for the IP header and 64 bits of data, RFC 1812 §4.3.2.3 for as much as fits); when an
     * RFC 4884 length is present and fits, only that many bytes (the extension structure follows them). Wrap an
     * {@code Ipv4Packet} over it: its {@code check()} will often say the quoted datagram is cut short, which is
     * expected, and {@code checkHeader()} accepts that.
     */
    public int quotedDatagramLength() {
        if (available < HEADER_LENGTH) {
            return 0;
        }
        int type = type();
        if (!IcmpType.isError(type)) {
            return 0;
        }
        int data = dataLength();
        if (type == IcmpType.DESTINATION_UNREACHABLE || type == IcmpType.TIME_EXCEEDED
                || type == IcmpType.PARAMETER_PROBLEM) {
            int declared = rfc4884Length() * 4;
            if (declared > 0 && declared <= data) {
                return declared;
            }
        }
        return data;
    }

    // ---------------------------------------------------------------- router advertisement (RFC 1256 §3)

    /** Router Advertisement: Num Addrs. */
    public int advertisementCount() {
        return Bytes.u8(segment, offset + ADVERTISEMENT_COUNT_OFFSET);
    }

    /** Router Advertisement: Addr Entry Size, in 32-bit words (2). */
    public int addressEntrySize() {
        return Bytes.u8(segment, offset + ADDRESS_ENTRY_SIZE_OFFSET);
    }

    /** Router Advertisement: Lifetime in seconds. */
    public int lifetime() {
        return Bytes.u16(segment, offset + LIFETIME_OFFSET);
    }

    /** Router Advertisement: Router Address of entry {@code index} (below {@link #advertisementCount()}). */
    public int routerAddress(int index) {
        return Bytes.i32(segment, offset + DATA_OFFSET + (long) index * addressEntrySize() * 4);
    }

    /** Router Advertisement: Preference Level of entry {@code index}, a signed 32-bit value. */
    public int preferenceLevel(int index) {
        return Bytes.i32(segment, offset + DATA_OFFSET + (long) index * addressEntrySize() * 4 + 4);
    }

    // ---------------------------------------------------------------- checksum

    /** True when the first {@code length} bytes (the whole message) verify; false when they are not all available. */
    public boolean checksumValid(int length) {
        if (length < HEADER_LENGTH || length > available) {
            return false;
        }
        return InternetChecksum.verifies(segment, offset, length, 0);
    }

    /** {@link #checksumValid(int)} over every available byte. */
    public boolean checksumValid() {
        return checksumValid(available);
    }

    /** The checksum the first {@code length} bytes should carry, computed as if the checksum field were zero. */
    public int computeChecksum(int length) {
        int sum = InternetChecksum.sum(segment, offset, CHECKSUM_OFFSET, 0);
        sum = InternetChecksum.sum(segment, offset + REST_OF_HEADER_OFFSET, length - REST_OF_HEADER_OFFSET, sum);
        return InternetChecksum.finish(sum);
    }

    /** Writes {@link #computeChecksum(int)} into the checksum field and returns this view. */
    public IcmpMessage fillChecksum(int length) {
        return checksum(computeChecksum(length));
    }

    // ---------------------------------------------------------------- setters

    /** Writes Type. */
    public IcmpMessage type(int type) {
        Bytes.u8(segment, offset + TYPE_OFFSET, type);
        return this;
    }

    /** Writes Code. */
    public IcmpMessage code(int code) {
        Bytes.u8(segment, offset + CODE_OFFSET, code);
        return this;
    }

    /** Writes Checksum as given. */
    public IcmpMessage checksum(int checksum) {
        Bytes.u16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** Writes the raw rest of header. */
    public IcmpMessage restOfHeader(int bits) {
        Bytes.u32(segment, offset + REST_OF_HEADER_OFFSET, bits);
        return this;
    }

    /** Writes Identifier. */
    public IcmpMessage identifier(int identifier) {
        Bytes.u16(segment, offset + IDENTIFIER_OFFSET, identifier);
        return this;
    }

    /** Writes Sequence Number. */
    public IcmpMessage sequenceNumber(int sequence) {
        Bytes.u16(segment, offset + SEQUENCE_OFFSET, sequence);
        return this;
    }

    /** Writes the Next-Hop MTU. */
    public IcmpMessage nextHopMtu(int mtu) {
        Bytes.u16(segment, offset + NEXT_HOP_MTU_OFFSET, mtu);
        return this;
    }

    /** Writes the Parameter Problem pointer. */
    public IcmpMessage pointer(int pointer) {
        Bytes.u8(segment, offset + POINTER_OFFSET, pointer);
        return this;
    }

    /** Writes the Redirect gateway address. */
    public IcmpMessage gatewayAddress(int address) {
        Bytes.u32(segment, offset + GATEWAY_OFFSET, address);
        return this;
    }

    /** Writes the Originate Timestamp. */
    public IcmpMessage originateTimestamp(long timestamp) {
        Bytes.u32(segment, offset + ORIGINATE_TIMESTAMP_OFFSET, timestamp);
        return this;
    }

    /** Writes the Receive Timestamp. */
    public IcmpMessage receiveTimestamp(long timestamp) {
        Bytes.u32(segment, offset + RECEIVE_TIMESTAMP_OFFSET, timestamp);
        return this;
    }

    /** Writes the Transmit Timestamp. */
    public IcmpMessage transmitTimestamp(long timestamp) {
        Bytes.u32(segment, offset + TRANSMIT_TIMESTAMP_OFFSET, timestamp);
        return this;
    }

    /** Writes the Address Mask. */
    public IcmpMessage addressMask(int mask) {
        Bytes.u32(segment, offset + ADDRESS_MASK_OFFSET, mask);
        return this;
    }
}
