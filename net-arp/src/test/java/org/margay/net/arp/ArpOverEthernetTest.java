package org.margay.net.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.ethernet.EthernetRepr;
import org.margay.net.ethernet.VlanTag;

/** ARP inside whole frames: padding to the 60-byte minimum, and a QinQ double tag in front. */
class ArpOverEthernetTest {

    @Test
    void paddedQinqFrameCarryingGratuitousArp() {
        // 14 + 2 tags (8) + 28 = 50 bytes, padded with zeros to 60 (IEEE 802.3 §4.2.3.3).
        String hand = "ffffffffffff" + "02aabbccddee"
                + "88a8 00c8" // S-TAG, VID 200
                + "8100 2064" // C-TAG, PCP 1, VID 100
                + "0806"
                + "0001 0800 06 04 0001" + "02aabbccddee c0a80a05" + "000000000000 c0a80a05"
                + "00".repeat(10);
        byte[] bytes = HexFormat.of().parseHex(hand.replace(" ", ""));
        assertEquals(EthernetFrame.MIN_FRAME_LENGTH, bytes.length);
        MemorySegment segment = MemorySegment.ofArray(bytes);

        EthernetFrame frame = new EthernetFrame().wrap(segment, 0, bytes.length);
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(2, frame.tagCount());
        assertEquals(200, frame.tagVid(0));
        assertEquals(100, frame.tagVid(1));
        assertEquals(1, frame.tagPcp(1));
        assertEquals(EtherType.ARP, frame.innermostEtherType());
        assertEquals(22, frame.payloadOffset());
        assertEquals(38, frame.payloadLength());

        ArpPacket arp = new ArpPacket().wrap(segment, frame.payloadOffset(), frame.payloadLength());
        assertEquals(WireStatus.OK, arp.check());
        ArpRepr repr = ArpRepr.parse(arp).orThrow();
        int ip = Ipv4Address.parse("192.168.10.5");
        assertEquals(ArpRepr.gratuitous(0x02AA_BBCC_DDEEL, ip), repr);
        assertTrue(repr.isGratuitous());

        // The same frame, built from reprs.
        byte[] built = new byte[EthernetFrame.MIN_FRAME_LENGTH];
        MemorySegment out = MemorySegment.ofArray(built);
        EthernetRepr header = repr.ethernetHeader(List.of(VlanTag.dot1ad(200), new VlanTag(EtherType.VLAN_8021Q, 1, false, 100)));
        header.emit(out, 0);
        repr.emit(out, header.headerLength());
        assertEquals(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(built));
        assertEquals(header, EthernetRepr.parse(new EthernetFrame().wrap(out, 0, built.length)).orThrow());
    }

    @Test
    void untaggedRequestAndReplyRoundTripThroughFrames() {
        long macA = 0x0200_0000_0001L;
        long macB = 0x0200_0000_0002L;
        ArpRepr request = ArpRepr.request(macA, 0x0A00_0001, 0x0A00_0002);
        MemorySegment wire = MemorySegment.ofArray(new byte[EthernetFrame.MIN_FRAME_LENGTH]);
        request.ethernetHeader().emit(wire, 0);
        request.emit(wire, EthernetFrame.HEADER_LENGTH);

        EthernetFrame frame = new EthernetFrame().wrap(wire, 0, (int) wire.byteSize());
        assertEquals(WireStatus.OK, frame.check());
        assertEquals(MacAddress.BROADCAST, frame.destination());
        ArpPacket arp = new ArpPacket().wrap(wire, frame.payloadOffset(), frame.payloadLength());
        ArpRepr received = ArpRepr.parse(arp).orThrow();
        assertEquals(request, received);

        ArpRepr reply = ArpRepr.reply(received, macB);
        EthernetRepr replyHeader = reply.ethernetHeader();
        assertEquals(macA, replyHeader.destination());
        assertEquals(macB, replyHeader.source());
    }
}
