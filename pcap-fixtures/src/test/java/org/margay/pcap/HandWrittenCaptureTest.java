package org.margay.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files written byte by byte here (not by {@link CaptureWriter}), so the reader is checked against the formats
 * themselves: big-endian pcap and pcapng, several sections with different byte orders, if_tsresol powers of 2,
 * if_tsoffset, simple and obsolete packet blocks, skipped blocks, FCS bits and link headers.
 */
class HandWrittenCaptureTest {
    private static final byte[] DATA = {0x45, 0, 0, 20, 1, 2, 3};

    @Test
    void bigEndianMicrosecondPcap() throws IOException {
        CaptureBytes.Builder b = new CaptureBytes.Builder(ByteOrder.BIG_ENDIAN);
        b.raw(0xA1, 0xB2, 0xC3, 0xD4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(101);
        b.u32(1_600_000_000L).u32(999_999).u32(DATA.length).u32(100).bytes(DATA);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(b.toArray()))) {
            assertEquals(CaptureFormat.PCAP, r.format());
            assertEquals(ByteOrder.BIG_ENDIAN, r.byteOrder());
            assertEquals("2.4", r.version());
            assertEquals(65535, r.snapLength());
            assertFalse(r.nanosecondPcap());
            assertTrue(r.next());
            assertEquals(LinkType.RAW, r.link());
            assertEquals(1_600_000_000L, r.timestampSeconds());
            assertEquals(999_999_000, r.timestampNanos());
            assertEquals(100, r.originalLength());
            assertEquals(24, r.recordOffset());
            assertEquals(new CaptureRecord(1_600_000_000L, 999_999_000, 0, 101, 100, DATA), r.record());
            assertFalse(r.next());
            assertFalse(r.next());
        }
    }

    @Test
    void bigEndianNanosecondPcapWithFcsBitsAndOldMinorVersion() throws IOException {
        CaptureBytes.Builder b = new CaptureBytes.Builder(ByteOrder.BIG_ENDIAN);
        // Link type field: FCS present (bit 26), FCS length 2 words (bits 28-31), link type Ethernet.
        b.raw(0xA1, 0xB2, 0x3C, 0x4D).u16(2).u16(2).u32(0).u32(0).u32(0xFFFF).u32(0x2400_0001L);
        b.u32(7).u32(123_456_789).u32(DATA.length).u32(DATA.length).bytes(DATA);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(b.toArray()))) {
            assertTrue(r.nanosecondPcap());
            assertTrue(r.next());
            assertEquals(1, r.linkType());
            assertEquals(4, r.fcsBytes());
            assertEquals(123_456_789, r.timestampNanos());
        }
    }

    @Test
    void littleEndianPcapWithUnknownLinkTypeIsReportedNotRejected() throws IOException {
        CaptureBytes.Builder b = new CaptureBytes.Builder(ByteOrder.LITTLE_ENDIAN);
        b.u32(0xA1B2C3D4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(9);
        b.u32(1).u32(2).u32(1).u32(1).u8(0xFF);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(b.toArray()))) {
            assertTrue(r.next());
            assertEquals(9, r.linkType());
            assertEquals(LinkType.OTHER, r.link());
            assertEquals("LINKTYPE_9", LinkType.describe(r.linkType()));
        }
    }

    @Test
    void bigEndianPcapngWithEveryPacketBlockKindAndSkippedBlocks() throws IOException {
        CaptureBytes.Pcapng ng = new CaptureBytes.Pcapng(ByteOrder.BIG_ENDIAN);
        ng.shb();
        ng.idb(1, 0, 9, null); // interface 0: Ethernet, no snap limit, nanoseconds
        ng.idb(113, 4, 0x80 | 20, 100L); // interface 1: Linux SLL, snaplen 4, 2^-20 s, +100 s
        // Name resolution and interface statistics blocks are skipped.
        ng.begin(4).u16x(0).u16x(0).end();
        ng.begin(5).u32x(0).u32x(0).u32x(0).end();
        ng.epb(0, 1_000_000_000L * 5 + 7, DATA, 64);
        // 2^-20 s ticks: 3 s and half a second.
        ng.epb(1, (3L << 20) | (1L << 19), DATA, DATA.length);
        // SPB on interface 0: original length 5, body holds 8 padded bytes, captured = 5.
        ng.begin(3).u32x(5).b.bytes(new byte[] {9, 8, 7, 6, 5});
        ng.end();
        // OPB: interface 1 (u16), drops (u16), timestamp, lengths.
        ng.begin(2).u16x(1).u16x(0).u32x(0).u32x(1L << 20).u32x(2).u32x(2).b.bytes(new byte[] {1, 2});
        ng.end();
        // An unknown (custom) block type.
        ng.begin(0x40000BAD).u32x(12345).end();
        List<CaptureRecord> records = CaptureBytes.readAll(ng.toArray());
        assertEquals(List.of(
                new CaptureRecord(5, 7, 0, 1, 64, DATA),
                new CaptureRecord(103, 500_000_000, 1, 113, DATA.length, DATA),
                new CaptureRecord(0, 0, 0, 1, 5, new byte[] {9, 8, 7, 6, 5}),
                new CaptureRecord(101, 0, 1, 113, 2, new byte[] {1, 2})), records);
    }

    @Test
    void simplePacketBlockIsCutToTheSnapLength() throws IOException {
        CaptureBytes.Pcapng ng = new CaptureBytes.Pcapng(ByteOrder.LITTLE_ENDIAN);
        ng.shb().idb(1, 3, -1, null);
        ng.begin(3).u32x(100).b.bytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ng.end();
        assertEquals(List.of(new CaptureRecord(0, 0, 0, 1, 100, new byte[] {1, 2, 3})),
                CaptureBytes.readAll(ng.toArray()));
    }

    @Test
    void severalSectionsInBothByteOrdersResetInterfaces() throws IOException {
        CaptureBytes.Pcapng little = new CaptureBytes.Pcapng(ByteOrder.LITTLE_ENDIAN);
        little.shb().idb(1, 0, -1, null).epb(0, 2_000_001, DATA, DATA.length); // default 10^-6 s
        CaptureBytes.Pcapng big = new CaptureBytes.Pcapng(ByteOrder.BIG_ENDIAN);
        big.shb().idb(101, 0, 3, -5L).epb(0, 7_250, DATA, DATA.length); // milliseconds, -5 s
        byte[] a = little.toArray();
        byte[] b = big.toArray();
        byte[] file = new byte[a.length + b.length];
        System.arraycopy(a, 0, file, 0, a.length);
        System.arraycopy(b, 0, file, a.length, b.length);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
            assertTrue(r.next());
            assertEquals(ByteOrder.LITTLE_ENDIAN, r.byteOrder());
            assertEquals(0, r.sectionIndex());
            assertEquals(new CaptureRecord(2, 1_000, 0, 1, DATA.length, DATA), r.record());
            assertTrue(r.next());
            assertEquals(ByteOrder.BIG_ENDIAN, r.byteOrder());
            assertEquals(1, r.sectionIndex());
            assertEquals(new CaptureRecord(2, 250_000_000, 0, 101, DATA.length, DATA), r.record());
            assertEquals(List.of(new CaptureInterface(0, 101, 0, 3, -5)), r.interfaces());
            assertFalse(r.next());
        }
    }

    @Test
    void linkHeaders() {
        var sll = java.lang.foreign.MemorySegment.ofArray(new byte[] {0, 4, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0,
            0x08, 0x00, 0x45});
        assertEquals(0x0800, LinkHeaders.sllProtocol(sll, 0, 17));
        assertEquals(4, LinkHeaders.sllPacketType(sll, 0, 17));
        assertEquals(-1, LinkHeaders.sllProtocol(sll, 0, 15));
        var littleNull = java.lang.foreign.MemorySegment.ofArray(new byte[] {2, 0, 0, 0});
        var bigNull = java.lang.foreign.MemorySegment.ofArray(new byte[] {0, 0, 0, 2});
        assertEquals(LinkHeaders.AF_INET, LinkHeaders.nullFamily(littleNull, 0, 4));
        assertEquals(LinkHeaders.AF_INET, LinkHeaders.nullFamily(bigNull, 0, 4));
        assertEquals(LinkHeaders.AF_INET, LinkHeaders.loopFamily(bigNull, 0, 4));
        assertEquals(-1, LinkHeaders.nullFamily(bigNull, 0, 3));
        assertTrue(LinkHeaders.isIpv6Family(30));
        assertEquals(16, LinkType.LINUX_SLL.headerLength());
        assertEquals(LinkType.IPV4, LinkType.of(228));
        assertEquals(LinkType.LOOP, LinkType.of(108));
    }
}
