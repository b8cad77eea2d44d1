package org.margay.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {
    private static final int LOOPBACK = 0x7F00_0001;

    static MemorySegment hex(String text) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(text.replace(" ", "")));
    }

    @Test
    void corpusVectorVerifiesAndRecomputes() {
        // rfc-test-vectors.md, ip4-udp-good-chksum.pcap: 127.0.0.1 -> 127.0.0.1, checksum a92a.
        MemorySegment bytes = hex("7530 32c8 000c a92a 58585858");
        UdpDatagram udp = new UdpDatagram().wrap(bytes, 0, 12);
        assertEquals(WireStatus.OK, udp.check());
        assertEquals(30000, udp.sourcePort());
        assertEquals(13000, udp.destinationPort());
        assertEquals(12, udp.length());
        assertEquals(0xa92a, udp.checksum());
        assertEquals(8, udp.payloadOffset());
        assertEquals(4, udp.payloadLength());
        assertTrue(udp.hasChecksum());
        assertTrue(udp.checksumValid(LOOPBACK, LOOPBACK));
        assertEquals(0xa92a, udp.computeChecksum(LOOPBACK, LOOPBACK));
        assertFalse(udp.checksumValid(LOOPBACK, 0x7F00_0002));
    }

    @Test
    void corruptedChecksumFails() {
        MemorySegment bytes = hex("7530 32c8 000c 0001 58585858");
        UdpDatagram udp = new UdpDatagram().wrap(bytes, 0, 12);
        assertFalse(udp.checksumValid(LOOPBACK, LOOPBACK));
        udp.fillChecksum(LOOPBACK, LOOPBACK);
        assertEquals(0xa92a, udp.checksum());
        assertTrue(udp.checksumValid(LOOPBACK, LOOPBACK));
    }

    @Test
    void zeroChecksumMeansNone() {
        UdpDatagram udp = new UdpDatagram().wrap(hex("7530 32c8 000c 0000 58585858"), 0, 12);
        assertFalse(udp.hasChecksum());
        assertTrue(udp.checksumValid(LOOPBACK, LOOPBACK), "nothing to verify");
    }

    @Test
    void computedZeroIsSentAsAllOnes() {
        // RFC 768: a computed checksum of 0 is transmitted as all ones. Choose the payload word so the sum is 0xFFFF.
        MemorySegment bytes = hex("1234 5678 000a 0000 0000");
        UdpDatagram udp = new UdpDatagram().wrap(bytes, 0, 10);
        int first = udp.computeChecksum(LOOPBACK, LOOPBACK);
        Bytes.u16(bytes, 8, first);
        assertEquals(0xFFFF, udp.computeChecksum(LOOPBACK, LOOPBACK));
        udp.fillChecksum(LOOPBACK, LOOPBACK);
        assertEquals(0xFFFF, udp.checksum());
        assertTrue(udp.hasChecksum());
        assertTrue(udp.checksumValid(LOOPBACK, LOOPBACK));
    }

    @Test
    void checkReportsTruncationAndBadLengths() {
        MemorySegment bytes = hex("7530 32c8 000c a92a 58585858");
        UdpDatagram udp = new UdpDatagram();
        assertEquals(WireStatus.TRUNCATED, udp.wrap(bytes, 0, 7).check());
        assertEquals(WireStatus.BAD_LENGTH, udp.wrap(bytes, 0, 11).check(), "length 12 > 11 available");
        assertEquals(11, udp.availableLength());
        assertEquals(WireStatus.TRUNCATED, udp.wrap(bytes, 4, 12).check(), "range outside the segment");
        assertEquals(WireStatus.BAD_LENGTH, new UdpDatagram().wrap(hex("0001 0002 0007 0000"), 0, 8).check());
        assertFalse(new UdpDatagram().wrap(hex("0001 0002 0007 0000"), 0, 8).checksumValid(1, 2));
    }

    @Test
    void trailingPaddingIsNotPayload() {
        // Ethernet pads short frames: the length field, not the available bytes, bounds the payload.
        MemorySegment bytes = hex("7530 32c8 000c a92a 58585858 0000 0000 0000");
        UdpDatagram udp = new UdpDatagram().wrap(bytes, 0, 18);
        assertEquals(WireStatus.OK, udp.check());
        assertEquals(18, udp.availableLength());
        assertEquals(4, udp.payloadLength());
        assertTrue(udp.checksumValid(LOOPBACK, LOOPBACK));
    }

    @Test
    void viewWorksAtAnOffset() {
        MemorySegment bytes = hex("ffffffffffff 7530 32c8 000c a92a 58585858");
        UdpDatagram udp = new UdpDatagram().wrap(bytes, 6, 12);
        assertEquals(WireStatus.OK, udp.check());
        assertEquals(14, udp.payloadOffset());
        assertTrue(udp.checksumValid(LOOPBACK, LOOPBACK));
    }

    @Test
    void settersAreFluentAndWriteInPlace() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[12]);
        new UdpDatagram().wrap(bytes, 0, 12).sourcePort(30000).destinationPort(13000).length(12).checksum(0);
        MemorySegment.copy(hex("58585858"), 0, bytes, 8, 4);
        new UdpDatagram().wrap(bytes, 0, 12).fillChecksum(LOOPBACK, LOOPBACK);
        assertEquals("753032c8000ca92a58585858", Bytes.hex(bytes, 0, 12));
    }
}
