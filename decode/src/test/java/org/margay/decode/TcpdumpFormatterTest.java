package org.margay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.margay.decode.Captures.style;
import static org.margay.decode.Captures.tcpdump;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tcpdump formatter against what tcpdump 4.99.3 printed for the same hand-built frames ({@link TestVectors}):
 * TCP handshake, data, SACK, urgent data, RST with payload, TFO/UTO/unknown options, UDP checksum verdicts and
 * bad lengths, ICMP echo and errors quoting UDP and TCP, ARP, VLAN and QinQ, IP options with a bad checksum,
 * fragments and captures cut in the TCP options, the IP header and the Ethernet header.
 */
class TcpdumpFormatterTest {

    @Test
    void ethernetPlain() {
        assertEquals(TestVectors.ETHERNET_PLAIN, tcpdump(TestVectors.ETHERNET_LINK_TYPE, TestVectors.ETHERNET,
                style(false, 0, false, TimestampFormat.TIME_OF_DAY)));
    }

    @Test
    void ethernetLinkHeaderVeryVerbose() {
        assertEquals(TestVectors.ETHERNET_LINK_VERBOSE2, tcpdump(TestVectors.ETHERNET_LINK_TYPE,
                TestVectors.ETHERNET, style(true, 2, false, TimestampFormat.TIME_OF_DAY)));
    }

    @Test
    void ethernetQuietEpoch() {
        assertEquals(TestVectors.ETHERNET_QUIET_EPOCH, tcpdump(TestVectors.ETHERNET_LINK_TYPE, TestVectors.ETHERNET,
                style(false, 0, true, TimestampFormat.EPOCH)));
    }

    @Test
    void ethernetVerboseDateAndTime() {
        assertEquals(TestVectors.ETHERNET_VERBOSE_DATE, tcpdump(TestVectors.ETHERNET_LINK_TYPE,
                TestVectors.ETHERNET, style(false, 1, false, TimestampFormat.DATE_AND_TIME)));
    }

    @Test
    void linuxCookedCapture() {
        int link = TestVectors.LINUX_SLL_LINK_TYPE;
        List<TestVectors.Frame> frames = TestVectors.LINUX_SLL;
        assertEquals(TestVectors.LINUX_SLL_PLAIN, tcpdump(link, frames, style(false, 0, false,
                TimestampFormat.TIME_OF_DAY)));
        assertEquals(TestVectors.LINUX_SLL_LINK_VERBOSE2, tcpdump(link, frames, style(true, 2, false,
                TimestampFormat.TIME_OF_DAY)));
        assertEquals(TestVectors.LINUX_SLL_QUIET_EPOCH, tcpdump(link, frames, style(false, 0, true,
                TimestampFormat.EPOCH)));
        assertEquals(TestVectors.LINUX_SLL_VERBOSE_DATE, tcpdump(link, frames, style(false, 1, false,
                TimestampFormat.DATE_AND_TIME)));
    }

    @Test
    void bsdLoopback() {
        int link = TestVectors.LOOPBACK_LINK_TYPE;
        List<TestVectors.Frame> frames = TestVectors.LOOPBACK;
        assertEquals(TestVectors.LOOPBACK_PLAIN, tcpdump(link, frames, style(false, 0, false,
                TimestampFormat.TIME_OF_DAY)));
        assertEquals(TestVectors.LOOPBACK_LINK_VERBOSE2, tcpdump(link, frames, style(true, 2, false,
                TimestampFormat.TIME_OF_DAY)));
        assertEquals(TestVectors.LOOPBACK_QUIET_EPOCH, tcpdump(link, frames, style(false, 0, true,
                TimestampFormat.EPOCH)));
        assertEquals(TestVectors.LOOPBACK_VERBOSE_DATE, tcpdump(link, frames, style(false, 1, false,
                TimestampFormat.DATE_AND_TIME)));
    }

    @Test
    void rawIp() {
        int link = TestVectors.RAW_IP_LINK_TYPE;
        List<TestVectors.Frame> frames = TestVectors.RAW_IP;
        assertEquals(TestVectors.RAW_IP_PLAIN, tcpdump(link, frames, style(false, 0, false,
                TimestampFormat.TIME_OF_DAY)));
        assertEquals(TestVectors.RAW_IP_LINK_VERBOSE2, tcpdump(link, frames, style(true, 2, false,
                TimestampFormat.TIME_OF_DAY)));
        assertEquals(TestVectors.RAW_IP_QUIET_EPOCH, tcpdump(link, frames, style(false, 0, true,
                TimestampFormat.EPOCH)));
        assertEquals(TestVectors.RAW_IP_VERBOSE_DATE, tcpdump(link, frames, style(false, 1, false,
                TimestampFormat.DATE_AND_TIME)));
    }

    @Test
    void packetNumbersPrefixEachPacket() {
        String text = tcpdump(TestVectors.ETHERNET_LINK_TYPE, TestVectors.ETHERNET.subList(0, 2),
                new TcpdumpStyle(false, 0, false, TimestampFormat.TIME_OF_DAY, true));
        String[] lines = text.split("\n");
        assertEquals("    1  22:13:20.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: Flags [S], seq 1000, win 64240, "
                + "options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0", lines[0]);
        assertEquals("    2  ", lines[1].substring(0, 7));
    }

    @Test
    void timestampsAreUtcWithTruncatedMicroseconds() {
        StringBuilder out = new StringBuilder();
        TcpdumpFormatter.appendTimestamp(out, 0, 999_999_999, TimestampFormat.DATE_AND_TIME);
        assertEquals("1970-01-01 00:00:00.999999 ", out.toString());
        out.setLength(0);
        TcpdumpFormatter.appendTimestamp(out, 86_399, 1_000, TimestampFormat.TIME_OF_DAY);
        assertEquals("23:59:59.000001 ", out.toString());
        out.setLength(0);
        TcpdumpFormatter.appendTimestamp(out, 1_418_145_369L, 924_505_488, TimestampFormat.EPOCH);
        assertEquals("1418145369.924505 ", out.toString());
        out.setLength(0);
        TcpdumpFormatter.appendTimestamp(out, 5, 0, TimestampFormat.NONE);
        assertEquals("", out.toString());
    }

    @Test
    void anEmptyRecordIsReportedAsTcpdumpDoes() {
        Dissector dissector = new Dissector();
        Dissection d = dissector.dissect(1, MemorySegment.ofArray(new byte[0]), 0, 0, 0);
        assertEquals("[Invalid header: caplen==0, len==0]\n",
                new TcpdumpFormatter(TcpdumpStyle.plain()).format(1, 0, 0, d));
    }

    @Test
    void unsupportedLinkTypesSayWhichOne() {
        Dissection d = new Dissector().dissect(147, MemorySegment.ofArray(new byte[10]), 0, 10, 10);
        assertEquals("00:00:00.000000 [|link-type 147]\n", new TcpdumpFormatter(TcpdumpStyle.plain()).format(1, 0, 0, d));
    }

    @Test
    void checksumShouldBeIsTheValueThatVerifies() {
        // A header whose right checksum is 0x7cca sums to ~0x7cca = 0x8335 without its field; carrying 0x0001
        // instead it folds to 0x8336, and tcpdump prints "bad cksum 1 (->7cca)!" (RFC 1624 §3 arithmetic).
        assertEquals(0x7cca, TcpdumpIpv4Printer.shouldBe(0x0001, 0x8336));
        assertEquals(0x1234, TcpdumpIpv4Printer.shouldBe(0x1234, 0xFFFF));
    }
}
