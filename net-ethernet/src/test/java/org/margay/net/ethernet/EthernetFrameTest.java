package org.margay.net.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/** Hand-built frames, byte by byte, read through the view and the repr. */
class EthernetFrameTest {

    private static final String DST = "ffffffffffff";
    private static final String SRC = "020000000001";

    private static MemorySegment hex(String text) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(text.replace(" ", "")));
    }

    private static EthernetFrame view(MemorySegment bytes) {
        return new EthernetFrame().wrap(bytes, 0, (int) bytes.byteSize());
    }

    @Test
    void plainFrame() {
        MemorySegment bytes = hex(DST + SRC + "0800" + "45000014");
        EthernetFrame frame = view(bytes);
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(0xFFFF_FFFF_FFFFL, frame.destination());
        assertEquals(0x0200_0000_0001L, frame.source());
        assertEquals(EtherType.IPV4, frame.etherType());
        assertEquals(0, frame.tagCount());
        assertEquals(EtherType.IPV4, frame.innermostEtherType());
        assertEquals(14, frame.headerLength());
        assertEquals(14, frame.payloadOffset());
        assertEquals(4, frame.payloadLength());
        assertEquals(Parsed.ok(new EthernetRepr(0xFFFF_FFFF_FFFFL, 0x0200_0000_0001L, EtherType.IPV4)),
                EthernetRepr.parse(frame));
    }

    @Test
    void headerOnlyFrameHasEmptyPayload() {
        EthernetFrame frame = view(hex(DST + SRC + "86dd"));
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(0, frame.payloadLength());
        assertEquals(EtherType.IPV6, frame.innermostEtherType());
    }

    @Test
    void singleTagFrame() {
        // TCI 0x6064: PCP 3, DEI 0, VID 100.
        MemorySegment bytes = hex(DST + SRC + "8100 6064" + "0806" + "0001");
        EthernetFrame frame = view(bytes);
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(EtherType.VLAN_8021Q, frame.etherType());
        assertEquals(1, frame.tagCount());
        assertEquals(EtherType.VLAN_8021Q, frame.tagTpid(0));
        assertEquals(3, frame.tagPcp(0));
        assertFalse(frame.tagDei(0));
        assertEquals(100, frame.tagVid(0));
        assertEquals(EtherType.ARP, frame.innermostEtherType());
        assertEquals(18, frame.payloadOffset());
        assertEquals(2, frame.payloadLength());
        EthernetRepr repr = EthernetRepr.parse(frame).orThrow();
        assertEquals(List.of(new VlanTag(EtherType.VLAN_8021Q, 3, false, 100)), repr.tags());
    }

    @Test
    void qinqFrameWithOffsetInLargerBuffer() {
        // Headroom of 5 bytes, S-TAG vid 200 (DEI set: 0x10c8), C-TAG pcp 7 vid 4094 (0xeffe), IPv4.
        MemorySegment bytes = hex("0000000000" + DST + SRC + "88a8 10c8" + "8100 effe" + "0800" + "abcd");
        EthernetFrame frame = new EthernetFrame().wrap(bytes, 5, (int) bytes.byteSize() - 5);
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(2, frame.tagCount());
        assertEquals(EtherType.QINQ_8021AD, frame.etherType());
        assertEquals(EtherType.QINQ_8021AD, frame.tagTpid(0));
        assertTrue(frame.tagDei(0));
        assertEquals(200, frame.tagVid(0));
        assertEquals(0, frame.tagPcp(0));
        assertEquals(EtherType.VLAN_8021Q, frame.tagTpid(1));
        assertEquals(7, frame.tagPcp(1));
        assertEquals(4094, frame.tagVid(1));
        assertEquals(EtherType.IPV4, frame.innermostEtherType());
        assertEquals(5 + 22, frame.payloadOffset());
        assertEquals(2, frame.payloadLength());
        assertEquals("02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, 802.1ad vid 200 dei, 802.1Q vid 4094 pcp 7, IPv4",
                EthernetRepr.parse(frame).orThrow().toString());
    }

    @Test
    void legacyQinqTpidIsATag() {
        EthernetFrame frame = view(hex(DST + SRC + "9100 0001" + "8100 0002" + "86dd"));
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(2, frame.tagCount());
        assertEquals(EtherType.QINQ_LEGACY_9100, frame.tagTpid(0));
        assertEquals(EtherType.IPV6, frame.innermostEtherType());
    }

    @Test
    void paddingCountsAsPayload() {
        byte[] padded = new byte[EthernetFrame.MIN_FRAME_LENGTH];
        new EthernetRepr(1, 2, List.of(VlanTag.dot1q(5)), EtherType.ARP).emit(MemorySegment.ofArray(padded), 0);
        EthernetFrame frame = view(MemorySegment.ofArray(padded));
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(60 - 18, frame.payloadLength());
    }

    @Test
    void shortFramesAreTruncated() {
        assertEquals(WireStatus.TRUNCATED, view(hex(DST + SRC + "08")).check());
        assertEquals(WireStatus.TRUNCATED, view(hex("")).check());
        // A tag whose TCI is cut, then one whose following type field is cut.
        assertEquals(WireStatus.TRUNCATED, view(hex(DST + SRC + "8100 00")).check());
        assertEquals(WireStatus.TRUNCATED, view(hex(DST + SRC + "8100 0064")).check());
        assertEquals(WireStatus.TRUNCATED, view(hex(DST + SRC + "8100 0064 88a8 0001 08")).check());
        Parsed<EthernetRepr> parsed = EthernetRepr.parse(view(hex(DST + SRC + "8100 0064")));
        assertEquals(WireStatus.TRUNCATED, ((Parsed.Invalid<EthernetRepr>) parsed).status());
    }

    @Test
    void wrappedRangeOutsideTheSegmentIsTruncated() {
        MemorySegment bytes = hex(DST + SRC + "0800");
        assertEquals(WireStatus.TRUNCATED, new EthernetFrame().wrap(bytes, 0, 100).check());
        assertEquals(WireStatus.TRUNCATED, new EthernetFrame().wrap(bytes, 4, 14).check());
        assertEquals(WireStatus.TRUNCATED, new EthernetFrame().wrap(bytes, -1, 14).check());
    }

    @Test
    void eightTagsAreAcceptedAndNineAreBadField() {
        StringBuilder eight = new StringBuilder(DST + SRC);
        for (int i = 0; i < 8; i++) {
            eight.append("8100 000").append(i + 1);
        }
        EthernetFrame ok = view(hex(eight + "0800"));
        assertEquals(WireStatus.OK, ok.check());
        assertEquals(8, ok.tagCount());
        assertEquals(8, ok.tagVid(7));
        assertEquals(EthernetFrame.MAX_HEADER_LENGTH, ok.headerLength());

        EthernetFrame deep = view(hex(eight + "8100 0009 0800"));
        assertEquals(WireStatus.BAD_FIELD, deep.check());
        Parsed<EthernetRepr> parsed = EthernetRepr.parse(deep);
        assertFalse(parsed.isOk());
        assertEquals(WireStatus.BAD_FIELD, ((Parsed.Invalid<EthernetRepr>) parsed).status());
    }

    @Test
    void settersWriteTheSameBytesAsHandBuilt() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[24]);
        new EthernetFrame().wrap(bytes, 0, 24)
                .destination(0xFFFF_FFFF_FFFFL)
                .source(0x0200_0000_0001L)
                .tag(0, EtherType.QINQ_8021AD, 0, true, 200)
                .tag(1, EtherType.VLAN_8021Q, 0xEFFE)
                .innermostEtherType(2, EtherType.IPV4);
        assertEquals((DST + SRC + "88a810c88100effe0800").toLowerCase(),
                HexFormat.of().formatHex(bytes.asSlice(0, 22).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));

        EthernetFrame frame = view(bytes);
        frame.tagVid(1, 42);
        assertEquals(42, frame.tagVid(1));
        assertEquals(7, frame.tagPcp(1));
        frame.etherType(EtherType.ARP);
        assertEquals(0, frame.tagCount());
        assertEquals(EtherType.ARP, frame.innermostEtherType());
    }
}
