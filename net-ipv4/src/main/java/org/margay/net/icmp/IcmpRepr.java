package org.margay.net.icmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/**
 * An ICMP message for IPv4 (RFC 792) as a value, for the cold path: one record per kind a stack acts on, and
 * {@link Other} for the rest.
 *
 * <p>Invariants: fields fit their wire widths; byte arrays are copied in and out, so a value never changes.
 * {@link #parse} picks the specific record only when it represents the bytes exactly (for example a Time Exceeded
 * whose unused word is not zero, or an echo with a non-zero code, comes back as {@link Other}), so {@code emit(parse(bytes))} reproduces the
 * message and {@code parse(emit(x)).equals(x)} for every value whose kind {@link Other} does not shadow.
 */
public sealed interface IcmpRepr {

    /** The Type field. */
    int type();

    /** The Code field. */
    int code();

    /** The 32-bit rest of header as emitted. */
    int restOfHeader();

    /** The bytes after the 8-byte header (a copy). */
    byte[] body();

    /** The whole message length: 8 plus the body. */
    default int bufferLength() {
        return IcmpMessage.HEADER_LENGTH + body().length;
    }

    /**
     * Writes the message at {@code offset} with a correct checksum and returns its length. Throws
     * {@link IndexOutOfBoundsException} if it does not fit in the segment.
     */
    default int emit(MemorySegment segment, long offset) {
        byte[] body = body();
        int length = IcmpMessage.HEADER_LENGTH + body.length;
        MemorySegment.copy(body, 0, segment, ValueLayout.JAVA_BYTE, offset + IcmpMessage.DATA_OFFSET, body.length);
        new IcmpMessage().wrap(segment, offset, length)
                .type(type())
                .code(code())
                .checksum(0)
                .restOfHeader(restOfHeader())
                .fillChecksum(length);
        return length;
    }

    /** Parses every available byte of a message; the checksum is not verified. Never throws for bad bytes. */
    static Parsed<IcmpRepr> parse(IcmpMessage message) {
        return parse(message, false);
    }

    /** {@link #parse(IcmpMessage)}, answering {@link WireStatus#BAD_CHECKSUM} when asked to verify and it fails. */
    static Parsed<IcmpRepr> parse(IcmpMessage message, boolean verifyChecksum) {
        WireStatus status = message.check();
        if (status != WireStatus.OK) {
            return Parsed.invalid(status, message.availableLength() + " bytes of ICMP"
                    + (message.availableLength() >= 1 ? " type " + message.type() : ""));
        }
        int length = message.availableLength();
        if (verifyChecksum && !message.checksumValid(length)) {
            return Parsed.invalid(WireStatus.BAD_CHECKSUM, "ICMP checksum 0x" + Integer.toHexString(message.checksum())
                    + ", expected 0x" + Integer.toHexString(message.computeChecksum(length)));
        }
        int type = message.type();
        int code = message.code();
        int rest = message.restOfHeader();
        byte[] body = message.segment().asSlice(message.dataOffset(), message.dataLength()).toArray(ValueLayout.JAVA_BYTE);
        IcmpRepr repr = switch (type) {
            case IcmpType.ECHO_REQUEST -> code == 0 ? new EchoRequest(message.identifier(), message.sequenceNumber(), body) : null;
            case IcmpType.ECHO_REPLY -> code == 0 ? new EchoReply(message.identifier(), message.sequenceNumber(), body) : null;
            case IcmpType.DESTINATION_UNREACHABLE -> (rest >>> 16) == 0
                    ? new DestinationUnreachable(code, message.nextHopMtu(), body) : null;
            case IcmpType.REDIRECT -> new Redirect(code, message.gatewayAddress(), body);
            case IcmpType.TIME_EXCEEDED -> rest == 0 ? new TimeExceeded(code, body) : null;
            case IcmpType.PARAMETER_PROBLEM -> (rest & 0x00FF_FFFF) == 0
                    ? new ParameterProblem(code, message.pointer(), body) : null;
            default -> null;
        };
        return Parsed.ok(repr != null ? repr : new Other(type, code, rest, body));
    }

