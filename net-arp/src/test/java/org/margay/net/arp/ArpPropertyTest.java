package org.margay.net.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
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

class ArpPropertyTest {

    private static Gen<ArpRepr> reprs() {
        Gen<Long> macs = longs().between(0, 0xFFFF_FFFF_FFFFL);
        Gen<Integer> ips = integers().all();
        return integers().between(0, 0xFFFF).zip(macs, ips, macs, ips, ArpRepr::new);
    }

    @Test
    void parseOfEmitIsIdentity() {
        qt().withExamples(2000).forAll(reprs(), integers().between(0, 24), integers().between(0, 32))
                .checkAssert((repr, headroom, padding) -> {
                    MemorySegment bytes = MemorySegment.ofArray(new byte[headroom + repr.headerLength() + padding]);
                    repr.emit(bytes, headroom);
                    ArpPacket view = new ArpPacket().wrap(bytes, headroom, repr.headerLength() + padding);
                    assertEquals(WireStatus.OK, view.check());
                    assertEquals(Parsed.ok(repr), ArpRepr.parse(view));
                });
    }

    @Test
    void randomBytesNeverThrow() {
        // Mostly Ethernet/IPv4-looking fixed parts with random lengths and tails, plus fully random bytes.
        Gen<List<Integer>> raw = lists().of(integers().between(0, 255)).ofSizeBetween(0, 80);
        Gen<List<Integer>> arpish = lists().of(integers().between(0, 255)).ofSizeBetween(0, 72).zip(
                integers().between(0, 12), integers().between(0, 12), (tail, hlen, plen) -> {
                    List<Integer> values = new java.util.ArrayList<>(List.of(0, 1, 8, 0, hlen, plen, 0, 1));
                    values.addAll(tail);
                    return values;
                });
        qt().withExamples(5000)
                .forAll(raw.mix(arpish, 50), integers().between(-4, 90), integers().between(-2, 10))
                .checkAssert((values, claimed, start) -> {
                    MemorySegment bytes = segmentOf(values);
                    exercise(new ArpPacket().wrap(bytes, start, claimed));
                    exercise(new ArpPacket().wrap(bytes, 0, values.size()));
                });
    }

    @Test
    void everyTruncationIsReportedWithoutThrowing() {
        qt().forAll(reprs()).checkAssert(repr -> {
            byte[] full = new byte[repr.headerLength()];
            repr.emit(MemorySegment.ofArray(full), 0);
            for (int length = 0; length <= full.length; length++) {
                MemorySegment cut = MemorySegment.ofArray(Arrays.copyOf(full, length));
                WireStatus status = exercise(new ArpPacket().wrap(cut, 0, length));
                assertEquals(length < full.length ? WireStatus.TRUNCATED : WireStatus.OK, status, "length " + length);
            }
        });
    }

    private static WireStatus exercise(ArpPacket view) {
        WireStatus status = view.check();
        Parsed<ArpRepr> parsed = ArpRepr.parse(view);
        assertEquals(status == WireStatus.OK, parsed.isOk());
        if (status == WireStatus.OK || status == WireStatus.UNSUPPORTED || status == WireStatus.BAD_FIELD) {
            // Generic accessors: every address lies inside the wrapped bytes.
            long end = view.offset() + view.availableLength();
            assertTrue(view.senderHardwareAddressOffset() + view.hardwareAddressLength() <= end);
            assertTrue(view.senderProtocolAddressOffset() + view.protocolAddressLength() <= end);
            assertTrue(view.targetHardwareAddressOffset() + view.hardwareAddressLength() <= end);
            assertTrue(view.targetProtocolAddressOffset() + view.protocolAddressLength() <= end);
            assertTrue(view.packetLength() <= view.availableLength());
            view.operation();
        }
        if (status == WireStatus.OK) {
            assertTrue(view.isEthernetIpv4());
            view.senderMac();
            view.senderIp();
            view.targetMac();
            view.targetIp();
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
