package org.margay.net.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Bytes;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/** Hand-built ARP packets, byte by byte. */
class ArpPacketTest {

    /** who-has 192.168.1.2 tell 192.168.1.1, from 02:00:00:00:00:01. */
    private static final String REQUEST = "0001 0800 06 04 0001" + "020000000001 c0a80101" + "000000000000 c0a80102";
    /** 192.168.1.2 is-at 02:00:00:00:00:02, to 02:00:00:00:00:01. */
    private static final String REPLY = "0001 0800 06 04 0002" + "020000000002 c0a80102" + "020000000001 c0a80101";
    /** Gratuitous ARP (RFC 5227 announcement): sender IP = target IP = 10.0.0.7. */
    private static final String GRATUITOUS = "0001 0800 06 04 0001" + "02aabbccddee 0a000007" + "000000000000 0a000007";

    private static MemorySegment hex(String text) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(text.replace(" ", "")));
    }

    private static ArpPacket view(MemorySegment bytes) {
        return new ArpPacket().wrap(bytes, 0, (int) bytes.byteSize());
    }

    @Test
    void request() {
        ArpPacket packet = view(hex(REQUEST));
        assertEquals(WireStatus.OK, packet.check());
        assertTrue(packet.isEthernetIpv4());
        assertEquals(ArpHardwareType.ETHERNET, packet.hardwareType());
        assertEquals(0x0800, packet.protocolType());
        assertEquals(6, packet.hardwareAddressLength());
        assertEquals(4, packet.protocolAddressLength());
        assertEquals(ArpOperation.REQUEST, packet.operation());
        assertEquals(0x0200_0000_0001L, packet.senderMac());
        assertEquals(Ipv4Address.parse("192.168.1.1"), packet.senderIp());
        assertEquals(0L, packet.targetMac());
        assertEquals(Ipv4Address.parse("192.168.1.2"), packet.targetIp());
        assertEquals(28, packet.packetLength());
        ArpRepr repr = ArpRepr.parse(packet).orThrow();
        assertEquals(ArpRepr.request(0x0200_0000_0001L, Ipv4Address.parse("192.168.1.1"), Ipv4Address.parse("192.168.1.2")), repr);
        assertEquals("who-has 192.168.1.2 tell 192.168.1.1", repr.toString());
    }

    @Test
    void reply() {
        ArpPacket packet = view(hex(REPLY));
        assertEquals(WireStatus.OK, packet.check());
        ArpRepr repr = ArpRepr.parse(packet).orThrow();
        assertEquals(ArpOperation.REPLY, repr.operation());
        assertEquals("192.168.1.2 is-at 02:00:00:00:00:02", repr.toString());
        ArpRepr request = ArpRepr.parse(view(hex(REQUEST))).orThrow();
        assertEquals(repr, ArpRepr.reply(request, 0x0200_0000_0002L));
    }

    @Test
    void gratuitousArp() {
        ArpPacket packet = view(hex(GRATUITOUS));
        assertEquals(WireStatus.OK, packet.check());
        ArpRepr repr = ArpRepr.parse(packet).orThrow();
        assertTrue(repr.isGratuitous());
        assertFalse(repr.isProbe());
        assertEquals(ArpRepr.gratuitous(0x02AA_BBCC_DDEEL, Ipv4Address.parse("10.0.0.7")), repr);
        assertEquals("gratuitous 10.0.0.7 is-at 02:aa:bb:cc:dd:ee", repr.toString());
    }

    @Test
    void paddingAfterThePacketIsIgnored() {
        byte[] padded = Arrays.copyOf(HexFormat.of().parseHex(REQUEST.replace(" ", "")), 46);
        ArpPacket packet = view(MemorySegment.ofArray(padded));
        assertEquals(WireStatus.OK, packet.check());
        assertEquals(28, packet.packetLength());
        assertEquals(46, packet.availableLength());
    }

    @Test
    void otherHardwareIsUnsupportedButReadable() {
        // InfiniBand (RFC 4391): 20-byte hardware addresses, IPv4 protocol addresses: 8 + 40 + 8 = 56 bytes.
        String sha = "00000048fe800000000000000002c903000f1a2b";
        String tha = "00".repeat(20);
        ArpPacket packet = view(hex("0020 0800 14 04 0001" + sha + "0a000001" + tha + "0a000002"));
        assertEquals(WireStatus.UNSUPPORTED, packet.check());
        assertFalse(packet.isEthernetIpv4());
        assertEquals(56, packet.packetLength());
        assertEquals(8, packet.senderHardwareAddressOffset());
        assertEquals(28, packet.senderProtocolAddressOffset());
        assertEquals(32, packet.targetHardwareAddressOffset());
        assertEquals(52, packet.targetProtocolAddressOffset());
        assertEquals(sha, Bytes.hex(packet.segment(), packet.senderHardwareAddressOffset(), packet.hardwareAddressLength()));
        assertEquals(0x0A00_0002, Bytes.i32(packet.segment(), packet.targetProtocolAddressOffset()));
        Parsed<ArpRepr> parsed = ArpRepr.parse(packet);
        assertEquals(Parsed.invalid(WireStatus.UNSUPPORTED,
                "hardware InfiniBand, protocol IPv4 (only Ethernet/IPv4 is decoded)"), parsed);
    }

    @Test
    void otherProtocolIsUnsupported() {
        // Ethernet hardware with 16-byte IPv6 protocol addresses (not used in practice, but well-formed).
        ArpPacket packet = view(hex("0001 86dd 06 10 0001" + "00".repeat(6 + 16 + 6 + 16)));
        assertEquals(WireStatus.UNSUPPORTED, packet.check());
        assertEquals(52, packet.packetLength());
    }

    @Test
    void ethernetIpv4WithWrongLengthsIsBadField() {
        ArpPacket packet = view(hex("0001 0800 08 04 0001" + "00".repeat(24)));
        assertEquals(WireStatus.BAD_FIELD, packet.check());
        assertEquals(WireStatus.BAD_FIELD, ((Parsed.Invalid<ArpRepr>) ArpRepr.parse(packet)).status());
    }

    @Test
    void truncationOfFixedPartAndAddresses() {
        byte[] full = HexFormat.of().parseHex(REQUEST.replace(" ", ""));
        for (int length = 0; length < full.length; length++) {
            ArpPacket packet = view(MemorySegment.ofArray(Arrays.copyOf(full, length)));
            assertEquals(WireStatus.TRUNCATED, packet.check(), "length " + length);
        }
        assertEquals(Parsed.invalid(WireStatus.TRUNCATED, "need 8 bytes, have 5"),
                ArpRepr.parse(view(MemorySegment.ofArray(Arrays.copyOf(full, 5)))));
        assertEquals(Parsed.invalid(WireStatus.TRUNCATED, "addresses need 28 bytes, have 20"),
                ArpRepr.parse(view(MemorySegment.ofArray(Arrays.copyOf(full, 20)))));
        assertEquals(WireStatus.TRUNCATED, new ArpPacket().wrap(MemorySegment.ofArray(full), 4, 28).check());
    }

    @Test
    void settersWriteTheSameBytesAsHandBuilt() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[28]);
        new ArpPacket().wrap(bytes, 0, 28).ethernetIpv4()
                .operation(ArpOperation.REPLY)
                .senderMac(0x0200_0000_0002L).senderIp(0xC0A8_0102)
                .targetMac(0x0200_0000_0001L).targetIp(0xC0A8_0101);
        assertEquals(REPLY.replace(" ", ""), HexFormat.of().formatHex(bytes.toArray(ValueLayout.JAVA_BYTE)));
    }

    @Test
    void operationNames() {
        assertEquals("request", ArpOperation.name(1));
        assertEquals("reply", ArpOperation.name(2));
        assertEquals("RARP-request", ArpOperation.name(3));
        assertEquals("RARP-reply", ArpOperation.name(4));
        assertEquals("InARP-request", ArpOperation.name(8));
        assertEquals("InARP-reply", ArpOperation.name(9));
        assertEquals("op 7", ArpOperation.name(7));
        assertEquals("Ethernet", ArpHardwareType.name(1));
        assertEquals("hrd 99", ArpHardwareType.name(99));
    }
}
