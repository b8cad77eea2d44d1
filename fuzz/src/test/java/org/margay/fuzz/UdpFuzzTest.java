package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;
import static org.margay.fuzz.FuzzBytes.requireEqual;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.margay.net.udp.UdpDatagram;
import org.margay.net.udp.UdpRepr;

/**
 * Fuzz target for {@link UdpDatagram} and {@link UdpRepr}: no unchecked exception for any bytes, fields and
 * checksum computation in bounds after {@code check()} said OK, the same answer at any offset, and
 * {@code emit(parse(x))} (with the payload copied behind it) reproduces the header but for the checksum, which
 * then verifies, and parses back equal.
 */
class UdpFuzzTest {
    /** 192.0.2.1 and 198.51.100.2 (RFC 5737 documentation addresses) for the pseudo-header. */
    private static final int SOURCE = 0xC000_0201;
    private static final int DESTINATION = 0xC633_6402;

    @FuzzTest
    void udpDatagram(byte[] input) {
        Parsed<UdpRepr> atZero = examine(FuzzBytes.exact(input), 0, input);
        Parsed<UdpRepr> shifted = examine(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
        FuzzBytes.requireSameOutcome(atZero, shifted, input);
        if (atZero instanceof Parsed.Ok<UdpRepr>(UdpRepr repr)) {
            byte[] out = new byte[repr.totalLength()];
            System.arraycopy(input, UdpDatagram.HEADER_LENGTH, out, UdpDatagram.HEADER_LENGTH, repr.payloadLength());
            MemorySegment segment = MemorySegment.ofArray(out);
            repr.emit(segment, 0, SOURCE, DESTINATION);
            UdpDatagram emitted = new UdpDatagram().wrap(segment, 0, out.length);
            require(emitted.hasChecksum() && emitted.checksumValid(SOURCE, DESTINATION), "emitted checksum", input);
            requireEqual(atZero, UdpRepr.parse(emitted), "parse(emit(parse(x)))", input);
            require(Arrays.equals(out, 0, UdpDatagram.CHECKSUM_OFFSET, input, 0, UdpDatagram.CHECKSUM_OFFSET),
                    "emit(parse(x)) differs from x's header", input);
        }
    }

    private static Parsed<UdpRepr> examine(MemorySegment segment, long offset, byte[] input) {
        UdpDatagram datagram = new UdpDatagram().wrap(segment, offset, input.length);
        WireStatus status = datagram.check();
        boolean valid = datagram.checksumValid(SOURCE, DESTINATION);
        if (status == WireStatus.OK) {
            long sum = datagram.sourcePort() + datagram.destinationPort() + datagram.checksum()
                    + datagram.computeChecksum(SOURCE, DESTINATION) + (datagram.hasChecksum() ? 1 : 0);
            require(sum != Long.MIN_VALUE, "unreachable", input);
            require(datagram.payloadOffset() + datagram.payloadLength() <= offset + input.length, "payload past the input", input);
        } else {
            require(!valid, "checksumValid on a datagram that fails check()", input);
        }
        Parsed<UdpRepr> parsed = UdpRepr.parse(datagram);
        require(parsed.isOk() == (status == WireStatus.OK), "parse disagrees with check " + status, input);
        return parsed;
    }
}
