package org.margay.fuzz;

import static org.margay.fuzz.Packets.IP_A;
import static org.margay.fuzz.Packets.IP_B;
import static org.margay.fuzz.Packets.MAC_A;
import static org.margay.fuzz.Packets.concat;
import static org.margay.fuzz.Packets.hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.margay.net.arp.ArpOperation;
import org.margay.net.arp.ArpRepr;
import org.margay.net.common.MacAddress;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.VlanTag;
import org.margay.net.icmp.IcmpRepr;
import org.margay.net.icmp.IcmpType;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Repr;
import org.margay.pcap.CaptureWriter;
import org.margay.pcap.TimestampResolution;

/**
 * The seed corpus of every fuzz target, made here from the reprs (valid packets) and by hand (malformed ones),
 * and written to Jazzer's regression-input directories
 * {@code src/test/resources/org/margay/fuzz/<TestClass>Inputs/<method>/seed-<name>}.
 *
 * <p>Regenerate after changing it with {@code fuzz/run-fuzz.sh --write-seeds}, or by running {@link #main} with the
 * resources directory as argument; {@link SeedCorpusTest} fails while a seed file is missing or stale. Crash
 * inputs found by fuzzing sit beside the seeds as Jazzer names them ({@code crash-<sha1>}) and are not made here.
 */
final class SeedCorpus {
    /**
     * A hand-made pcapng whose interface has {@code if_tsoffset} = 2^63-1 s (draft-ietf-opsawg-pcapng §4.2, option
     * 14), so its one 4-byte packet's timestamp is far outside what {@code java.time} can represent. The reader
     * must deliver it; the formatters must print something for it.
     */
    static final byte[] PCAPNG_TSOFFSET_MAX = hex("0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffff ffffffff 1c000000"
            + "01000000 24000000 0100 0000 ffff0000 0e00 0800 ffffffffffffff7f 00000000 24000000"
            + "06000000 24000000 00000000 00000000 00000000 04000000 04000000 01020304 24000000");

    private SeedCorpus() {
    }

    /** Target directory ({@code <TestClass>Inputs/<method>}) to seed name to bytes, in a stable order. */
    static Map<String, Map<String, byte[]>> seeds() {
        Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
        all.put("EthernetFuzzTestInputs/ethernetFrame", ethernet());
        all.put("ArpFuzzTestInputs/arpPacket", arp());
        all.put("Ipv4FuzzTestInputs/ipv4Packet", ipv4());
        all.put("Ipv4FuzzTestInputs/ipv4Options", ipv4Options());
        all.put("IcmpFuzzTestInputs/icmpMessage", icmp());
        all.put("UdpFuzzTestInputs/udpDatagram", udp());
        all.put("TcpFuzzTestInputs/tcpSegment", tcp());
        all.put("TcpFuzzTestInputs/tcpOptions", tcpOptions());
        all.put("CaptureReaderFuzzTestInputs/pcapFile", pcap());
        all.put("CaptureReaderFuzzTestInputs/pcapngFile", pcapng());
        all.put("DecodeFuzzTestInputs/frame", decodeFrames());
        all.put("DecodeFuzzTestInputs/captureFile", decodeFiles());
        all.put("ReassemblyFuzzTestInputs/reassembly", reassembly());
        all.put("TcpInputFuzzTestInputs/tcpInput", tcpInput());
        return all;
    }

