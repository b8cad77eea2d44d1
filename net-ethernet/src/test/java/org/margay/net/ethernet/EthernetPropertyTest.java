package org.margay.net.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.quicktheories.core.Gen;

class EthernetPropertyTest {

    private static final int[] TPIDS = {EtherType.VLAN_8021Q, EtherType.QINQ_8021AD, EtherType.QINQ_LEGACY_9100};

    private static Gen<VlanTag> tags() {
        return integers().between(0, 2).zip(integers().between(0, 7), booleans().all(), integers().between(0, 4095),
                (tpid, pcp, dei, vid) -> new VlanTag(TPIDS[tpid], pcp, dei, vid));
    }

    private static Gen<EthernetRepr> reprs() {
        return longs().between(0, 0xFFFF_FFFF_FFFFL).zip(longs().between(0, 0xFFFF_FFFF_FFFFL),
                lists().of(tags()).ofSizeBetween(0, EthernetFrame.MAX_VLAN_TAGS),
                integers().between(0, 0xFFFF).assuming(type -> !EtherType.isVlanTpid(type)),
                EthernetRepr::new);
    }

    @Test
    void parseOfEmitIsIdentity() {
        qt().withExamples(2000).forAll(reprs(), integers().between(0, 16), integers().between(0, 64))
                .checkAssert((repr, headroom, payload) -> {
                    int frameLength = repr.headerLength() + payload;
                    MemorySegment bytes = MemorySegment.ofArray(new byte[headroom + frameLength]);
                    repr.emit(bytes, headroom);
                    EthernetFrame view = new EthernetFrame().wrap(bytes, headroom, frameLength);
                    assertEquals(WireStatus.OK, view.check());
                    assertEquals(Parsed.ok(repr), EthernetRepr.parse(view));
                    assertEquals(repr.headerLength(), view.headerLength());
                    assertEquals(headroom + repr.headerLength(), view.payloadOffset());
                    assertEquals(payload, view.payloadLength());
                });
    }

    @Test
    void randomBytesNeverThrow() {
        // Bytes biased towards TPIDs so that tag stacks of every depth (and cut ones) come up often.
        Gen<Integer> octets = integers().between(0, 255)
                .mix(integers().between(0, 2).map(i -> i == 0 ? 0x81 : i == 1 ? 0x88 : 0x91), 30);
        qt().withExamples(5000)
                .forAll(lists().of(octets).ofSizeBetween(0, 60), integers().between(-4, 70), integers().between(-2, 6))
                .checkAssert((values, claimed, start) -> {
                    MemorySegment bytes = segmentOf(values);
                    exercise(new EthernetFrame().wrap(bytes, start, claimed));
                    exercise(new EthernetFrame().wrap(bytes, 0, values.size()));
                });
    }

    @Test
    void deepTagStacksNeverThrow() {
        qt().forAll(integers().between(0, 12), integers().between(0, 60)).checkAssert((depth, cut) -> {
            byte[] full = new byte[14 + 4 * depth];
            MemorySegment bytes = MemorySegment.ofArray(full);
            EthernetFrame writer = new EthernetFrame().wrap(bytes, 0, full.length);
            for (int i = 0; i < depth; i++) {
                writer.tag(i, EtherType.VLAN_8021Q, i);
            }
            writer.innermostEtherType(depth, EtherType.IPV4);
            int length = Math.min(cut, full.length);
            WireStatus status = exercise(new EthernetFrame().wrap(MemorySegment.ofArray(Arrays.copyOf(full, length)), 0, length));
            WireStatus expected = length < full.length ? WireStatus.TRUNCATED
                    : depth > EthernetFrame.MAX_VLAN_TAGS ? WireStatus.BAD_FIELD : WireStatus.OK;
            if (length < full.length && depth > EthernetFrame.MAX_VLAN_TAGS && length >= EthernetFrame.MAX_HEADER_LENGTH) {
                expected = WireStatus.BAD_FIELD; // the ninth TPID (at offset 44) is read before the cut
            }
            assertEquals(expected, status, "depth " + depth + " length " + length);
        });
    }

    @Test
    void everyTruncationIsReportedWithoutThrowing() {
        EthernetRepr repr = new EthernetRepr(0x0200_0000_0002L, 0x0200_0000_0001L,
                List.of(VlanTag.dot1ad(100), VlanTag.dot1q(7)), EtherType.IPV4);
        byte[] full = new byte[repr.headerLength() + 10];
        repr.emit(MemorySegment.ofArray(full), 0);
        for (int length = 0; length <= full.length; length++) {
            MemorySegment cut = MemorySegment.ofArray(Arrays.copyOf(full, length));
            WireStatus status = exercise(new EthernetFrame().wrap(cut, 0, length));
            assertEquals(length < repr.headerLength() ? WireStatus.TRUNCATED : WireStatus.OK, status, "length " + length);
        }
    }

    private static WireStatus exercise(EthernetFrame view) {
        WireStatus status = view.check();
        Parsed<EthernetRepr> parsed = EthernetRepr.parse(view);
        assertEquals(status == WireStatus.OK, parsed.isOk());
        if (status == WireStatus.OK) {
            view.destination();
            view.source();
            view.etherType();
            view.innermostEtherType();
            for (int i = 0; i < view.tagCount(); i++) {
                view.tagTpid(i);
                view.tagPcp(i);
                view.tagDei(i);
                view.tagVid(i);
            }
            assertTrue(view.payloadOffset() >= view.offset() + EthernetFrame.HEADER_LENGTH);
            assertEquals(view.offset() + view.length(), view.payloadOffset() + view.payloadLength());
        } else if (status == WireStatus.BAD_FIELD) {
            assertEquals(EthernetFrame.MAX_VLAN_TAGS, view.tagCount());
        }
        return status;
    }

    private static MemorySegment segmentOf(List<Integer> values) {
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (int) values.get(i);
        }
        return MemorySegment.ofArray(bytes);
    }
}
