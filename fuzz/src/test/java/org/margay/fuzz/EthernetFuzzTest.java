package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;
import static org.margay.fuzz.FuzzBytes.requireEqual;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.ethernet.EthernetRepr;

/**
 * Fuzz target for {@link EthernetFrame} (with VLAN tag stacks) and {@link EthernetRepr}: no unchecked
 * exception for any bytes, accessors in bounds after {@code check()} says OK, the same answer at any offset,
 * and {@code emit(parse(x))} writes back exactly the header it was parsed from.
 */
class EthernetFuzzTest {

    @FuzzTest
    void ethernetFrame(byte[] input) {
        Parsed<EthernetRepr> atZero = examine(FuzzBytes.exact(input), 0, input);
        Parsed<EthernetRepr> shifted = examine(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
        FuzzBytes.requireSameOutcome(atZero, shifted, input);
        if (atZero instanceof Parsed.Ok<EthernetRepr>(EthernetRepr repr)) {
            roundTrip(repr, input);
        }
    }

    private static Parsed<EthernetRepr> examine(MemorySegment segment, long offset, byte[] input) {
        EthernetFrame frame = new EthernetFrame().wrap(segment, offset, input.length);
        WireStatus status = frame.check();
        if (status == WireStatus.OK) {
            int tags = frame.tagCount();
            require(tags >= 0 && tags <= EthernetFrame.MAX_VLAN_TAGS, "tag count " + tags, input);
            long sum = frame.destination() + frame.source() + frame.etherType() + frame.innermostEtherType();
            for (int i = 0; i < tags; i++) {
                sum += frame.tagTpid(i) + frame.tagControl(i) + frame.tagPcp(i) + frame.tagVid(i) + (frame.tagDei(i) ? 1 : 0);
            }
            require(sum != Long.MIN_VALUE, "unreachable", input);
            require(frame.headerLength() == EthernetFrame.HEADER_LENGTH + 4 * tags, "header length", input);
            require(frame.headerLength() <= input.length, "header past the frame", input);
            require(frame.payloadLength() == input.length - frame.headerLength(), "payload length", input);
            require(frame.payloadOffset() == offset + frame.headerLength(), "payload offset", input);
        }
        Parsed<EthernetRepr> parsed = EthernetRepr.parse(frame);
        require(parsed.isOk() == (status == WireStatus.OK), "parse disagrees with check " + status, input);
        if (parsed instanceof Parsed.Invalid<EthernetRepr>(WireStatus why, String detail)) {
            requireEqual(status, why, "parse status", input);
            require(!detail.isEmpty(), "empty detail", input);
        }
        return parsed;
    }

    private static void roundTrip(EthernetRepr repr, byte[] input) {
        byte[] out = new byte[repr.headerLength()];
        MemorySegment segment = MemorySegment.ofArray(out);
        repr.emit(segment, 0);
        require(Arrays.equals(out, 0, out.length, input, 0, out.length), "emit(parse(x)) differs from x's header", input);
        requireEqual(Parsed.ok(repr), EthernetRepr.parse(new EthernetFrame().wrap(segment, 0, out.length)),
                "parse(emit(parse(x)))", input);
    }
}
