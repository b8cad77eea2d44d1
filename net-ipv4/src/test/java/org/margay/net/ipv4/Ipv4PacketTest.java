package org.margay.net.ipv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.WireStatus;

/** The IPv4 view: RFC 791 Appendix A examples, a known header, every check() outcome, fragment fields, TTL. */
class Ipv4PacketTest {

    static final String KNOWN_HEADER = "45000073000040004011b861c0a80001c0a800c7";

    static MemorySegment hex(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    private static MemorySegment withPayload(String header, int totalBytes) {
        MemorySegment segment = MemorySegment.ofArray(new byte[totalBytes]);
        MemorySegment.copy(hex(header), 0, segment, 0, header.length() / 2);
        return segment;
    }

    @Test
    void knownHeaderFields() {
        MemorySegment segment = withPayload(KNOWN_HEADER, 0x73);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 0x73);
        assertEquals(WireStatus.OK, ip.check());
        assertEquals(4, ip.version());
        assertEquals(5, ip.ihl());
        assertEquals(20, ip.headerLength());
        assertEquals(0, ip.tos());
        assertEquals(115, ip.totalLength());
        assertEquals(0, ip.identification());
        assertEquals(Ipv4Packet.FLAG_DONT_FRAGMENT, ip.flags());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertFalse(ip.reservedFlag());
        assertFalse(ip.isFragment());
        assertEquals(64, ip.ttl());
        assertEquals(IpProtocol.UDP, ip.protocol());
        assertEquals(0xb861, ip.headerChecksum());
        assertEquals(Ipv4Address.parse("192.168.0.1"), ip.source());
        assertEquals(Ipv4Address.parse("192.168.0.199"), ip.destination());
        assertEquals(20, ip.payloadOffset());
        assertEquals(95, ip.payloadLength());
        assertEquals(95, ip.capturedPayloadLength());
        assertTrue(ip.checksumValid());
        assertEquals(0xb861, ip.computeChecksum());
    }

