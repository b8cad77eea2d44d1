package org.margay.net.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Bytes;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.WireStatus;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.ipv4.Ipv4Repr;

/** The ICMP view: echo, an unreachable quoting IPv4 + UDP, each type's fields, checksums and check(). */
class IcmpMessageTest {

    static MemorySegment hex(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    void echoRequestFromTheChecksumVectors() {
        // rfc-test-vectors.md, ip4-icmp-good-chksum.pcap: IPv4 + ICMP echo "0800 f7ff 0000 0000".
        MemorySegment frame = hex("4500001c000100004001f6c6c0a80164c0a80165 0800f7ff00000000");
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, 0, 28);
        assertEquals(WireStatus.OK, ip.check());
        assertTrue(ip.checksumValid());
        assertEquals(IpProtocol.ICMP, ip.protocol());
        IcmpMessage icmp = new IcmpMessage().wrap(frame, ip.payloadOffset(), ip.capturedPayloadLength());
        assertEquals(WireStatus.OK, icmp.check());
        assertEquals(IcmpType.ECHO_REQUEST, icmp.type());
        assertEquals("echo request", IcmpType.name(icmp.type()));
        assertEquals(0, icmp.code());
        assertEquals(0, icmp.identifier());
        assertEquals(0, icmp.sequenceNumber());
        assertEquals(0xf7ff, icmp.checksum());
        assertTrue(icmp.checksumValid(8));
        assertTrue(icmp.checksumValid());
        assertEquals(0xf7ff, icmp.computeChecksum(8));
        assertFalse(icmp.isError());
        assertEquals(0, icmp.quotedDatagramLength());
        assertEquals(0, icmp.dataLength());
    }

    @Test
    void badEchoChecksumFromTheVectors() {
        IcmpMessage icmp = new IcmpMessage().wrap(hex("0800000d00000000"), 0, 8);
        assertEquals(WireStatus.OK, icmp.check(), "check() leaves checksums alone");
        assertFalse(icmp.checksumValid(8));
        assertEquals(0xf7ff, icmp.computeChecksum(8));
        icmp.fillChecksum(8);
        assertTrue(icmp.checksumValid(8));
    }

    @Test
    void echoWithDataAndOddLength() {
        MemorySegment segment = MemorySegment.ofArray(new byte[8 + 5]);
        IcmpMessage icmp = new IcmpMessage().wrap(segment, 0, 13).type(IcmpType.ECHO_REPLY).code(0)
                .identifier(0x1234).sequenceNumber(7);
        MemorySegment.copy(hex("6162636465"), 0, segment, 8, 5);
        icmp.fillChecksum(13);
        assertTrue(icmp.checksumValid(13));
        assertFalse(icmp.checksumValid(14), "more than is available never verifies");
        assertEquals(0x1234, icmp.identifier());
        assertEquals(7, icmp.sequenceNumber());
        assertEquals(8, icmp.dataOffset());
        assertEquals(5, icmp.dataLength());
    }

    @Test
    void portUnreachableQuotingIpv4AndUdp() {
        // The offending datagram: 10.0.0.1:5353 -> 10.0.0.2:53, 100 bytes of UDP; the router quotes 20 + 8 bytes.
        Ipv4Repr offending = new Ipv4Repr(0, 0x4242, false, false, 0, 1, IpProtocol.UDP,
                Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), null, 108);
        byte[] quoted = new byte[28];
        MemorySegment quotedSegment = MemorySegment.ofArray(quoted);
        offending.emit(quotedSegment, 0);
        Bytes.u16(quotedSegment, 20, 5353);
        Bytes.u16(quotedSegment, 22, 53);
        Bytes.u16(quotedSegment, 24, 108);

        IcmpRepr unreachable = new IcmpRepr.DestinationUnreachable(IcmpType.UNREACH_PORT, 0, quoted);
        Ipv4Repr outer = Ipv4Repr.simple(Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("10.0.0.1"),
                IpProtocol.ICMP, 64, unreachable.bufferLength());
        MemorySegment frame = MemorySegment.ofArray(new byte[outer.totalLength()]);
        unreachable.emit(frame, outer.emit(frame, 0));

        Ipv4Packet ip = new Ipv4Packet().wrap(frame, 0, (int) frame.byteSize());
        assertEquals(WireStatus.OK, ip.check());
        IcmpMessage icmp = new IcmpMessage().wrap(frame, ip.payloadOffset(), ip.payloadLength());
        assertEquals(WireStatus.OK, icmp.check());
        assertTrue(icmp.checksumValid(ip.payloadLength()));
        assertTrue(icmp.isError());
        assertEquals("port unreachable", IcmpType.codeName(icmp.type(), icmp.code()));
        assertEquals(28, icmp.quotedDatagramOffset(), "outer IPv4 20 + ICMP header 8");
        assertEquals(28, icmp.quotedDatagramLength());

