package org.margay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.margay.decode.Dissection.Link;
import org.margay.decode.Dissection.Network;
import org.margay.decode.Dissection.Transport;
import org.margay.net.common.WireStatus;

/** What the dissector finds in the hand-built frames: layers, offsets, statuses and checksum verdicts. */
class DissectorTest {
    private final Dissector dissector = new Dissector();

    private Dissection dissect(int linkType, TestVectors.Frame frame) {
        byte[] bytes = Captures.bytes(frame);
        return dissector.dissect(linkType, MemorySegment.ofArray(bytes), 0, bytes.length, frame.originalLength());
    }

    private Dissection ethernet(int index) {
        return dissect(1, TestVectors.ETHERNET.get(index));
    }

    @Test
    void tcpSynWithOptions() {
        Dissection d = ethernet(0);
        assertEquals(Link.ETHERNET, d.link());
        assertEquals(Network.IPV4, d.network());
        assertEquals(14, d.linkHeaderLength());
        assertEquals(WireStatus.OK, d.ipStatus());
        assertEquals(ChecksumStatus.GOOD, d.ipChecksum());
        assertEquals(Transport.TCP, d.transport());
        assertEquals(WireStatus.OK, d.transportStatus());
        assertEquals(ChecksumStatus.GOOD, d.transportChecksum());
        assertEquals(40000, d.tcp().sourcePort());
        assertEquals(1460, d.tcpOptions().mss());
        assertEquals(7, d.tcpOptions().windowScale());
        assertTrue(d.tcpOptions().sackPermitted());
    }

    @Test
    void theDissectionIsReused() {
        Dissection first = ethernet(0);
        assertSame(first, ethernet(1));
        assertSame(first, dissector.dissection());
    }

    @Test
    void badChecksumsAreReported() {
        assertEquals(ChecksumStatus.BAD, ethernet(5).transportChecksum(), "TCP with a damaged checksum");
        assertEquals(ChecksumStatus.BAD, ethernet(9).transportChecksum(), "UDP with a damaged checksum");
        assertEquals(ChecksumStatus.NOT_PRESENT, ethernet(10).transportChecksum(), "UDP without checksum");
        assertEquals(WireStatus.BAD_LENGTH, ethernet(11).transportStatus(), "UDP length beyond the datagram");
        assertEquals(ChecksumStatus.BAD, ethernet(13).transportChecksum(), "ICMP with a damaged checksum");
        assertEquals(ChecksumStatus.BAD, ethernet(22).ipChecksum(), "IP header with a damaged checksum");
    }

    @Test
    void icmpErrorsQuoteTheOffendingDatagram() {
        Dissection d = ethernet(14);
        assertEquals(Transport.ICMP, d.transport());
        assertTrue(d.hasQuotedIp());
        assertEquals(WireStatus.OK, d.quotedIpStatus());
        assertEquals(Transport.UDP, d.quotedTransport());
        assertEquals(3333, d.quotedUdp().destinationPort());
        d = ethernet(15);
        assertEquals(Transport.TCP, d.quotedTransport());
        assertEquals(7777, d.quotedTcp().destinationPort());
    }

    @Test
    void arpAndVlans() {
        Dissection d = ethernet(18);
        assertEquals(Network.ARP, d.network());
        assertEquals(WireStatus.OK, d.arpStatus());
        assertEquals(1, d.arp().operation());
        d = ethernet(20);
        assertEquals(1, d.vlanTagCount());
        assertEquals(18, d.linkHeaderLength());
        assertEquals(Transport.UDP, d.transport());
        d = ethernet(21);
        assertEquals(2, d.vlanTagCount());
        assertEquals(Transport.TCP, d.transport());
    }

    @Test
    void fragments() {
        Dissection first = ethernet(23);
        assertTrue(first.isFragment());
        assertEquals(Transport.UDP, first.transport());
        assertEquals(ChecksumStatus.UNVERIFIED, first.transportChecksum(), "a fragment's checksum covers more");
        Dissection later = ethernet(24);
        assertTrue(later.isFragment());
        assertEquals(Transport.NONE, later.transport(), "only the first fragment has the transport header");
    }

    @Test
    void capturesCutShort() {
        Dissection options = ethernet(25);
        assertEquals(WireStatus.TRUNCATED, options.transportStatus(), "TCP options cut by the snap length");
        assertEquals(ChecksumStatus.UNVERIFIED, options.transportChecksum());
        Dissection ip = ethernet(26);
        assertEquals(WireStatus.TRUNCATED, ip.ipStatus());
        assertEquals(Transport.NONE, ip.transport());
        Dissection ether = ethernet(27);
        assertFalse(ether.linkComplete());
        assertEquals(Network.NONE, ether.network());
    }

    @Test
    void otherLinkTypes() {
        Dissection sll = dissect(113, TestVectors.LINUX_SLL.get(0));
        assertEquals(Link.LINUX_SLL, sll.link());
        assertEquals(4, sll.sllPacketType());
        assertEquals(Transport.TCP, sll.transport());
        assertEquals(Network.ARP, dissect(113, TestVectors.LINUX_SLL.get(1)).network());
        Dissection loopback = dissect(0, TestVectors.LOOPBACK.get(1));
        assertEquals(2, loopback.nullFamily(), "a big-endian family is recognised too");
        assertEquals(Transport.ICMP, loopback.transport());
        Dissection raw = dissect(101, TestVectors.RAW_IP.get(0));
        assertEquals(Link.RAW, raw.link());
        assertEquals(Transport.UDP, raw.transport());
    }

    @Test
    void checksumVerificationCanBeSkipped() {
        byte[] bytes = Captures.bytes(TestVectors.ETHERNET.get(5));
        Dissection d = new Dissector(false).dissect(1, MemorySegment.ofArray(bytes), 0, bytes.length, bytes.length);
        assertEquals(ChecksumStatus.UNVERIFIED, d.ipChecksum());
        assertEquals(ChecksumStatus.UNVERIFIED, d.transportChecksum());
        assertEquals(Transport.TCP, d.transport());
    }

    @Test
    void aCapturedLengthBeyondTheSegmentIsClipped() {
        byte[] bytes = Captures.bytes(TestVectors.ETHERNET.get(0));
        Dissection d = dissector.dissect(1, MemorySegment.ofArray(bytes), 0, bytes.length + 100, bytes.length);
        assertEquals(bytes.length, d.capturedLength());
        assertEquals(ChecksumStatus.GOOD, d.transportChecksum());
    }
}
