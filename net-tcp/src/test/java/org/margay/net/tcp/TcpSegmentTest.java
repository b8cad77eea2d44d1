package org.margay.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.TestBytes.LOOPBACK;
import static org.margay.net.tcp.TestBytes.hex;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;
import org.junit.jupiter.api.Test;

class TcpSegmentTest {
    /** A Linux SYN: 40000 -> 80, seq 0xFFFFFF00, MSS 1460, SACK_PERM, TS val 1 ecr 0, NOP, WS 7. */
    static final String LINUX_SYN = "9c40 0050 ffffff00 00000000 a002 faf0 0000 0000"
            + "020405b4 0402 080a 00000001 00000000 01 030307";

    @Test
    void corpusSynVectorVerifies() {
        // rfc-test-vectors.md, ip4-tcp-good-chksum.pcap: 127.0.0.1 -> 127.0.0.1, checksum 1c60.
        MemorySegment bytes = hex("7530 0050 00000000 00000000 5002 2000 1c60 0000");
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, 20);
        assertEquals(WireStatus.OK, tcp.check());
        assertEquals(30000, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals(0x002, tcp.flags());
        assertTrue(tcp.syn());
        assertEquals(8192, tcp.window());
        assertEquals(0x1c60, tcp.checksum());
        assertTrue(tcp.checksumValid(LOOPBACK, LOOPBACK));
        assertEquals(0x1c60, tcp.computeChecksum(LOOPBACK, LOOPBACK));
        assertEquals(1, tcp.segmentLength(), "SYN occupies one sequence number");
        assertEquals(0, tcp.payloadLength());
    }

