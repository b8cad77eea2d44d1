package org.margay.net.udp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.WireStatus;

/**
 * A reusable flyweight over one UDP datagram (RFC 768): header and payload, read and written in place.
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * |          data octets ...
 * </pre>
 *
 * <p>{@link #wrap} takes the bytes the IP layer delivered ({@link #availableLength()}); the datagram itself
 * is as long as its length field says. What must stay true: {@link #check()} reads only inside the wrapped
 * bounds and, once it answered {@link WireStatus#OK}, every accessor (the payload included) stays inside
 * them. Nothing here allocates or throws for bad input.
 */
public final class UdpDatagram {
    /** Byte offset of the source port (RFC 768 figure). */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Byte offset of the destination port (RFC 768 figure). */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Byte offset of the length field: header plus data, in octets (RFC 768). */
    public static final int LENGTH_OFFSET = 4;
    /** Byte offset of the checksum (RFC 768). */
    public static final int CHECKSUM_OFFSET = 6;
    /** The fixed header length; also the smallest valid length field (RFC 768: "the minimum value ... is eight"). */
    public static final int HEADER_LENGTH = 8;
    /** The largest value the 16-bit length field can hold. */
    public static final int MAX_LENGTH = 0xFFFF;
    /** The IP protocol number of UDP, used in the pseudo-header. */
    public static final int IP_PROTOCOL = 17;
    /** The checksum field value that means "the sender computed no checksum" (RFC 768). */
    public static final int NO_CHECKSUM = 0;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;

    /** Points this view at the datagram starting at {@code offset} with {@code length} bytes available; returns {@code this}. */
    public UdpDatagram wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.available = length;
        return this;
    }

    /** The wrapped segment. */
    public MemorySegment segment() {
        return segment;
    }

    /** The absolute offset of the UDP header in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** How many bytes the lower layer handed over (may exceed {@link #length()}, for example Ethernet padding). */
    public int availableLength() {
        return available;
    }

    /**
     * Structural validation, first problem wins: {@link WireStatus#TRUNCATED} when fewer than 8 bytes are
     * available (or the wrapped range is not inside the segment); {@link WireStatus#BAD_LENGTH} when the length
     * field is below 8 or above the available bytes (RFC 768). The checksum is not looked at.
     */
    public WireStatus check() {
        if (available < HEADER_LENGTH || !Bytes.fits(offset, available, segment.byteSize())) {
            return WireStatus.TRUNCATED;
        }
        int length = length();
        if (length < HEADER_LENGTH || length > available) {
            return WireStatus.BAD_LENGTH;
        }
        return WireStatus.OK;
    }

    /** The source port (0 means "not used", RFC 768). */
    public int sourcePort() {
        return Bytes.u16(segment, offset + SOURCE_PORT_OFFSET);
    }

    /** The destination port. */
    public int destinationPort() {
        return Bytes.u16(segment, offset + DESTINATION_PORT_OFFSET);
    }

    /** The length field: header plus data in octets. */
    public int length() {
        return Bytes.u16(segment, offset + LENGTH_OFFSET);
    }

    /** The checksum field as received; 0 means none was sent (see {@link #hasChecksum()}). */
    public int checksum() {
        return Bytes.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** False when the checksum field is 0: the sender computed no checksum (RFC 768). */
    public boolean hasChecksum() {
        return checksum() != NO_CHECKSUM;
    }

    /** The absolute offset of the first payload byte in {@link #segment()}. */
    public long payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    /** The payload length from the length field (never negative; meaningful once {@link #check()} is OK). */
    public int payloadLength() {
        return Math.max(0, length() - HEADER_LENGTH);
    }

    /**
     * The checksum this datagram should carry for the given IPv4 addresses, computed over the pseudo-header,
     * the header with the checksum field taken as zero, and {@link #length()} bytes (RFC 768). A computed 0 is
     * returned as {@code 0xFFFF}, because 0 on the wire means "no checksum" (RFC 768). Call only after
     * {@link #check()} is OK.
     */
    public int computeChecksum(int sourceAddress, int destinationAddress) {
        int length = length();
        int sum = InternetChecksum.ipv4PseudoHeaderSum(sourceAddress, destinationAddress, IP_PROTOCOL, length);
        sum = InternetChecksum.sum(segment, offset, CHECKSUM_OFFSET, sum);
        sum = InternetChecksum.sum(segment, offset + HEADER_LENGTH, length - HEADER_LENGTH, sum);
        int checksum = InternetChecksum.finish(sum);
        return checksum == 0 ? 0xFFFF : checksum;
    }

    /** Writes {@link #computeChecksum} into the checksum field; the header and payload must be in place. */
    public UdpDatagram fillChecksum(int sourceAddress, int destinationAddress) {
        return checksum(computeChecksum(sourceAddress, destinationAddress));
    }

    /**
     * True when the received checksum verifies for these IPv4 addresses, <em>or</em> when there is none
     * ({@link #hasChecksum()} false: nothing to verify). False for a bad checksum or a datagram that fails
     * {@link #check()}. Decoders that print "no checksum" ask {@link #hasChecksum()} first.
     */
    public boolean checksumValid(int sourceAddress, int destinationAddress) {
        if (check() != WireStatus.OK) {
            return false;
        }
        if (!hasChecksum()) {
            return true;
        }
        int length = length();
        int sum = InternetChecksum.ipv4PseudoHeaderSum(sourceAddress, destinationAddress, IP_PROTOCOL, length);
        return InternetChecksum.verifies(segment, offset, length, sum);
    }

    /** Sets the source port; returns {@code this}. */
    public UdpDatagram sourcePort(int port) {
        Bytes.u16(segment, offset + SOURCE_PORT_OFFSET, port);
        return this;
    }

    /** Sets the destination port; returns {@code this}. */
    public UdpDatagram destinationPort(int port) {
        Bytes.u16(segment, offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    /** Sets the length field (header plus data); returns {@code this}. */
    public UdpDatagram length(int length) {
        Bytes.u16(segment, offset + LENGTH_OFFSET, length);
        return this;
    }

    /** Sets the checksum field as is (0 = no checksum); returns {@code this}. */
    public UdpDatagram checksum(int checksum) {
        Bytes.u16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }
}