    @Test
    void knownHeaderAloneIsCutShortButHeaderChecks() {
        Ipv4Packet ip = new Ipv4Packet().wrap(hex(KNOWN_HEADER), 0, 20);
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, ip.check());
        assertEquals(WireStatus.OK, ip.checkHeader());
        assertTrue(ip.isCaptureTruncated());
        assertEquals(95, ip.payloadLength());
        assertEquals(0, ip.capturedPayloadLength());
        assertTrue(ip.checksumValid());
    }

    @Test
    void checksumComputedWithoutZeroingField() {
        MemorySegment segment = hex(KNOWN_HEADER);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 20).headerChecksum(0x1234);
        assertFalse(ip.checksumValid());
        assertEquals(0xb861, ip.computeChecksum());
        ip.fillChecksum();
        assertEquals(0xb861, ip.headerChecksum());
        assertTrue(ip.checksumValid());
    }

    @Test
    void linkTrailerPaddingIsNotPayload() {
        // A 46-byte minimum Ethernet payload carrying a 28-byte datagram: 18 bytes of trailer.
        MemorySegment segment = MemorySegment.ofArray(new byte[46]);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 46);
        ip.version(4).ihl(5).totalLength(28).ttl(64).protocol(IpProtocol.UDP).fillChecksum();
        assertEquals(WireStatus.OK, ip.check());
        assertEquals(8, ip.payloadLength());
        assertEquals(8, ip.capturedPayloadLength());
        assertEquals(46, ip.availableLength());
    }

    @Test
    void viewAtAnOffsetUsesAbsoluteOffsets() {
        MemorySegment segment = MemorySegment.ofArray(new byte[14 + 0x73]);
        MemorySegment.copy(hex(KNOWN_HEADER), 0, segment, 14, 20);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 14, 0x73);
        assertEquals(WireStatus.OK, ip.check());
        assertEquals(34, ip.payloadOffset());
        assertEquals(34, ip.optionsOffset());
        assertEquals(0, ip.optionsLength());
        assertTrue(ip.checksumValid());
    }

    // ---------------------------------------------------------------- RFC 791 Appendix A

    private static Ipv4Packet build(int bytes, int ihl, int totalLength, int identification, int flags, int offset,
                                    int ttl, int protocol) {
        MemorySegment segment = MemorySegment.ofArray(new byte[bytes]);
        return new Ipv4Packet().wrap(segment, 0, bytes)
                .version(4).ihl(ihl).tos(0).totalLength(totalLength).identification(identification)
                .flags(flags).fragmentOffset(offset).ttl(ttl).protocol(protocol)
                .source(Ipv4Address.parse("10.0.0.1")).destination(Ipv4Address.parse("10.0.0.2"))
                .fillChecksum();
    }

    @Test
    void appendixAExample1MinimalDatagram() {
        // Ver 4, IHL 5, TOS 0, Total Length 21, Id 111, Flags 0, Offset 0, Time 123, Protocol 1, one data octet.
        Ipv4Packet ip = build(21, 5, 21, 111, 0, 0, 123, IpProtocol.ICMP);
        assertEquals(WireStatus.OK, ip.check());
        assertTrue(ip.checksumValid());
        assertEquals(111, ip.identification());
        assertEquals(123, ip.ttl());
        assertEquals(IpProtocol.ICMP, ip.protocol());
        assertEquals(1, ip.payloadLength());
        assertEquals(20, ip.payloadOffset());
        assertFalse(ip.isFragment());
        assertEquals("4500001500", HexFormat.of().formatHex(ip.segment().asSlice(0, 5).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }

    @Test
    void appendixAExample2Fragments() {
        // The 472-byte datagram (452 data octets) split for a 280-octet limit.
        Ipv4Packet whole = build(472, 5, 472, 111, 0, 0, 123, IpProtocol.TCP);
        assertEquals(WireStatus.OK, whole.check());
        assertEquals(452, whole.payloadLength());
        assertFalse(whole.isFragment());

        Ipv4Packet first = build(276, 5, 276, 111, Ipv4Packet.FLAG_MORE_FRAGMENTS, 0, 123, IpProtocol.TCP);
        assertEquals(WireStatus.OK, first.check());
        assertEquals(256, first.payloadLength());
        assertTrue(first.moreFragments());
        assertTrue(first.isFragment());
        assertTrue(first.isFirstFragment());
        assertEquals(0, first.fragmentOffset());
        assertTrue(first.checksumValid());

        Ipv4Packet second = build(216, 5, 216, 111, 0, 32, 123, IpProtocol.TCP);
        assertEquals(WireStatus.OK, second.check());
        assertEquals(196, second.payloadLength());
        assertEquals(32, second.fragmentOffset());
        assertEquals(256, second.fragmentOffsetBytes());
        assertFalse(second.moreFragments());
        assertTrue(second.isFragment());
        assertFalse(second.isFirstFragment());
        assertEquals(256 + 196, second.fragmentOffsetBytes() + second.payloadLength());
    }

    @Test
    void appendixAExample3DatagramWithOptions() {
        // IHL 8, Total Length 576: options x(len 3), x(len 4), NOP, y(len 3), EOL; 544 data octets.
        Ipv4Packet ip = build(576, 8, 576, 111, 0, 0, 123, IpProtocol.TCP);
        MemorySegment.copy(hex("190301 19040102 01 1a0301 00"), 0, ip.segment(), 20, 12);
        ip.fillChecksum();
        assertEquals(WireStatus.OK, ip.check());
        assertEquals(32, ip.headerLength());
        assertEquals(12, ip.optionsLength());
        assertEquals(544, ip.payloadLength());
        assertEquals(32, ip.payloadOffset());
        Ipv4Options options = ip.options(new Ipv4Options());
        int[][] expected = {{0x19, 20, 3}, {0x19, 23, 4}, {Ipv4Options.NOP, 27, 1}, {0x1a, 28, 3}, {Ipv4Options.EOL, 31, 1}};
        for (int[] option : expected) {
            assertTrue(options.next());
            assertEquals(option[0], options.kind());
            assertEquals(option[1], options.offset());
            assertEquals(option[2], options.length());
        }
        assertFalse(options.next());
        assertEquals(WireStatus.OK, options.status());
    }

    // ---------------------------------------------------------------- check() outcomes

    @Test
    void fewerThanTwentyBytesIsTruncated() {
        assertEquals(WireStatus.TRUNCATED, new Ipv4Packet().wrap(hex(KNOWN_HEADER), 0, 19).check());
        assertEquals(WireStatus.TRUNCATED, new Ipv4Packet().wrap(MemorySegment.ofArray(new byte[0]), 0, 0).check());
    }

    @Test
    void versionOtherThanFourIsBadVersion() {
        MemorySegment segment = withPayload(KNOWN_HEADER, 0x73);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 0x73).version(6);
        assertEquals(WireStatus.BAD_VERSION, ip.check());
    }

    @Test
    void headerLengthBelowFiveOrPastDataIsBadHeaderLength() {
        MemorySegment segment = withPayload(KNOWN_HEADER, 0x73);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 0x73);
        assertEquals(WireStatus.BAD_HEADER_LENGTH, ip.ihl(4).check());
        assertEquals(WireStatus.BAD_HEADER_LENGTH, ip.ihl(0).check());
        ip.ihl(6);
        assertEquals(WireStatus.BAD_HEADER_LENGTH, new Ipv4Packet().wrap(segment, 0, 23).check());
    }

    @Test
    void totalLengthBelowHeaderOrAboveDataIsBadTotalLength() {
        MemorySegment segment = withPayload(KNOWN_HEADER, 0x73);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 0x73);
        ip.totalLength(19);
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, ip.check());
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, ip.checkHeader(), "too small is wrong whatever was captured");
        ip.totalLength(0x74);
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, ip.check());
        assertEquals(WireStatus.OK, ip.checkHeader(), "more than captured is only a cut capture");
        assertTrue(ip.isCaptureTruncated());
    }

    @Test
    void badOptionIsReportedLast() {
        MemorySegment segment = MemorySegment.ofArray(new byte[24]);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 24).version(4).ihl(6).totalLength(24);
        MemorySegment.copy(hex("07000000"), 0, segment, 20, 4);
        assertEquals(WireStatus.BAD_OPTION, ip.check());
        assertEquals(WireStatus.BAD_OPTION, ip.checkHeader());
        ip.totalLength(23);
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, ip.check());
        ip.totalLength(25);
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, ip.check(), "a datagram not all here is reported before its options");
        assertEquals(WireStatus.BAD_OPTION, ip.checkHeader());
    }

    @Test
    void wrapClipsToTheSegment() {
        Ipv4Packet ip = new Ipv4Packet().wrap(hex(KNOWN_HEADER), 0, 1000);
        assertEquals(20, ip.availableLength());
        assertEquals(0, new Ipv4Packet().wrap(hex(KNOWN_HEADER), 30, 10).availableLength());
        assertEquals(0, new Ipv4Packet().wrap(hex(KNOWN_HEADER), -1, 10).availableLength());
        assertEquals(0, new Ipv4Packet().wrap(hex(KNOWN_HEADER), 0, -5).availableLength());
    }

    // ---------------------------------------------------------------- fields

    @Test
    void flagsAndFragmentOffsetAreIndependent() {
        Ipv4Packet ip = new Ipv4Packet().wrap(hex(KNOWN_HEADER), 0, 20);
        ip.flags(0).fragmentOffset(Ipv4Packet.MAX_FRAGMENT_OFFSET);
        assertEquals(0, ip.flags());
        assertEquals(8191, ip.fragmentOffset());
        assertEquals(8191 * 8, ip.fragmentOffsetBytes());
        ip.reservedFlag(true);
        assertTrue(ip.reservedFlag());
        assertEquals(Ipv4Packet.FLAG_RESERVED, ip.flags());
        ip.moreFragments(true).dontFragment(true);
        assertEquals(0b111, ip.flags());
        assertEquals(8191, ip.fragmentOffset());
        ip.reservedFlag(false).dontFragment(false);
        assertEquals(Ipv4Packet.FLAG_MORE_FRAGMENTS, ip.flags());
        ip.fragmentOffset(0);
        assertEquals(Ipv4Packet.FLAG_MORE_FRAGMENTS, ip.flags());
        assertTrue(ip.isFirstFragment());
        assertEquals(0x2000, ip.segment().get(org.margay.net.common.Bytes.BE16, 6) & 0xFFFF);
    }

    @Test
    void dscpAndEcnShareTheTosByte() {
        Ipv4Packet ip = new Ipv4Packet().wrap(hex(KNOWN_HEADER), 0, 20);
        ip.dscp(46).ecn(0b01);
        assertEquals(0xB9, ip.tos());
        assertEquals(46, ip.dscp());
        assertEquals(1, ip.ecn());
        ip.ecn(0b11);
        assertEquals(46, ip.dscp());
        ip.tos(0x02);
        assertEquals(0, ip.dscp());
        assertEquals(2, ip.ecn());
    }

    @Test
    void decrementTtlKeepsTheChecksumValid() {
        Ipv4Packet ip = new Ipv4Packet().wrap(hex(KNOWN_HEADER), 0, 20);
        assertEquals(63, ip.decrementTtl());
        assertEquals(63, ip.ttl());
        assertTrue(ip.checksumValid());
        assertEquals(ip.computeChecksum(), ip.headerChecksum());
        ip.ttl(1).fillChecksum();
        assertEquals(0, ip.decrementTtl());
        assertTrue(ip.checksumValid());
        int checksum = ip.headerChecksum();
        assertEquals(-1, ip.decrementTtl(), "TTL 0 is left alone");
        assertEquals(checksum, ip.headerChecksum());
    }

    @Test
    void decrementTtlAgreesWithRecomputationOnRandomHeaders() {
        qt().forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(bytes), 0, 20).version(4).ihl(5)
                    .ttl(1 + random.nextInt(255)).fillChecksum();
            int before = ip.ttl();
            assertEquals(before - 1, ip.decrementTtl());
            assertTrue(InternetChecksum.verifies(ip.segment(), 0, 20, 0));
        });
    }
}
