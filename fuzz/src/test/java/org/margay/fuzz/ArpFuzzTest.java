package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;
import static org.margay.fuzz.FuzzBytes.requireEqual;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.margay.net.arp.ArpPacket;
import org.margay.net.arp.ArpRepr;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/**
 * Fuzz target for {@link ArpPacket} and {@link ArpRepr}: no unchecked exception for any bytes, the generic
 * fields readable whenever {@code check()} found the whole packet (OK, UNSUPPORTED, BAD_FIELD), and
 * {@code emit(parse(x))} reproduces the 28 bytes it was parsed from.
 */
class ArpFuzzTest {

    @FuzzTest
    void arpPacket(byte[] input) {
        Parsed<ArpRepr> atZero = examine(FuzzBytes.exact(input), 0, input);
        Parsed<ArpRepr> shifted = examine(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
        FuzzBytes.requireSameOutcome(atZero, shifted, input);
        if (atZero instanceof Parsed.Ok<ArpRepr>(ArpRepr repr)) {
            byte[] out = new byte[repr.headerLength()];
            MemorySegment segment = MemorySegment.ofArray(out);
            repr.emit(segment, 0);
            require(Arrays.equals(out, 0, out.length, input, 0, out.length), "emit(parse(x)) differs from x", input);
            requireEqual(atZero, ArpRepr.parse(new ArpPacket().wrap(segment, 0, out.length)), "parse(emit(parse(x)))", input);
        }
    }

    private static Parsed<ArpRepr> examine(MemorySegment segment, long offset, byte[] input) {
        ArpPacket packet = new ArpPacket().wrap(segment, offset, input.length);
        WireStatus status = packet.check();
        if (status != WireStatus.TRUNCATED) {
            // The whole packet (8 + 2*hlen + 2*plen bytes) is present: the generic fields are in bounds.
            long sum = packet.hardwareType() + packet.protocolType() + packet.hardwareAddressLength()
                    + packet.protocolAddressLength() + packet.operation() + (packet.isEthernetIpv4() ? 1 : 0);
            require(packet.packetLength() <= input.length, "packet length past the input", input);
            require(packet.targetProtocolAddressOffset() + packet.protocolAddressLength() <= offset + input.length,
                    "target address past the input", input);
            require(sum != Long.MIN_VALUE, "unreachable", input);
        }
        if (status == WireStatus.OK) {
            long sum = packet.senderMac() + packet.senderIp() + packet.targetMac() + packet.targetIp();
            require(sum != Long.MIN_VALUE, "unreachable", input);
        }
        Parsed<ArpRepr> parsed = ArpRepr.parse(packet);
        require(parsed.isOk() == (status == WireStatus.OK), "parse disagrees with check " + status, input);
        if (parsed.isOk()) {
            String text = parsed.orThrow().toString();
            require(!text.isEmpty(), "empty toString", input);
        }
        return parsed;
    }
}
