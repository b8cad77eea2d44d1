package org.margay.net.tcp;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/**
 * A TCP header as a value (RFC 9293 §3.1), for the cold path: tests, tools, building segments.
 *
 * <p>Invariant: ports, window and urgent pointer fit 16 bits, {@code flags} fits the 12 bits after the data
 * offset (use the {@link TcpSegment} flag constants), the options fit 40 bytes and the payload length is not
 * negative. Sequence and acknowledgment numbers are raw 32-bit values. The checksum is not part of the value:
 * {@link #emit(MemorySegment, long, int, int)} fills it.
 *
 * @param sourcePort           the source port
 * @param destinationPort      the destination port
 * @param sequenceNumber       the sequence number, raw bits
 * @param acknowledgmentNumber the acknowledgment number, raw bits
 * @param flags                the 12 flag bits, for example {@code TcpSegment.SYN | TcpSegment.ACK}
 * @param window               the window as sent (unscaled)
 * @param urgentPointer        the urgent pointer
 * @param options              the options, {@link TcpOptionSet#NONE} for none
 * @param payloadLength        the payload bytes after the header
 */
public record TcpRepr(int sourcePort, int destinationPort, int sequenceNumber, int acknowledgmentNumber,
                      int flags, int window, int urgentPointer, TcpOptionSet options, int payloadLength) {

    public TcpRepr {
        requireU16("source port", sourcePort);
        requireU16("destination port", destinationPort);
        requireU16("window", window);
        requireU16("urgent pointer", urgentPointer);
        if ((flags & ~TcpSegment.FLAGS_MASK) != 0) {
            throw new IllegalArgumentException("flags beyond 12 bits: 0x" + Integer.toHexString(flags));
        }
        Objects.requireNonNull(options, "options");
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length: " + payloadLength);
        }
    }

    private static void requireU16(String what, int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    /**
     * Reads a repr from a view: structure and options must be well formed (a {@link TcpSegment#check()}
     * failure comes back as {@link Parsed.Invalid} with the reason). NOP, EOL and unknown options are dropped.
     */
    public static Parsed<TcpRepr> parse(TcpSegment segment) {
        TcpOptions options = new TcpOptions();
        WireStatus status = options.parse(segment);
        if (status != WireStatus.OK) {
            String detail = switch (status) {
                case TRUNCATED -> "need " + TcpSegment.MIN_HEADER_LENGTH + " bytes, have " + segment.length();
                case BAD_HEADER_LENGTH -> "data offset " + segment.dataOffset() + " with " + segment.length()
                        + " bytes";
                case BAD_OPTION -> "malformed option kind " + options.badOptionKind() + " at header byte "
                        + (options.badOptionOffset() - segment.offset());
                default -> "TCP header rejected";
            };
            return Parsed.invalid(status, detail);
        }
        return Parsed.ok(new TcpRepr(segment.sourcePort(), segment.destinationPort(), segment.sequenceNumber(),
                segment.acknowledgmentNumber(), segment.flags(), segment.window(), segment.urgentPointer(),
                TcpOptionSet.from(options), segment.payloadLength()));
    }

    /** The header length: 20 plus the encoded options. */
    public int headerLength() {
        return TcpSegment.MIN_HEADER_LENGTH + options.encodedLength();
    }

    /** Header plus payload: the length the IP layer must give. */
    public int totalLength() {
        return headerLength() + payloadLength;
    }

    /** SEG.LEN: payload plus one for SYN and one for FIN (RFC 9293 §3.4). */
    public int segmentLength() {
        return payloadLength + ((flags & TcpSegment.SYN) != 0 ? 1 : 0) + ((flags & TcpSegment.FIN) != 0 ? 1 : 0);
    }

    /** True when every bit of {@code mask} is set. */
    public boolean hasFlags(int mask) {
        return (flags & mask) == mask;
    }

    /** Writes header and options at {@code offset} with a zero checksum; the payload is not touched. */
    public void emit(MemorySegment segment, long offset) {
        TcpSegment view = new TcpSegment().wrap(segment, offset, totalLength());
        view.sourcePort(sourcePort)
                .destinationPort(destinationPort)
                .sequenceNumber(sequenceNumber)
                .acknowledgmentNumber(acknowledgmentNumber)
                .headerLength(headerLength())
                .flags(flags)
                .window(window)
                .checksum(0)
                .urgentPointer(urgentPointer);
        options.write(new TcpOptionsWriter().wrap(view));
    }

    /**
     * Writes header and options at {@code offset} and fills the checksum over the IPv4 pseudo-header; the
     * {@link #payloadLength} payload bytes must already be in place after the header.
     */
    public void emit(MemorySegment segment, long offset, int sourceAddress, int destinationAddress) {
        emit(segment, offset);
        new TcpSegment().wrap(segment, offset, totalLength()).fillChecksum(sourceAddress, destinationAddress);
    }
}