    @Test
    void badChecksumVectorFailsAndIsRepaired() {
        // ip4-tcp-bad-chksum.pcap: field 0001, correct 1c60.
        MemorySegment bytes = hex("7530 0050 00000000 00000000 5002 2000 0001 0000");
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, 20);
        assertEquals(WireStatus.OK, tcp.check(), "check() does not look at the checksum");
        assertFalse(tcp.checksumValid(LOOPBACK, LOOPBACK));
        tcp.fillChecksum(LOOPBACK, LOOPBACK);
        assertEquals(0x1c60, tcp.checksum());
    }

    @Test
    void linuxSynFields() {
        MemorySegment bytes = hex(LINUX_SYN);
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, (int) bytes.byteSize());
        assertEquals(WireStatus.OK, tcp.check());
        assertEquals(0xFFFFFF00, tcp.sequenceNumber());
        assertEquals(0xFFFFFF00L, tcp.sequenceNumberUnsigned());
        assertEquals(10, tcp.dataOffset());
        assertEquals(40, tcp.headerLength());
        assertEquals(20, tcp.optionsOffset());
        assertEquals(20, tcp.optionsLength());
        assertEquals(40, tcp.payloadOffset());
        assertEquals(0, tcp.payloadLength());
        assertEquals(64240, tcp.window());

        TcpOptions options = new TcpOptions();
        assertEquals(WireStatus.OK, options.parse(tcp));
        assertTrue(options.hasMss());
        assertEquals(1460, options.mss());
        assertTrue(options.sackPermitted());
        assertTrue(options.hasTimestamps());
        assertEquals(1, options.timestampValue());
        assertEquals(0, options.timestampEchoReply());
        assertEquals(1, options.nopCount());
        assertTrue(options.hasWindowScale());
        assertEquals(7, options.windowScale());
        assertFalse(options.windowScaleClamped());
        assertEquals(0, options.unknownCount());
        assertFalse(options.hasEol());

        tcp.fillChecksum(0x0A00_0001, 0x0A00_0002);
        assertTrue(tcp.checksumValid(0x0A00_0001, 0x0A00_0002));
    }

    @Test
    void synAckFlagsAsTsharkShowsThem() {
        MemorySegment bytes = hex("0050 9c40 12345678 ffffff01 5012 ffff 0000 0000");
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, 20);
        assertEquals(0x0012, tcp.flags());
        assertTrue(tcp.syn() && tcp.ack());
        assertTrue(tcp.hasFlags(TcpSegment.SYN | TcpSegment.ACK));
        assertFalse(tcp.fin() || tcp.rst() || tcp.psh() || tcp.urg() || tcp.ece() || tcp.cwr() || tcp.ae());
        assertEquals(0xFFFFFF01L, tcp.acknowledgmentNumberUnsigned());
        assertEquals(0xFFFFFF01, tcp.acknowledgmentNumber());
        assertEquals(1, tcp.segmentLength());
    }

    @Test
    void allTwelveFlagBits() {
        MemorySegment bytes = hex("0001 0002 00000000 00000000 5fff 0000 0000 0000");
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, 20);
        assertEquals(0xFFF, tcp.flags());
        assertEquals(7, tcp.reserved());
        assertTrue(tcp.ae() && tcp.cwr() && tcp.ece() && tcp.urg() && tcp.ack() && tcp.psh() && tcp.rst()
                && tcp.syn() && tcp.fin());
        assertEquals(5, tcp.dataOffset(), "flags never leak into the data offset");
        assertEquals(2, tcp.segmentLength());
        tcp.flag(TcpSegment.RESERVED_MASK | TcpSegment.AE, false);
        assertEquals(0x0FF, tcp.flags());
        assertEquals(0, tcp.reserved());
        tcp.flags(TcpSegment.FIN | TcpSegment.ACK);
        assertEquals(0x011, tcp.flags());
        assertEquals(5, tcp.dataOffset());
    }

    @Test
    void payloadComesFromTheIpLength() {
        MemorySegment bytes = hex("0001 0002 00000010 00000020 5018 0100 0000 0000 68656c6c6f");
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, 25);
        assertEquals(WireStatus.OK, tcp.check());
        assertEquals(20, tcp.payloadOffset());
        assertEquals(5, tcp.payloadLength());
        assertEquals(5, tcp.segmentLength());
        tcp.flag(TcpSegment.FIN, true);
        assertEquals(6, tcp.segmentLength(), "FIN occupies one sequence number (RFC 9293 §3.4)");
    }

    @Test
    void structuralChecks() {
        TcpSegment tcp = new TcpSegment();
        assertEquals(WireStatus.TRUNCATED, tcp.wrap(hex("0001 0002 00000000 00000000 5002 2000 0000"), 0, 18).check());
        assertEquals(WireStatus.BAD_HEADER_LENGTH,
                tcp.wrap(hex("0001 0002 00000000 00000000 4002 2000 0000 0000"), 0, 20).check(), "data offset 4");
        assertEquals(WireStatus.BAD_HEADER_LENGTH,
                tcp.wrap(hex("0001 0002 00000000 00000000 6002 2000 0000 0000 0101"), 0, 22).check(),
                "24-byte header in 22 bytes");
        assertEquals(WireStatus.TRUNCATED,
                tcp.wrap(hex("0001 0002 00000000 00000000 5002 2000 0000 0000"), 0, 40).check(),
                "wrapped length beyond the segment");
        assertFalse(tcp.checksumValid(1, 2));
        assertEquals(WireStatus.BAD_OPTION,
                tcp.wrap(hex("0001 0002 00000000 00000000 6002 2000 0000 0000 0200 0000"), 0, 24).check());
    }

    @Test
    void settersWriteInPlace() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[24]);
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, 24)
                .sourcePort(30000).destinationPort(80).sequenceNumber(0).acknowledgmentNumber(0)
                .headerLength(20).flags(TcpSegment.SYN).window(8192).urgentPointer(0).checksum(0);
        assertEquals(WireStatus.OK, tcp.wrap(bytes, 0, 20).check());
        tcp.fillChecksum(LOOPBACK, LOOPBACK);
        assertEquals("75300050000000000000000050022000" + "1c600000", Bytes.hex(bytes, 0, 20));
        tcp.wrap(bytes, 0, 24).dataOffset(6).flags(TcpSegment.ACK);
        assertEquals(0x6010, Bytes.u16(bytes, 12));
    }
}