        Ipv4Packet inner = new Ipv4Packet().wrap(frame, icmp.quotedDatagramOffset(), icmp.quotedDatagramLength());
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, inner.check(), "the quote is cut short, as expected");
        assertEquals(WireStatus.OK, inner.checkHeader());
        assertTrue(inner.checksumValid());
        assertEquals(IpProtocol.UDP, inner.protocol());
        assertEquals(Ipv4Address.parse("10.0.0.2"), inner.destination());
        assertEquals(108, inner.payloadLength(), "UDP header 8 + 100 data bytes");
        assertEquals(8, inner.capturedPayloadLength());
        assertEquals(5353, Bytes.u16(frame, inner.payloadOffset()));
        assertEquals(53, Bytes.u16(frame, inner.payloadOffset() + 2));
    }

    @Test
    void fragmentationNeededCarriesTheNextHopMtu() {
        IcmpMessage icmp = new IcmpMessage().wrap(hex("0304 0000 0000 05dc"), 0, 8);
        assertEquals(IcmpType.UNREACH_NEEDFRAG, icmp.code());
        assertEquals(1500, icmp.nextHopMtu());
        assertEquals("fragmentation needed and DF set", IcmpType.unreachableCodeName(icmp.code()));
        assertEquals(0, icmp.quotedDatagramLength(), "no context quoted");
    }

    @Test
    void rfc4884LengthLimitsTheQuote() {
        MemorySegment segment = MemorySegment.ofArray(new byte[8 + 128 + 8]);
        IcmpMessage icmp = new IcmpMessage().wrap(segment, 0, 144).type(IcmpType.TIME_EXCEEDED).code(0);
        segment.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 5, (byte) 32);
        assertEquals(32, icmp.rfc4884Length());
        assertEquals(128, icmp.quotedDatagramLength());
        segment.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 5, (byte) 40);
        assertEquals(136, icmp.quotedDatagramLength(), "a length that does not fit is ignored");
    }

    @Test
    void parameterProblemRedirectTimestampMask() {
        IcmpMessage problem = new IcmpMessage().wrap(hex("0c00 0000 14000000"), 0, 8);
        assertEquals(20, problem.pointer());
        assertEquals("pointer indicates the error", IcmpType.codeName(12, 0));

        IcmpMessage redirect = new IcmpMessage().wrap(hex("0501 0000 c0a80001"), 0, 8);
        assertEquals(Ipv4Address.parse("192.168.0.1"), redirect.gatewayAddress());
        assertEquals("redirect for host", IcmpType.codeName(5, 1));
        assertTrue(redirect.isError());

        IcmpMessage timestamp = new IcmpMessage().wrap(
                hex("0e00 0000 0001 0002 00000064 80000000 ffffffff"), 0, 20);
        assertEquals(WireStatus.OK, timestamp.check());
        assertEquals(1, timestamp.identifier());
        assertEquals(2, timestamp.sequenceNumber());
        assertEquals(100, timestamp.originateTimestamp());
        assertEquals(0x80000000L, timestamp.receiveTimestamp());
        assertEquals(0xFFFFFFFFL, timestamp.transmitTimestamp());
        assertEquals(WireStatus.TRUNCATED, new IcmpMessage().wrap(timestamp.segment(), 0, 19).check());

        IcmpMessage mask = new IcmpMessage().wrap(hex("1200 0000 0001 0001 ffffff00"), 0, 12);
        assertEquals(WireStatus.OK, mask.check());
        assertEquals(Ipv4Address.netmask(24), mask.addressMask());
        assertEquals(WireStatus.TRUNCATED, new IcmpMessage().wrap(mask.segment(), 0, 11).check());
        assertEquals("address mask reply", IcmpType.name(mask.type()));
    }

    @Test
    void routerAdvertisement() {
        IcmpMessage advert = new IcmpMessage().wrap(hex("0900 0000 02 02 0708 0a000001 00000000 0a000002 ffffffff"), 0, 24);
        assertEquals(WireStatus.OK, advert.check());
        assertEquals(2, advert.advertisementCount());
        assertEquals(2, advert.addressEntrySize());
        assertEquals(1800, advert.lifetime());
        assertEquals(Ipv4Address.parse("10.0.0.2"), advert.routerAddress(1));
        assertEquals(-1, advert.preferenceLevel(1));
        assertEquals(WireStatus.TRUNCATED, new IcmpMessage().wrap(advert.segment(), 0, 23).check());
        advert.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 5, (byte) 1);
        assertEquals(WireStatus.BAD_FIELD, advert.check());
    }

    @Test
    void fewerThanEightBytesIsTruncated() {
        for (int length = 0; length < 8; length++) {
            IcmpMessage icmp = new IcmpMessage().wrap(hex("0800f7ff00000000"), 0, length);
            assertEquals(WireStatus.TRUNCATED, icmp.check());
            assertFalse(icmp.checksumValid());
            assertEquals(0, icmp.quotedDatagramLength());
        }
    }

    @Test
    void typeAndCodeNames() {
        assertEquals("echo reply", IcmpType.name(0));
        assertEquals("destination unreachable", IcmpType.name(3));
        assertEquals("source quench", IcmpType.name(4));
        assertEquals("router advertisement", IcmpType.name(9));
        assertEquals("router solicitation", IcmpType.name(10));
        assertEquals("time exceeded", IcmpType.name(11));
        assertEquals("time stamp request", IcmpType.name(13));
        assertEquals("information reply", IcmpType.name(16));
        assertEquals("address mask request", IcmpType.name(17));
        assertNull(IcmpType.name(99));
        assertEquals("net unreachable", IcmpType.unreachableCodeName(0));
        assertEquals("host unreachable", IcmpType.unreachableCodeName(1));
        assertEquals("protocol unreachable", IcmpType.unreachableCodeName(2));
        assertEquals("communication administratively prohibited", IcmpType.unreachableCodeName(13));
        assertNull(IcmpType.unreachableCodeName(16));
        assertEquals("time to live exceeded in transit", IcmpType.codeName(11, 0));
        assertEquals("fragment reassembly time exceeded", IcmpType.codeName(11, 1));
        assertNull(IcmpType.codeName(8, 0));
        assertEquals("udp", IpProtocol.name(IpProtocol.UDP));
        assertEquals("ip-proto-253", IpProtocol.nameOrNumber(253));
    }
}
