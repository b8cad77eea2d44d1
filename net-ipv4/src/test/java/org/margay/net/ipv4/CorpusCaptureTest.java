package org.margay.net.ipv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Bytes;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.WireStatus;
import org.margay.net.icmp.IcmpMessage;
import org.margay.net.icmp.IcmpType;

/**
 * Real captures from the outside corpus, read in place, against the decodes tcpdump printed for them. Reads only the
 * first record of a little-endian classic pcap file with Ethernet framing (enough for these one-packet captures).
 */
class CorpusCaptureTest {

    private static final int ETHERNET_HEADER = 14;

    /** The first frame's bytes after the Ethernet header, or skips the test when the corpus is absent. */
    private static MemorySegment firstFrameIpv4(String relative) throws IOException {
        String corpus = System.getProperty("margay.corpus");
        Assumptions.assumeTrue(corpus != null && Files.isDirectory(Path.of(corpus)),
                "outside corpus not found (system property margay.corpus)");
        Path file = Path.of(corpus, "pcap", relative);
        Assumptions.assumeTrue(Files.isReadable(file), "capture missing from corpus: " + file);
        MemorySegment pcap = MemorySegment.ofArray(Files.readAllBytes(file));
        assertEquals(0xa1b2c3d4, pcap.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0),
                "little-endian microsecond pcap");
        int captured = pcap.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 24 + 8);
        return pcap.asSlice(24 + 16 + ETHERNET_HEADER, captured - ETHERNET_HEADER);
    }

    @Test
    void udpPortUnreachableQuotesTheDnsReply() throws IOException {
        // tcpdump: 192.168.1.102 > 192.168.1.1: ICMP 192.168.1.102 udp port 59207 unreachable, length 156
        //          (... id 14097 ... proto UDP (17), length 163) 192.168.1.1.53 > 192.168.1.102.59207
        MemorySegment frame = firstFrameIpv4("zeek/icmp/icmp-destunreach-udp.pcap");
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, 0, (int) frame.byteSize());
        assertEquals(WireStatus.OK, ip.check());
        assertTrue(ip.checksumValid());
        assertEquals(10270, ip.identification());
        assertEquals(176, ip.totalLength());
        assertEquals(IpProtocol.ICMP, ip.protocol());

        IcmpMessage icmp = new IcmpMessage().wrap(frame, ip.payloadOffset(), ip.payloadLength());
        assertEquals(WireStatus.OK, icmp.check());
        assertEquals(156, icmp.availableLength());
        assertTrue(icmp.checksumValid(ip.payloadLength()));
        assertEquals(IcmpType.DESTINATION_UNREACHABLE, icmp.type());
        assertEquals(IcmpType.UNREACH_PORT, icmp.code());

        Ipv4Packet quoted = new Ipv4Packet().wrap(frame, icmp.quotedDatagramOffset(), icmp.quotedDatagramLength());
        assertEquals(WireStatus.OK, quoted.checkHeader());
        assertFalse(quoted.check().isOk(), "163 bytes claimed, 148 quoted");
        assertEquals(14097, quoted.identification());
        assertEquals(163, quoted.totalLength());
        assertEquals(IpProtocol.UDP, quoted.protocol());
        assertEquals(Ipv4Address.parse("192.168.1.1"), quoted.source());
        assertEquals(Ipv4Address.parse("192.168.1.102"), quoted.destination());
        assertEquals(53, Bytes.u16(frame, quoted.payloadOffset()));
        assertEquals(59207, Bytes.u16(frame, quoted.payloadOffset() + 2));
    }

    @Test
    void fuzzedTimestampOptionIsABadOption() throws IOException {
        // tcpdump: flags [+, DF, rsvd], length 65319, options (timestamp TS{[bad length 14]TS+ADDR ...
        //          [truncated-option]), bad cksum a09b (->90a7)!
        MemorySegment frame = firstFrameIpv4("tcpdump/ip_ts_opts_asan.pcap");
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, 0, (int) frame.byteSize());
        assertEquals(WireStatus.BAD_OPTION, ip.checkHeader());
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, ip.check(), "65319 claimed, 36 captured");
        assertEquals(0xe2, ip.tos());
        assertEquals(0b111, ip.flags());
        assertEquals(65319, ip.totalLength());
        assertFalse(ip.checksumValid());
        assertEquals(0xa09b, ip.headerChecksum());
        assertEquals(0x90a7, ip.computeChecksum());

        Ipv4Options options = ip.options(new Ipv4Options());
        assertTrue(options.next());
        assertEquals(Ipv4Options.TS, options.kind());
        assertEquals(14, options.length());
        assertEquals(Ipv4Options.TS_AND_ADDRESS, options.timestampFlag());
        assertEquals(Ipv4Options.Problem.BAD_LENGTH_FOR_KIND, options.optionProblem());
        assertFalse(options.next(), "the 2 bytes after it cannot hold the next option");
        assertEquals(Ipv4Options.Problem.OVERRUNS_REGION, options.optionProblem());
        assertEquals(Ipv4Options.Problem.BAD_LENGTH_FOR_KIND, options.problem());
    }
}
