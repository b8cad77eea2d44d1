package org.margay.net.udp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/**
 * A UDP header as a value (RFC 768), for the cold path: tests, tools, building datagrams.
 *
 * <p>Invariant: both ports fit 16 bits and {@code 8 + payloadLength} fits the 16-bit length field. The
 * checksum is not part of the value: it follows from the bytes and the addresses, and {@link #emit} fills it
 * on request.
 *
 * @param sourcePort      the source port, 0..65535 (0 = not used)
 * @param destinationPort the destination port, 0..65535
 * @param payloadLength   the data octets after the header, 0..65527
 */
public record UdpRepr(int sourcePort, int destinationPort, int payloadLength) {

    /** The largest payload the 16-bit length field allows. */
    public static final int MAX_PAYLOAD_LENGTH = UdpDatagram.MAX_LENGTH - UdpDatagram.HEADER_LENGTH;

    public UdpRepr {
        if ((sourcePort & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("source port out of range: " + sourcePort);
        }
        if ((destinationPort & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("destination port out of range: " + destinationPort);
        }
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payload length out of range: " + payloadLength);
        }
    }

    /** Reads a repr from a view; any {@link UdpDatagram#check()} failure comes back as {@link Parsed.Invalid}. */
    public static Parsed<UdpRepr> parse(UdpDatagram datagram) {
        WireStatus status = datagram.check();
        if (status != WireStatus.OK) {
            String detail = switch (status) {
                case TRUNCATED -> "need " + UdpDatagram.HEADER_LENGTH + " bytes, have " + datagram.availableLength();
                case BAD_LENGTH -> "length field " + datagram.length() + " with " + datagram.availableLength()
                        + " bytes available";
                default -> "UDP header rejected";
            };
            return Parsed.invalid(status, detail);
        }
        return Parsed.ok(new UdpRepr(datagram.sourcePort(), datagram.destinationPort(), datagram.payloadLength()));
    }

    /** The header length: always 8. */
    public int headerLength() {
        return UdpDatagram.HEADER_LENGTH;
    }

    /** The value of the length field: header plus payload. */
    public int totalLength() {
        return UdpDatagram.HEADER_LENGTH + payloadLength;
    }

    /** Writes the header at {@code offset} with a zero checksum ("none", RFC 768); the payload is not touched. */
    public void emit(MemorySegment segment, long offset) {
        new UdpDatagram().wrap(segment, offset, totalLength())
                .sourcePort(sourcePort)
                .destinationPort(destinationPort)
                .length(totalLength())
                .checksum(UdpDatagram.NO_CHECKSUM);
    }

    /**
     * Writes the header at {@code offset} and fills the checksum over the IPv4 pseudo-header; the
     * {@link #payloadLength} payload bytes must already be in place after the header.
     */
    public void emit(MemorySegment segment, long offset, int sourceAddress, int destinationAddress) {
        emit(segment, offset);
        new UdpDatagram().wrap(segment, offset, totalLength()).fillChecksum(sourceAddress, destinationAddress);
    }
}
