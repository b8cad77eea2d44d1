package org.margay.net.ipv4;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/**
 * An IPv4 header as a value (RFC 791 §3.1), for the cold path: tests, tools, and building packets.
 *
 * <p>Invariants (checked by the constructor): every field fits its wire width; {@code options} is a copy whose
 * length is a multiple of 4 and at most 40 (padding included, as carried on the wire); the datagram
 * ({@link #headerLength()} + {@code payloadLength}) fits in 65535 bytes. The reserved flag is not represented:
 * {@link #emit} writes it as zero and {@link #parse} ignores it.
 *
 * @param tos            the raw Type of Service byte (DSCP and ECN)
 * @param identification the Identification field
 * @param dontFragment   the DF flag
 * @param moreFragments  the MF flag
 * @param fragmentOffset the Fragment Offset in 8-byte units (0–8191)
 * @param ttl            Time to Live
 * @param protocol       the Protocol field ({@link IpProtocol})
 * @param source         the source address
 * @param destination    the destination address
 * @param options        the options region including padding (empty for a 20-byte header)
 * @param payloadLength  the number of bytes after the header that Total Length covers
 */
public record Ipv4Repr(int tos, int identification, boolean dontFragment, boolean moreFragments, int fragmentOffset,
                       int ttl, int protocol, int source, int destination, byte[] options, int payloadLength) {

    private static final byte[] NO_OPTIONS = new byte[0];

    public Ipv4Repr {
        requireRange("tos", tos, 0xFF);
        requireRange("identification", identification, 0xFFFF);
        requireRange("fragmentOffset", fragmentOffset, Ipv4Packet.MAX_FRAGMENT_OFFSET);
        requireRange("ttl", ttl, 0xFF);
        requireRange("protocol", protocol, 0xFF);
        options = options == null || options.length == 0 ? NO_OPTIONS : options.clone();
        if (options.length % 4 != 0 || options.length > Ipv4Packet.MAX_OPTIONS_LENGTH) {
            throw new IllegalArgumentException("options must be a multiple of 4 bytes and at most 40, was "
                    + options.length + " (pad with EOL/NOP)");
        }
        requireRange("payloadLength", payloadLength, Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_LENGTH - options.length);
    }

    /** A header without options, not fragmented, with DF clear and TOS 0. */
    public static Ipv4Repr simple(int source, int destination, int protocol, int ttl, int payloadLength) {
        return new Ipv4Repr(0, 0, false, false, 0, ttl, protocol, source, destination, NO_OPTIONS, payloadLength);
    }

    /**
     * Reads a header from a view that passes {@link Ipv4Packet#check()}; the checksum is not verified (see
     * {@link #parse(Ipv4Packet, boolean)}). Never throws for bad bytes.
     */
    public static Parsed<Ipv4Repr> parse(Ipv4Packet packet) {
        return parse(packet, false);
    }

    /** {@link #parse(Ipv4Packet)}, also answering {@link WireStatus#BAD_CHECKSUM} when asked to verify and it fails. */
    public static Parsed<Ipv4Repr> parse(Ipv4Packet packet, boolean verifyChecksum) {
        WireStatus status = packet.check();
        if (status != WireStatus.OK) {
            return Parsed.invalid(status, describe(packet, status));
        }
        if (verifyChecksum && !packet.checksumValid()) {
            return Parsed.invalid(WireStatus.BAD_CHECKSUM,
                    "header checksum 0x" + Integer.toHexString(packet.headerChecksum()) + ", expected 0x"
                            + Integer.toHexString(packet.computeChecksum()));
        }
        byte[] options = packet.segment()
                .asSlice(packet.optionsOffset(), packet.optionsLength())
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return Parsed.ok(new Ipv4Repr(packet.tos(), packet.identification(), packet.dontFragment(),
                packet.moreFragments(), packet.fragmentOffset(), packet.ttl(), packet.protocol(), packet.source(),
                packet.destination(), options, packet.payloadLength()));
    }

    private static String describe(Ipv4Packet packet, WireStatus status) {
        return switch (status) {
            case TRUNCATED -> packet.availableLength() + " bytes, an IPv4 header needs at least 20";
            case BAD_VERSION -> "version " + packet.version() + ", expected 4";
            case BAD_HEADER_LENGTH -> "IHL " + packet.ihl() + " (" + packet.headerLength() + " bytes) with "
                    + packet.availableLength() + " bytes available";
            case BAD_TOTAL_LENGTH -> "total length " + packet.totalLength() + " with header length "
                    + packet.headerLength() + " and " + packet.availableLength() + " bytes available";
            case BAD_OPTION -> {
                Ipv4Options cursor = packet.options(new Ipv4Options());
                while (cursor.next()) {
                    // walk to the end so the first problem is known
                }
                yield "option at header offset " + (cursor.problemOffset() - packet.offset()) + ": " + cursor.problem();
            }
            default -> status.description();
        };
    }

    /** The options bytes (a copy). */
    @Override
    public byte[] options() {
        return options.clone();
    }

    /** The header length in bytes: 20 plus the options. */
    public int headerLength() {
        return Ipv4Packet.MIN_HEADER_LENGTH + options.length;
    }

    /** The Total Length field: header plus payload. */
    public int totalLength() {
        return headerLength() + payloadLength;
    }

    /** The fragment offset in bytes. */
    public int fragmentOffsetBytes() {
        return fragmentOffset * 8;
    }

    /**
     * Writes the header (not the payload) at {@code offset} of {@code segment}, with a correct checksum, and returns
     * the number of bytes written ({@link #headerLength()}). Throws {@link IndexOutOfBoundsException} if the header
     * does not fit in the segment.
     */
    public int emit(MemorySegment segment, long offset) {
        int headerLength = headerLength();
        MemorySegment.copy(options, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE,
                offset + Ipv4Packet.OPTIONS_OFFSET, options.length);
        new Ipv4Packet().wrap(segment, offset, headerLength)
                .version(Ipv4Packet.VERSION)
                .headerLength(headerLength)
                .tos(tos)
                .totalLength(totalLength())
                .identification(identification)
                .flags((dontFragment ? Ipv4Packet.FLAG_DONT_FRAGMENT : 0) | (moreFragments ? Ipv4Packet.FLAG_MORE_FRAGMENTS : 0))
                .fragmentOffset(fragmentOffset)
                .ttl(ttl)
                .protocol(protocol)
                .headerChecksum(0)
                .source(source)
                .destination(destination)
                .fillChecksum();
        return headerLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ipv4Repr that
                && tos == that.tos && identification == that.identification
                && dontFragment == that.dontFragment && moreFragments == that.moreFragments
                && fragmentOffset == that.fragmentOffset && ttl == that.ttl && protocol == that.protocol
                && source == that.source && destination == that.destination
                && Arrays.equals(options, that.options) && payloadLength == that.payloadLength;
    }

    @Override
    public int hashCode() {
        int h = tos;
        h = 31 * h + identification;
        h = 31 * h + (dontFragment ? 1 : 0);
        h = 31 * h + (moreFragments ? 1 : 0);
        h = 31 * h + fragmentOffset;
        h = 31 * h + ttl;
        h = 31 * h + protocol;
        h = 31 * h + source;
        h = 31 * h + destination;
        h = 31 * h + Arrays.hashCode(options);
        return 31 * h + payloadLength;
    }

    @Override
    public String toString() {
        return "Ipv4Repr[" + Ipv4Address.format(source) + " > " + Ipv4Address.format(destination)
                + ", proto " + IpProtocol.nameOrNumber(protocol) + ", tos 0x" + Integer.toHexString(tos)
                + ", id " + identification + (dontFragment ? ", DF" : "") + (moreFragments ? ", MF" : "")
                + ", offset " + fragmentOffset + ", ttl " + ttl
                + (options.length > 0 ? ", options " + HexFormat.of().formatHex(options) : "")
                + ", payload " + payloadLength + "]";
    }

    private static void requireRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0.." + max + ", was " + value);
        }
    }
}
