package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;
import static org.margay.fuzz.FuzzBytes.requireEqual;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.margay.net.icmp.IcmpMessage;
import org.margay.net.icmp.IcmpRepr;
import org.margay.net.icmp.IcmpType;

/**
 * Fuzz target for {@link IcmpMessage} and {@link IcmpRepr}: no unchecked exception for any bytes, the type's
 * fields in bounds after {@code check()} said OK, the same answer at any offset, and {@code emit(parse(x))}
 * reproduces the message byte for byte (but for the checksum, which it computes) and parses back equal.
 */
class IcmpFuzzTest {

    @FuzzTest
    void icmpMessage(byte[] input) {
        Parsed<IcmpRepr> atZero = examine(FuzzBytes.exact(input), 0, input);
        Parsed<IcmpRepr> shifted = examine(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
        FuzzBytes.requireSameOutcome(atZero, shifted, input);
        if (atZero instanceof Parsed.Ok<IcmpRepr>(IcmpRepr repr)) {
            byte[] out = new byte[repr.bufferLength()];
            MemorySegment segment = MemorySegment.ofArray(out);
            requireEqual(out.length, repr.emit(segment, 0), "emit's return", input);
            IcmpMessage emitted = new IcmpMessage().wrap(segment, 0, out.length);
            require(emitted.checksumValid(), "emitted checksum does not verify", input);
            requireEqual(atZero, IcmpRepr.parse(emitted, true), "parse(emit(parse(x)))", input);
            byte[] expected = input.clone();
            expected[IcmpMessage.CHECKSUM_OFFSET] = out[IcmpMessage.CHECKSUM_OFFSET];
            expected[IcmpMessage.CHECKSUM_OFFSET + 1] = out[IcmpMessage.CHECKSUM_OFFSET + 1];
            require(Arrays.equals(expected, out), "emit(parse(x)) differs from x: " + FuzzBytes.hex(out), input);
        }
    }

    private static Parsed<IcmpRepr> examine(MemorySegment segment, long offset, byte[] input) {
        IcmpMessage message = new IcmpMessage().wrap(segment, offset, input.length);
        WireStatus status = message.check();
        boolean checksumValid = message.checksumValid();
        if (status == WireStatus.OK) {
            int type = message.type();
            long sum = type + message.code() + message.checksum() + message.restOfHeader() + (message.isError() ? 1 : 0)
                    + message.identifier() + message.sequenceNumber() + message.nextHopMtu() + message.pointer()
                    + message.gatewayAddress() + message.rfc4884Length() + message.computeChecksum(input.length);
            require(message.dataOffset() + message.dataLength() == offset + input.length, "data end", input);
            int quoted = message.quotedDatagramLength();
            require(quoted >= 0 && message.quotedDatagramOffset() + quoted <= offset + input.length,
                    "quoted datagram past the input", input);
            switch (type) {
                case IcmpType.TIMESTAMP_REQUEST, IcmpType.TIMESTAMP_REPLY ->
                        sum += message.originateTimestamp() + message.receiveTimestamp() + message.transmitTimestamp();
                case IcmpType.ADDRESS_MASK_REQUEST, IcmpType.ADDRESS_MASK_REPLY -> sum += message.addressMask();
                case IcmpType.ROUTER_ADVERTISEMENT -> {
                    sum += message.lifetime();
                    for (int i = 0; i < message.advertisementCount(); i++) {
                        sum += message.routerAddress(i) + message.preferenceLevel(i);
                    }
                }
                default -> {
                }
            }
            require(sum != Long.MIN_VALUE, "unreachable", input);
        }
        Parsed<IcmpRepr> parsed = IcmpRepr.parse(message);
        require(parsed.isOk() == (status == WireStatus.OK), "parse disagrees with check " + status, input);
        if (parsed instanceof Parsed.Ok<IcmpRepr>(IcmpRepr repr)) {
            require(!repr.toString().isEmpty(), "empty toString", input);
            requireEqual(input.length, repr.bufferLength(), "buffer length", input);
            require(IcmpRepr.parse(message, true).isOk() == checksumValid, "verified parse vs checksumValid", input);
        }
        return parsed;
    }
}
