package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;
import static org.margay.fuzz.FuzzBytes.requireEqual;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.margay.net.tcp.TcpOptionCursor;
import org.margay.net.tcp.TcpOptions;
import org.margay.net.tcp.TcpRepr;
import org.margay.net.tcp.TcpSegment;

/**
 * Fuzz targets for {@link TcpSegment}, {@link TcpOptions}, {@link TcpOptionCursor} and {@link TcpRepr}.
 *
 * <p>{@link #tcpSegment} treats the input as a whole segment: no unchecked exception, every accessor in bounds
 * after {@code check()} said OK, the options holder agreeing with {@code check()}, the same answer at any
 * offset, and {@code emit(parse(x))} (payload copied behind it) parsing back equal with a valid checksum.
 * {@link #tcpOptions} treats the input as an options area and walks it with the cursor and the holder.
 */
class TcpFuzzTest {
    /** 192.0.2.1 and 198.51.100.2 (RFC 5737 documentation addresses) for the pseudo-header. */
    private static final int SOURCE = 0xC000_0201;
    private static final int DESTINATION = 0xC633_6402;

    @FuzzTest
    void tcpSegment(byte[] input) {
        Parsed<TcpRepr> atZero = examine(FuzzBytes.exact(input), 0, input);
        Parsed<TcpRepr> shifted = examine(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
        FuzzBytes.requireSameOutcome(atZero, shifted, input);
        if (atZero instanceof Parsed.Ok<TcpRepr>(TcpRepr repr)) {
            int inputHeader = new TcpSegment().wrap(FuzzBytes.exact(input), 0, input.length).headerLength();
            byte[] out = new byte[repr.totalLength()];
            System.arraycopy(input, inputHeader, out, repr.headerLength(), repr.payloadLength());
            MemorySegment segment = MemorySegment.ofArray(out);
            repr.emit(segment, 0, SOURCE, DESTINATION);
            TcpSegment emitted = new TcpSegment().wrap(segment, 0, out.length);
            requireEqual(WireStatus.OK, emitted.check(), "check of emit(parse(x))", input);
            require(emitted.checksumValid(SOURCE, DESTINATION), "emitted checksum does not verify", input);
            requireEqual(atZero, TcpRepr.parse(emitted), "parse(emit(parse(x)))", input);
            requireEqual(repr.segmentLength(), emitted.segmentLength(), "SEG.LEN", input);
        }
    }

    @FuzzTest
    void tcpOptions(byte[] input) {
        walkOptions(FuzzBytes.exact(input), 0, input);
        walkOptions(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
    }

    private static Parsed<TcpRepr> examine(MemorySegment segment, long offset, byte[] input) {
        TcpSegment view = new TcpSegment().wrap(segment, offset, input.length);
        WireStatus status = view.check();
        WireStatus header = view.checkHeader();
        require(status != WireStatus.OK || header == WireStatus.OK, "check OK but checkHeader " + header, input);
        boolean checksumValid = view.checksumValid(SOURCE, DESTINATION);
        require(header != WireStatus.TRUNCATED || !checksumValid, "checksumValid on a truncated segment", input);
        if (header == WireStatus.OK) {
            long sum = view.sourcePort() + view.destinationPort() + view.sequenceNumber()
                    + view.sequenceNumberUnsigned() + view.acknowledgmentNumber() + view.acknowledgmentNumberUnsigned()
                    + view.dataOffset() + view.flags() + view.reserved() + view.window() + view.checksum()
                    + view.urgentPointer() + view.segmentLength() + view.computeChecksum(SOURCE, DESTINATION)
                    + (view.ae() ? 1 : 0) + (view.cwr() ? 1 : 0) + (view.ece() ? 1 : 0) + (view.urg() ? 1 : 0)
                    + (view.ack() ? 1 : 0) + (view.psh() ? 1 : 0) + (view.rst() ? 1 : 0) + (view.syn() ? 1 : 0)
                    + (view.fin() ? 1 : 0) + (view.hasFlags(TcpSegment.SYN | TcpSegment.ACK) ? 1 : 0);
            require(sum != Long.MIN_VALUE, "unreachable", input);
            require(view.headerLength() >= TcpSegment.MIN_HEADER_LENGTH && view.headerLength() <= input.length,
                    "header length " + view.headerLength(), input);
            requireEqual(input.length - view.headerLength(), view.payloadLength(), "payload length", input);
            requireEqual(offset + view.headerLength(), view.payloadOffset(), "payload offset", input);
        }
        TcpOptions options = new TcpOptions();
        requireEqual(status, options.parse(view), "TcpOptions.parse vs check", input);
        if (status == WireStatus.OK) {
            readOptions(options, input);
        }
        Parsed<TcpRepr> parsed = TcpRepr.parse(view);
        require(parsed.isOk() == (status == WireStatus.OK), "parse disagrees with check " + status, input);
        if (parsed instanceof Parsed.Ok<TcpRepr>(TcpRepr repr)) {
            require(!repr.toString().isEmpty(), "empty toString", input);
        }
        return parsed;
    }

    private static void readOptions(TcpOptions options, byte[] input) {
        long sum = options.mss() + options.windowScale() + options.windowScaleRaw() + options.nopCount()
                + options.eolOffset() + options.timestampValue() + options.timestampEchoReply()
                + options.timestampValueUnsigned() + options.timestampEchoReplyUnsigned()
                + (options.hasMss() ? 1 : 0) + (options.hasWindowScale() ? 1 : 0) + (options.windowScaleClamped() ? 1 : 0)
                + (options.sackPermitted() ? 1 : 0) + (options.hasTimestamps() ? 1 : 0) + (options.hasEol() ? 1 : 0);
        require(options.sackBlockCount() >= 0 && options.sackBlockCount() <= 4, "SACK blocks " + options.sackBlockCount(), input);
        for (int i = 0; i < options.sackBlockCount(); i++) {
            sum += options.sackLeft(i) + options.sackRight(i) + options.sackLeftUnsigned(i) + options.sackRightUnsigned(i);
        }
        for (int i = 0; i < Math.min(options.unknownCount(), TcpOptions.MAX_RECORDED_UNKNOWN); i++) {
            sum += options.unknownKind(i) + options.unknownOffset(i) + options.unknownLength(i);
        }
        require(sum != Long.MIN_VALUE, "unreachable", input);
    }

    private static void walkOptions(MemorySegment segment, long offset, byte[] input) {
        long end = offset + input.length;
        TcpOptionCursor cursor = new TcpOptionCursor().reset(segment, offset, input.length);
        int steps = 0;
        while (cursor.next()) {
            require(++steps <= input.length, "the walk does not advance", input);
            require(cursor.kind() >= 0 && cursor.kind() <= 0xFF, "kind " + cursor.kind(), input);
            require(cursor.offset() >= offset && cursor.offset() + cursor.length() <= end, "option past the area", input);
            require(cursor.dataLength() >= 0 && cursor.dataOffset() + cursor.dataLength() <= end, "data past the area", input);
            byte[] data = FuzzBytes.bytes(cursor.segment(), cursor.dataOffset(), cursor.dataLength());
            require(data.length == cursor.dataLength(), "data length", input);
        }
        WireStatus status = cursor.status();
        require(status == WireStatus.OK || status == WireStatus.BAD_OPTION, "cursor status " + status, input);
        TcpOptions options = new TcpOptions();
        requireEqual(status, options.parse(segment, offset, input.length), "TcpOptions vs the cursor", input);
        if (status == WireStatus.OK) {
            readOptions(options, input);
        } else {
            require(options.badOptionOffset() >= offset && options.badOptionOffset() < end, "bad option offset", input);
        }
    }
}