    /** Echo (request), type 8 (RFC 792). */
    record EchoRequest(int identifier, int sequence, byte[] data) implements IcmpRepr {
        public EchoRequest {
            requireRange("identifier", identifier, 0xFFFF);
            requireRange("sequence", sequence, 0xFFFF);
            data = copy(data);
        }

        @Override public int type() { return IcmpType.ECHO_REQUEST; }
        @Override public int code() { return 0; }
        @Override public int restOfHeader() { return (identifier << 16) | sequence; }
        @Override public byte[] body() { return data.clone(); }
        @Override public byte[] data() { return data.clone(); }

        /** The reply a host sends (RFC 792: same identifier, sequence and data; RFC 1122 §3.2.2.6). */
        public EchoReply reply() {
            return new EchoReply(identifier, sequence, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EchoRequest that && identifier == that.identifier && sequence == that.sequence
                    && Arrays.equals(data, that.data);
        }

        @Override public int hashCode() { return (identifier * 31 + sequence) * 31 + Arrays.hashCode(data); }

        @Override
        public String toString() {
            return "EchoRequest[id " + identifier + ", seq " + sequence + ", " + data.length + " data bytes]";
        }
    }

    /** Echo Reply, type 0 (RFC 792). */
    record EchoReply(int identifier, int sequence, byte[] data) implements IcmpRepr {
        public EchoReply {
            requireRange("identifier", identifier, 0xFFFF);
            requireRange("sequence", sequence, 0xFFFF);
            data = copy(data);
        }

        @Override public int type() { return IcmpType.ECHO_REPLY; }
        @Override public int code() { return 0; }
        @Override public int restOfHeader() { return (identifier << 16) | sequence; }
        @Override public byte[] body() { return data.clone(); }
        @Override public byte[] data() { return data.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof EchoReply that && identifier == that.identifier && sequence == that.sequence
                    && Arrays.equals(data, that.data);
        }

        @Override public int hashCode() { return (identifier * 31 + sequence) * 31 + Arrays.hashCode(data) + 1; }

        @Override
        public String toString() {
            return "EchoReply[id " + identifier + ", seq " + sequence + ", " + data.length + " data bytes]";
        }
    }

    /**
     * Destination Unreachable, type 3 (RFC 792), quoting the offending datagram. {@code nextHopMtu} is meaningful
     * for code 4 (RFC 1191 §4) and written whatever the code; the other bytes of the rest of header are zero.
     */
    record DestinationUnreachable(int code, int nextHopMtu, byte[] quoted) implements IcmpRepr {
        public DestinationUnreachable {
            requireRange("code", code, 0xFF);
            requireRange("nextHopMtu", nextHopMtu, 0xFFFF);
            quoted = copy(quoted);
        }

        @Override public int type() { return IcmpType.DESTINATION_UNREACHABLE; }
        @Override public int restOfHeader() { return nextHopMtu; }
        @Override public byte[] body() { return quoted.clone(); }
        @Override public byte[] quoted() { return quoted.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof DestinationUnreachable that && code == that.code && nextHopMtu == that.nextHopMtu
                    && Arrays.equals(quoted, that.quoted);
        }

        @Override public int hashCode() { return (code * 31 + nextHopMtu) * 31 + Arrays.hashCode(quoted); }

        @Override
        public String toString() {
            String name = IcmpType.unreachableCodeName(code);
            return "DestinationUnreachable[" + (name != null ? name : "code " + code)
                    + (nextHopMtu != 0 ? ", mtu " + nextHopMtu : "") + ", quoted " + HexFormat.of().formatHex(quoted) + "]";
        }
    }