    private static Map<String, byte[]> ethernet() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("ipv4-udp", Packets.ethernetIpv4(Packets.ipv4Udp()));
        s.put("arp-padded", Packets.ethernet(EtherType.ARP, Arrays.copyOf(Packets.arp(ArpRepr.request(MAC_A, IP_A, IP_B)), 46)));
        s.put("dot1q", Packets.vlan(List.of(new VlanTag(EtherType.VLAN_8021Q, 3, false, 7)), EtherType.IPV4, Packets.ipv4Echo()));
        s.put("qinq", Packets.vlan(List.of(VlanTag.dot1ad(100), VlanTag.dot1q(7)), EtherType.ARP, new byte[28]));
        VlanTag[] eight = new VlanTag[8];
        Arrays.fill(eight, new VlanTag(0x9100, 7, true, 4095));
        s.put("eight-tags", Packets.vlan(List.of(eight), EtherType.IPV6, new byte[4]));
        s.put("bad-nine-tags", concat(hex("00005e005302 00005e005301"), hex("8100 0001".repeat(9)), hex("0800")));
        s.put("bad-tag-cut", hex("00005e005302 00005e005301 8100 00"));
        s.put("bad-13-bytes", hex("00005e005302 00005e005301 08"));
        s.put("empty", new byte[0]);
        return s;
    }

    private static Map<String, byte[]> arp() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        ArpRepr request = ArpRepr.request(MAC_A, IP_A, IP_B);
        s.put("request", Packets.arp(request));
        s.put("reply", Packets.arp(ArpRepr.reply(request, Packets.MAC_B)));
        s.put("gratuitous", Packets.arp(ArpRepr.gratuitous(MAC_A, IP_A)));
        s.put("probe", Packets.arp(ArpRepr.probe(MAC_A, IP_A)));
        s.put("rarp", Packets.arp(new ArpRepr(ArpOperation.RARP_REQUEST, MAC_A, 0, MacAddress.BROADCAST, 0)));
        s.put("padded", Arrays.copyOf(Packets.arp(request), 46));
        s.put("bad-27-bytes", Arrays.copyOf(Packets.arp(request), 27));
        s.put("bad-lengths", hex("0001 0800 0804 0001 00005e0053010000 c0000201 0000000000000000 c6336402"));
        s.put("unsupported-ieee802", hex("0006 0800 0604 0001 00005e005301 c0000201 000000000000 c6336402"));
        s.put("unsupported-huge", hex("0020 86dd ff10 0002") );
        return s;
    }

    private static byte[] ipv4OptionsRegion(String text) {
        return hex(text);
    }

    private static Map<String, byte[]> ipv4() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("udp", Packets.ipv4Udp());
        s.put("tcp-syn", Packets.ipv4TcpSyn());
        s.put("icmp-echo", Packets.ipv4Echo());
        s.put("rr", Packets.ipv4WithOptions(IpProtocol.ICMP, ipv4OptionsRegion("070b04 c0000201 00000000 00"), new byte[8]));
        s.put("ts-and-ra", Packets.ipv4WithOptions(IpProtocol.UDP, ipv4OptionsRegion("440c0501 c0000201 00000000 94040000"), new byte[8]));
        s.put("lsrr-nop", Packets.ipv4WithOptions(IpProtocol.TCP, ipv4OptionsRegion("830704c6336402 01"), new byte[20]));
        s.put("fragment", Packets.ipv4(new Ipv4Repr(0xB8, 77, false, true, 185, 1, IpProtocol.UDP, IP_A, IP_B, null, 16), new byte[16]));
        s.put("padded", Arrays.copyOf(Packets.ipv4Echo(), 60));
        byte[] cut = Packets.ipv4Udp();
        s.put("bad-total-length", Arrays.copyOf(cut, cut.length - 5));
        s.put("bad-version-6", hex("60000000 0008 1140 20010db8000000000000000000000001 20010db8000000000000000000000002"));
        s.put("bad-ihl-4", hex("44000014 00000000 40110000 c0000201 c6336402"));
        s.put("bad-ihl-15", hex("4f000028 00000000 40110000 c0000201 c6336402 0101010101010101"));
        s.put("bad-option-length-1", hex("46000018 00000000 40010000 c0000201 c6336402 07010000"));
        s.put("bad-19-bytes", hex("45000014 00000000 40110000 c0000201 c63364"));
        return s;
    }

    private static Map<String, byte[]> ipv4Options() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("rr", hex("070b04 c0000201 00000000 00"));
        s.put("rr-full", hex("070b0c c0000201 c6336402 00"));
        s.put("ts-only", hex("440c0500 00000001 00000000"));
        s.put("ts-and-address", hex("440c0d01 c0000201 00000064"));
        s.put("ts-prespecified", hex("440c0513 c0000201 00000000"));
        s.put("lsrr-ssrr", hex("830704c6336402 890704c0000201 0000"));
        s.put("ra-nop-eol", hex("94040000 01 00 0000"));
        s.put("security", hex("820b000000000000000000 00"));
        s.put("bad-length-1", hex("0701"));
        s.put("bad-length-missing", hex("07"));
        s.put("bad-overrun", hex("07ff04c0000201"));
        s.put("bad-pointer", hex("070702c0000201"));
        s.put("bad-ts-flag-2", hex("440c0502 c0000201 00000000"));
        s.put("bad-ra-length-3", hex("940300"));
        return s;
    }

    private static Map<String, byte[]> icmp() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] data = Packets.ascii("abcdefghijklmnopqrstuvw");
        byte[] quotedUdp = Arrays.copyOf(Packets.ipv4Udp(), 28);
        byte[] quotedTcp = Arrays.copyOf(Packets.ipv4TcpSyn(), 28);
        s.put("echo-request", Packets.icmp(new IcmpRepr.EchoRequest(0x1234, 1, data)));
        s.put("echo-reply", Packets.icmp(new IcmpRepr.EchoReply(0x1234, 1, data)));
        s.put("port-unreachable", Packets.icmp(new IcmpRepr.DestinationUnreachable(3, 0, quotedUdp)));
        s.put("need-frag", Packets.icmp(new IcmpRepr.DestinationUnreachable(4, 1400, quotedTcp)));
        s.put("redirect", Packets.icmp(new IcmpRepr.Redirect(1, IP_B, quotedUdp)));
        s.put("time-exceeded", Packets.icmp(new IcmpRepr.TimeExceeded(0, quotedTcp)));
        s.put("parameter-problem", Packets.icmp(new IcmpRepr.ParameterProblem(0, 20, quotedUdp)));
        s.put("timestamp", Packets.icmp(new IcmpRepr.Other(IcmpType.TIMESTAMP_REQUEST, 0, 0x00070001, new byte[12])));
        s.put("address-mask", Packets.icmp(new IcmpRepr.Other(IcmpType.ADDRESS_MASK_REPLY, 0, 0x00070001, hex("ffffff00"))));
        s.put("router-advertisement", Packets.icmp(new IcmpRepr.Other(IcmpType.ROUTER_ADVERTISEMENT, 0, 0x02020708,
                hex("c0000201 00000000 c6336402 ffffffff"))));
        byte[] extended = Arrays.copyOf(quotedUdp, 128);
        s.put("rfc4884-extension", Packets.icmp(new IcmpRepr.Other(IcmpType.TIME_EXCEEDED, 0, 0x00200000,
                concat(extended, hex("20000000 0008 0101 00000001")))));
        s.put("bad-7-bytes", hex("08000000123400"));
        s.put("bad-timestamp-cut", hex("0d000000 00070001 00000000"));
        s.put("bad-router-entry-size-1", hex("09000000 01010708 c0000201"));
        s.put("bad-router-count", hex("09000000 ff020708 c0000201 00000000"));
        return s;
    }

    private static Map<String, byte[]> udp() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("dns", Packets.udp(53000, 53, hex("abcd01000001000000000000076578616d706c6503636f6d0000010001")));
        s.put("empty-payload", Packets.udp(1, 2, new byte[0]));
        s.put("no-checksum", hex("d431 0035 000c 0000 01020304"));
        s.put("padded", Arrays.copyOf(Packets.udp(7, 9, Packets.ascii("ping")), 26));
        s.put("bad-length-7", hex("d431 0035 0007 0000 01020304"));
        s.put("bad-length-long", hex("d431 0035 00ff 0000 01020304"));
        s.put("bad-7-bytes", hex("d431 0035 0008 00"));
        return s;
    }

    private static Map<String, byte[]> tcp() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("syn", Packets.tcpSyn());
        s.put("syn-ack", Packets.tcpSynAck());
        s.put("data", Packets.tcpData(Packets.ascii("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")));
        s.put("sack", Packets.tcpSack());
        s.put("fin", Packets.tcpFin());
        s.put("rst", Packets.tcpRst());
        String fixed = "c000 0050 000003e8 00000000 %s002 faf0 0000 0000";
        s.put("unknown-option", hex(fixed.formatted("6") + "1e04abcd"));
        s.put("eol-padding", hex(fixed.formatted("7") + "020405b4 00000000"));
        // Valid on the wire (RFC 9293 §3.1: options need no padding between them), but 4 bytes denser than the
        // aligned layout TcpOptionSet writes: MSS, timestamps and three SACK blocks fill exactly 40 bytes.
        s.put("dense-options", hex(fixed.formatted("f") + "020405b4 080a0000303900000000"
                + "051a 00000001 00000002 00000003 00000004 00000005 00000006"));
        s.put("bad-data-offset-4", hex(fixed.formatted("4")));
        s.put("bad-data-offset-15", hex(fixed.formatted("f") + "01010101"));
        s.put("bad-option-length-0", hex(fixed.formatted("6") + "02000000"));
        s.put("bad-option-overrun", hex(fixed.formatted("6") + "01080a00"));
        s.put("bad-mss-length-3", hex(fixed.formatted("6") + "02030500"));
        s.put("bad-19-bytes", hex("c000 0050 000003e8 00000000 5002 faf0 0000 00"));
        return s;
    }

    private static Map<String, byte[]> tcpOptions() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("linux-syn", hex("020405b4 0402080a 00003039 00000000 01030307"));
        s.put("timestamps-sack", hex("0101080a 00003070 00000320 01010510 00001770 00001b58 00001f40 00002328"));
        s.put("unknown-kinds", hex("1e04abcd 2203ff 2202 fd04 0000"));
        s.put("eol-then-garbage", hex("01 00 ffffff"));
        s.put("empty", new byte[0]);
        s.put("bad-mss-length-3", hex("020305"));
        s.put("bad-length-missing", hex("02"));
        s.put("bad-length-1", hex("0301"));
        s.put("bad-overrun", hex("080a0000"));
        s.put("bad-sack-odd", hex("050b 00000001 00000002 00"));
        return s;
    }

    private static byte[] pcapBytes(int linkType, TimestampResolution resolution, ByteOrder order, List<byte[]> frames) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CaptureWriter writer = CaptureWriter.pcap(Channels.newChannel(out), linkType, 65535, resolution, order)) {
                long second = 1_700_000_000L;
                for (byte[] frame : frames) {
                    writer.write(0, second++, 123_456_789, MemorySegment.ofArray(frame));
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pcapngBytes(ByteOrder order, int[] linkTypes, List<byte[]> frames, boolean cutLast) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CaptureWriter writer = CaptureWriter.pcapng(Channels.newChannel(out), TimestampResolution.NANOSECONDS, order)) {
                for (int i = 0; i < frames.size(); i++) {
                    byte[] frame = frames.get(i);
                    int index = writer.interfaceFor(linkTypes[i]);
                    int captured = cutLast && i == frames.size() - 1 ? Math.min(frame.length, 20) : frame.length;
                    writer.write(index, 1_700_000_000L + i, 5, MemorySegment.ofArray(frame).asSlice(0, captured), frame.length);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> ethernetFrames() {
        return List.of(
                Packets.ethernetIpv4(Packets.ipv4TcpSyn()),
                Packets.ethernet(EtherType.ARP, Packets.arp(ArpRepr.request(MAC_A, IP_A, IP_B))),
                Packets.vlan(List.of(VlanTag.dot1q(7)), EtherType.IPV4, Packets.ipv4Udp()),
                Packets.ethernetIpv4(Packets.ipv4PortUnreachable()));
    }

    private static Map<String, byte[]> pcap() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] micro = pcapBytes(1, TimestampResolution.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, ethernetFrames());
        s.put("ethernet-micro-le", micro);
        s.put("ethernet-nano-be", pcapBytes(1, TimestampResolution.NANOSECONDS, ByteOrder.BIG_ENDIAN, ethernetFrames()));
        s.put("raw-ipv4", pcapBytes(228, TimestampResolution.MICROSECONDS, ByteOrder.LITTLE_ENDIAN,
                List.of(Packets.ipv4Echo(), Packets.ipv4Udp())));
        s.put("header-only", Arrays.copyOf(micro, 24));
        s.put("bad-header-cut", Arrays.copyOf(micro, 20));
        s.put("bad-record-cut", Arrays.copyOf(micro, 24 + 16 + 10));
        byte[] huge = Arrays.copyOf(micro, 24 + 16 + 4);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7fff_ffff);
        s.put("bad-caplen-huge", huge);
        byte[] caplenAboveLen = micro.clone();
        ByteBuffer.wrap(caplenAboveLen).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 12, 1);
        s.put("bad-caplen-above-len", caplenAboveLen);
        s.put("bad-magic", hex("a1b2c3d5 00020004 00000000 00000000 0000ffff 00000001"));
        return s;
    }

    private static Map<String, byte[]> pcapng() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        List<byte[]> frames = List.of(Packets.ethernetIpv4(Packets.ipv4TcpSyn()), Packets.ipv4Echo(),
                Packets.ethernet(EtherType.ARP, Packets.arp(ArpRepr.gratuitous(MAC_A, IP_A))));
        int[] links = {1, 101, 1};
        byte[] le = pcapngBytes(ByteOrder.LITTLE_ENDIAN, links, frames, false);
        s.put("two-interfaces-le", le);
        s.put("two-interfaces-be", pcapngBytes(ByteOrder.BIG_ENDIAN, links, frames, true));
        s.put("section-only", Arrays.copyOf(le, 28));
        s.put("bad-block-cut", Arrays.copyOf(le, le.length - 3));
        byte[] oddLength = le.clone();
        ByteBuffer.wrap(oddLength).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 4, 31);
        s.put("bad-block-length-odd", oddLength);
        byte[] trailer = le.clone();
        ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 28, 99);
        s.put("bad-trailer-length", trailer);
        s.put("unknown-block", concat(Arrays.copyOf(le, 28), hex("0badc0de 10000000 01020304 10000000")));
        s.put("tsoffset-max", PCAPNG_TSOFFSET_MAX);
        s.put("bad-epb-before-idb", concat(Arrays.copyOf(le, 28),
                hex("06000000 20000000 00000000 00000000 00000000 00000000 00000000 20000000")));
        return s;
    }

    /** A {@link DecodeFuzzTest#frame} input: the prefix, then the frame. */
    private static byte[] frameInput(int linkIndex, int style, int flags, byte[] frame) {
        ByteBuffer prefix = ByteBuffer.allocate(DecodeFuzzTest.PREFIX_LENGTH);
        prefix.put((byte) linkIndex).put((byte) style).put((byte) flags).putLong(1_700_000_000L).putInt(123_456_789);
        return concat(prefix.array(), frame);
    }

    private static Map<String, byte[]> decodeFrames() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        // Link selectors index DecodeFuzzTest.LINK_TYPES: 0 Ethernet, 1 Linux SLL, 2 NULL, 3 LOOP, 4 RAW, 5 IPv4, 6 PPP, 7 other.
        s.put("ethernet-tcp-syn", frameInput(0, 0x00, 1, Packets.ethernetIpv4(Packets.ipv4TcpSyn())));
        s.put("ethernet-tcp-data-verbose", frameInput(0, 0x05, 1, Packets.ethernetIpv4(
                Packets.ipv4(IpProtocol.TCP, Packets.tcpData(Packets.ascii("hello"))))));
        s.put("ethernet-sack-quiet", frameInput(0, 0x0b, 0, Packets.ethernetIpv4(Packets.ipv4(IpProtocol.TCP, Packets.tcpSack()))));
        s.put("ethernet-arp-e", frameInput(0, 0x01, 1, Packets.ethernet(EtherType.ARP, Packets.arp(ArpRepr.request(MAC_A, IP_A, IP_B)))));
        s.put("vlan-udp-epoch", frameInput(0, 0x13, 1, Packets.vlan(List.of(VlanTag.dot1ad(100), VlanTag.dot1q(7)),
                EtherType.IPV4, Packets.ipv4Udp())));
        s.put("ethernet-icmp-error-vv", frameInput(0, 0x25, 1, Packets.ethernetIpv4(Packets.ipv4PortUnreachable())));
        s.put("ethernet-ip-options", frameInput(0, 0x03, 1, Packets.ethernetIpv4(
                Packets.ipv4WithOptions(IpProtocol.ICMP, hex("070b04 c0000201 00000000 00"),
                        Packets.icmp(new IcmpRepr.EchoReply(1, 2, new byte[8]))))));
        s.put("ethernet-fragment", frameInput(0, 0x02, 1, Packets.ethernetIpv4(Packets.ipv4(
                new Ipv4Repr(0, 77, false, true, 0, 64, IpProtocol.UDP, IP_A, IP_B, null, 16), new byte[16]))));
        s.put("sll-icmp", frameInput(1, 0x40, 1, concat(hex("0000 0001 0006 00005e0053010000 0800"), Packets.ipv4Echo())));
        s.put("null-ipv4", frameInput(2, 0x00, 1, concat(hex("02000000"), Packets.ipv4Udp())));
        s.put("loop-ipv4", frameInput(3, 0x00, 1, concat(hex("00000002"), Packets.ipv4TcpSyn())));
        s.put("raw-ipv4-cut", frameInput(4, 0x04, 0x21, Packets.ipv4Echo()));
        s.put("ipv4-linktype", frameInput(5, 0x00, 1, Packets.ipv4PortUnreachable()));
        s.put("ppp", frameInput(6, 0x00, 1, concat(hex("ff03 0021"), Packets.ipv4Udp())));
        s.put("other-link", frameInput(7, 0x00, 1, hex("0102030405")));
        s.put("bad-ethernet-cut", frameInput(0, 0x07, 1, hex("00005e005302 00005e005301 08")));
        s.put("bad-ip-header", frameInput(4, 0x07, 1, hex("4f000028 00000000 40110000 c0000201 c6336402")));
        s.put("timestamp-extreme", concat(new byte[] {0, 0x20, 1}, hex("7fffffffffffffff ffffffff"), Packets.ipv4Udp()));
        s.put("empty-frame", frameInput(0, 0, 0, new byte[0]));
        return s;
    }

    private static Map<String, byte[]> decodeFiles() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("pcap-ethernet", pcapBytes(1, TimestampResolution.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, ethernetFrames()));
        s.put("pcap-sll", pcapBytes(113, TimestampResolution.NANOSECONDS, ByteOrder.BIG_ENDIAN,
                List.of(concat(hex("0004 0001 0006 00005e0053010000 0800"), Packets.ipv4TcpSyn()))));
        s.put("pcapng-mixed", pcapngBytes(ByteOrder.LITTLE_ENDIAN, new int[] {1, 228, 0},
                List.of(Packets.ethernetIpv4(Packets.ipv4Echo()), Packets.ipv4Udp(), concat(hex("02000000"), Packets.ipv4TcpSyn())),
                true));
        byte[] pcap = pcapBytes(1, TimestampResolution.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, ethernetFrames());
        s.put("bad-cut", Arrays.copyOf(pcap, pcap.length - 7));
        s.put("bad-magic", hex("00000000"));
        s.put("pcapng-tsoffset-max", PCAPNG_TSOFFSET_MAX);
        return s;
    }

    /**
     * Programs for {@link ReassemblyFuzzTest} (format in its javadoc): orders, overlaps, teardrop, duplicates, tiny
     * fragments, timeouts, memory caps, slot exhaustion, and a datagram whose first header is longer than its
     * later ones, so that it reassembles to more than 65535 bytes (RFC 791 §3.2).
     */
    private static Map<String, byte[]> reassembly() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        int all = 0xFF; // 4 slots, 128 KiB per source, 512 KiB in all, 64 holes
        s.put("in-order", concat(new byte[] {(byte) all}, frag(0, 0, true, 0, 0, 16), frag(0, 0, false, 0, 2, 10)));
        s.put("reverse", concat(new byte[] {(byte) all}, frag(0, 1, false, 0, 4, 5), frag(0, 1, true, 0, 2, 16),
                frag(0, 1, true, 5, 0, 16)));
        s.put("two-interleaved-held", concat(new byte[] {(byte) all}, frag(8, 2, true, 0, 0, 8), frag(8, 3, true, 7, 0, 24),
                frag(8, 2, false, 0, 1, 1), frag(8, 3, false, 0, 3, 200), op(6), op(6)));
        s.put("overlap", concat(new byte[] {(byte) all}, frag(0, 0, true, 0, 0, 24), frag(0, 0, true, 0, 2, 16),
                frag(0, 0, false, 0, 3, 8)));
        s.put("teardrop", concat(new byte[] {(byte) all}, frag(0, 4, true, 0, 0, 24), frag(0, 4, false, 0, 1, 4)));
        s.put("duplicate", concat(new byte[] {(byte) all}, frag(0, 5, true, 0, 0, 16), frag(0, 5, true, 0, 0, 16),
                frag(0, 5, true, 0, 1, 8), frag(0, 5, false, 0, 2, 3)));
        s.put("tiny-hole-overflow", concat(new byte[] {(byte) 0x3F}, frag(0, 6, true, 0, 2, 8), frag(0, 6, true, 0, 5, 8),
                frag(0, 6, true, 0, 8, 8), frag(0, 6, false, 0, 11, 1)));
        s.put("timeout", concat(new byte[] {(byte) all}, frag(0, 7, true, 0, 0, 64), op(5, 0x07, 0xD0),
                frag(0, 7, false, 0, 8, 8), op(7, 200)));
        s.put("memory-cap", concat(new byte[] {(byte) 0x00}, frag(0, 8, true, 0, 0, 1600), frag(0, 9, true, 0, 0, 1600),
                frag(0, 8, false, 0, 200, 1600)));
        s.put("slots-exhausted", concat(new byte[] {(byte) 0xF0}, frag(0, 10, true, 0, 0, 8), frag(0, 11, true, 0, 0, 8),
                frag(8, 11, false, 0, 1, 8), frag(0, 12, true, 0, 0, 8), frag(0, 10, false, 0, 1, 8)));
        s.put("oversize-long-first-header", concat(new byte[] {(byte) all}, frag(0, 13, true, 7, 0, 8),
                frag(0, 13, true, 0, 1, 65_504), frag(0, 13, false, 0, 8_189, 3)));
        s.put("bad-unaligned-more", concat(new byte[] {(byte) all}, frag(0, 14, true, 0, 0, 16), frag(0, 14, true, 0, 2, 13)));
        s.put("bad-past-65535", concat(new byte[] {(byte) all}, frag(0, 15, false, 0, 8_191, 100)));
        s.put("bad-empty", concat(new byte[] {(byte) all}, frag(0, 16, true, 0, 3, 0)));
        return s;
    }

    /** A fragment operation of {@link ReassemblyFuzzTest} with 16-bit offset and length (shape bits 0x30). */
    private static byte[] frag(int op, int key, boolean more, int words, int offsetUnits, int length) {
        int shape = (more ? 1 : 0) | (words << 1) | 0x30;
        return new byte[] {(byte) op, (byte) key, (byte) shape, (byte) (offsetUnits >> 8), (byte) offsetUnits,
                (byte) (length >> 8), (byte) length};
    }

    private static byte[] op(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    /**
     * Programs for {@link TcpInputFuzzTest} (format in its code): for each of the ten states, in-window data, a
     * FIN and an RST after a pause, by active open with every option and by passive open with data both ways;
     * then single hostile shapes in ESTABLISHED (SYN, old and future ACKs, bad options, SACK blocks, data offset
     * 15, zero window, far sequence numbers) and application calls.
     */
    private static Map<String, byte[]> tcpInput() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] dataFinRst = concat(op(0x20, 0x10, 0x18, 100), op(4, 0x01, 0x2C), op(0, 0x10, 0x11), op(0, 0x10, 0x04));
        for (int state = 0; state < TcpInputFuzzTest.STATES.length; state++) {
            String name = TcpInputFuzzTest.STATES[state].name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            s.put(name + "-active", concat(op(state, 0x07), dataFinRst));
            s.put(name + "-passive-data", concat(op(state, 0x3F, 40, 200), dataFinRst));
        }
        int est = 3;
        s.put("established-syn", concat(op(est, 0x07), op(0, 0x10, 0x02), op(0, 0x10, 0x12)));
        s.put("established-old-and-future-ack", concat(op(est, 0x17, 10), op(0, 0x14, 0x10, 0x80, 0x00),
                op(0, 0x18, 0x10, 0x7F), op(0, 0x1C, 0x10, 0x12, 0x34, 0x56, 0x78)));
        s.put("established-bad-options", concat(op(est, 0x07), op(0x20, 0x30, 0x18, 3, 0x02, 0x01, 0x00, 50),
                op(0, 0x30, 0x10, 6, 0x08, 0x0A, 1, 2, 3, 4), op(0, 0x30, 0x10, 4, 0x05, 0xFF, 0, 0)));
        s.put("established-sack", concat(op(est, 0x17, 40), op(0, 0x24, 0x10, 0x01, 0x00, 2, 0x00, 0x00, 0x01, 0x00,
                0x02, 0x00, 0x00, 0x10, 0xFF, 0x00, 0x00, 0x10), op(0, 0x24, 0x10, 0x00, 0x00, 1, 0x80, 0x00, 0xFF, 0xFF)));
        s.put("established-data-offset-15", concat(op(est, 0x07), op(0x30, 0x10, 0x18, 15, 30), op(0x10, 0x00, 0x10, 2)));
        s.put("established-zero-window", concat(op(est, 0x17, 100), op(8, 0x10, 0x10, 0, 0), op(4, 0x27, 0x10),
                op(8, 0x10, 0x10, 0xFF, 0xFF)));
        s.put("established-far-sequence", concat(op(est, 0x07), op(0x20, 0x12, 0x18, 0x80, 0x00, 100),
                op(0x20, 0x13, 0x18, 0xDE, 0xAD, 0xBE, 0xEF, 50), op(0x20, 0x01, 0x18, 0xFF, 0xF0, 64)));
        s.put("established-ack-flags-ecn", concat(op(est, 0x00), op(0, 0x80, 0xFF), op(0, 0x00, 0xE0)));
        s.put("established-application", concat(op(est, 0x27, 100), op(5, 0, 100), op(5, 1), op(5, 7), op(5, 4),
                op(0, 0x10, 0x10), op(5, 2), op(5, 5)));
        s.put("established-icmp", concat(op(est, 0x17, 30), op(6, 0), op(14, 5), op(4, 0x10, 0x00)));
        s.put("listen-syn-flood", concat(op(0, 0x00), op(0, 0x03, 0x02, 0, 0, 0, 1), op(0, 0x03, 0x02, 0, 0, 0, 2),
                op(5, 6)));
        return s;
    }

    /** Writes every seed under {@code resources/org/margay/fuzz/}; the argument defaults to {@code src/test/resources}. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources").resolve("org/margay/fuzz");
        int count = 0;
        for (Map.Entry<String, Map<String, byte[]>> target : seeds().entrySet()) {
            Path dir = root.resolve(target.getKey());
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                Files.write(dir.resolve("seed-" + seed.getKey()), seed.getValue());
                count++;
            }
        }
        System.out.println("wrote " + count + " seeds under " + root);
    }
}