    /** Redirect, type 5 (RFC 792): use {@code gateway} for the quoted datagram's destination. */
    record Redirect(int code, int gateway, byte[] quoted) implements IcmpRepr {
        public Redirect {
            requireRange("code", code, 0xFF);
            quoted = copy(quoted);
        }

        @Override public int type() { return IcmpType.REDIRECT; }
        @Override public int restOfHeader() { return gateway; }
        @Override public byte[] body() { return quoted.clone(); }
        @Override public byte[] quoted() { return quoted.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Redirect that && code == that.code && gateway == that.gateway
                    && Arrays.equals(quoted, that.quoted);
        }

        @Override public int hashCode() { return (code * 31 + gateway) * 31 + Arrays.hashCode(quoted); }

        @Override
        public String toString() {
            return "Redirect[code " + code + ", gateway " + Ipv4Address.format(gateway)
                    + ", quoted " + HexFormat.of().formatHex(quoted) + "]";
        }
    }

    /** Time Exceeded, type 11 (RFC 792): code 0 TTL exceeded in transit, 1 reassembly time exceeded. */
    record TimeExceeded(int code, byte[] quoted) implements IcmpRepr {
        public TimeExceeded {
            requireRange("code", code, 0xFF);
            quoted = copy(quoted);
        }

        @Override public int type() { return IcmpType.TIME_EXCEEDED; }
        @Override public int restOfHeader() { return 0; }
        @Override public byte[] body() { return quoted.clone(); }
        @Override public byte[] quoted() { return quoted.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimeExceeded that && code == that.code && Arrays.equals(quoted, that.quoted);
        }

        @Override public int hashCode() { return code * 31 + Arrays.hashCode(quoted); }

        @Override
        public String toString() {
            return "TimeExceeded[code " + code + ", quoted " + HexFormat.of().formatHex(quoted) + "]";
        }
    }

    /** Parameter Problem, type 12 (RFC 792): {@code pointer} names the octet in error in the quoted header. */
    record ParameterProblem(int code, int pointer, byte[] quoted) implements IcmpRepr {
        public ParameterProblem {
            requireRange("code", code, 0xFF);
            requireRange("pointer", pointer, 0xFF);
            quoted = copy(quoted);
        }

        @Override public int type() { return IcmpType.PARAMETER_PROBLEM; }
        @Override public int restOfHeader() { return pointer << 24; }
        @Override public byte[] body() { return quoted.clone(); }
        @Override public byte[] quoted() { return quoted.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterProblem that && code == that.code && pointer == that.pointer
                    && Arrays.equals(quoted, that.quoted);
        }

        @Override public int hashCode() { return (code * 31 + pointer) * 31 + Arrays.hashCode(quoted); }

        @Override
        public String toString() {
            return "ParameterProblem[code " + code + ", pointer " + pointer
                    + ", quoted " + HexFormat.of().formatHex(quoted) + "]";
        }
    }

    /** Any other message, kept as raw type, code, rest of header and body. */
    record Other(int type, int code, int restOfHeader, byte[] data) implements IcmpRepr {
        public Other {
            requireRange("type", type, 0xFF);
            requireRange("code", code, 0xFF);
            data = copy(data);
        }

        @Override public byte[] body() { return data.clone(); }
        @Override public byte[] data() { return data.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other that && type == that.type && code == that.code
                    && restOfHeader == that.restOfHeader && Arrays.equals(data, that.data);
        }

        @Override public int hashCode() { return ((type * 31 + code) * 31 + restOfHeader) * 31 + Arrays.hashCode(data); }

        @Override
        public String toString() {
            return "Other[type " + type + ", code " + code + ", rest 0x" + Integer.toHexString(restOfHeader)
                    + ", data " + HexFormat.of().formatHex(data) + "]";
        }
    }

    private static byte[] copy(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes.clone();
    }

    private static void requireRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0.." + max + ", was " + value);
        }
    }
}
