package org.margay.fuzz;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.margay.net.arp.ArpRepr;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetRepr;
import org.margay.net.ethernet.VlanTag;
import org.margay.net.icmp.IcmpRepr;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Repr;
import org.margay.net.tcp.TcpOptionSet;
import org.margay.net.tcp.TcpRepr;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.udp.UdpRepr;

/**
 * Builds small valid packets with the reprs, for the seed corpus: each method returns the bytes of one header
 * with whatever follows it. Addresses are documentation ones (RFC 5737, RFC 7042 §2.1.1).
 */
final class Packets {
    static final long MAC_A = 0x00_00_5E_00_53_01L;
    static final long MAC_B = 0x00_00_5E_00_53_02L;
    static final int IP_A = 0xC000_0201;
    static final int IP_B = 0xC633_6402;

    private Packets() {
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] ethernet(EthernetRepr header, byte[] payload) {
        byte[] out = new byte[header.headerLength() + payload.length];
        header.emit(MemorySegment.ofArray(out), 0);
        System.arraycopy(payload, 0, out, header.headerLength(), payload.length);
        return out;
    }

    static byte[] ethernet(int etherType, byte[] payload) {
        return ethernet(new EthernetRepr(MAC_B, MAC_A, etherType), payload);
    }

    static byte[] vlan(List<VlanTag> tags, int etherType, byte[] payload) {
        return ethernet(new EthernetRepr(MAC_B, MAC_A, tags, etherType), payload);
    }

    static byte[] arp(ArpRepr repr) {
        byte[] out = new byte[repr.headerLength()];
        repr.emit(MemorySegment.ofArray(out), 0);
        return out;
    }

    static byte[] ipv4(Ipv4Repr header, byte[] payload) {
        byte[] out = new byte[header.headerLength() + payload.length];
        header.emit(MemorySegment.ofArray(out), 0);
        System.arraycopy(payload, 0, out, header.headerLength(), payload.length);
        return out;
    }

    static byte[] ipv4(int protocol, byte[] payload) {
        return ipv4(Ipv4Repr.simple(IP_A, IP_B, protocol, 64, payload.length), payload);
    }

    static byte[] ipv4WithOptions(int protocol, byte[] options, byte[] payload) {
        return ipv4(new Ipv4Repr(0, 0x1234, true, false, 0, 64, protocol, IP_A, IP_B, options, payload.length), payload);
    }

    static byte[] icmp(IcmpRepr repr) {
        byte[] out = new byte[repr.bufferLength()];
        repr.emit(MemorySegment.ofArray(out), 0);
        return out;
    }

    static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        UdpRepr repr = new UdpRepr(sourcePort, destinationPort, payload.length);
        byte[] out = new byte[repr.totalLength()];
        System.arraycopy(payload, 0, out, repr.headerLength(), payload.length);
        repr.emit(MemorySegment.ofArray(out), 0, IP_A, IP_B);
        return out;
    }

    static byte[] tcp(TcpRepr repr, byte[] payload) {
        byte[] out = new byte[repr.headerLength() + payload.length];
        System.arraycopy(payload, 0, out, repr.headerLength(), payload.length);
        repr.emit(MemorySegment.ofArray(out), 0, IP_A, IP_B);
        return out;
    }

    static TcpRepr tcpRepr(int flags, int sequence, int acknowledgment, TcpOptionSet options, int payloadLength) {
        return new TcpRepr(49152, 80, sequence, acknowledgment, flags, 64240, 0, options, payloadLength);
    }

    static byte[] tcpSyn() {
        return tcp(tcpRepr(TcpSegment.SYN, 1000, 0, TcpOptionSet.syn(1460, 7, 12345, 0), 0), new byte[0]);
    }

    static byte[] tcpSynAck() {
        TcpRepr repr = new TcpRepr(80, 49152, 5000, 1001, TcpSegment.SYN | TcpSegment.ACK, 65160, 0,
                TcpOptionSet.syn(1460, 7, 777, 12345), 0);
        return tcp(repr, new byte[0]);
    }

    static byte[] tcpData(byte[] payload) {
        TcpOptionSet timestamps = new TcpOptionSet(OptionalInt.empty(), OptionalInt.empty(), false,
                Optional.of(new TcpOptionSet.Timestamps(12346, 777)), List.of());
        return tcp(tcpRepr(TcpSegment.ACK | TcpSegment.PSH, 1001, 5001, timestamps, payload.length), payload);
    }

    static byte[] tcpSack() {
        TcpOptionSet sack = new TcpOptionSet(OptionalInt.empty(), OptionalInt.empty(), false,
                Optional.of(new TcpOptionSet.Timestamps(12400, 800)),
                List.of(new TcpOptionSet.SackBlock(6000, 7000), new TcpOptionSet.SackBlock(8000, 9000)));
        return tcp(tcpRepr(TcpSegment.ACK, 1001, 5001, sack, 0), new byte[0]);
    }

    static byte[] tcpFin() {
        return tcp(tcpRepr(TcpSegment.FIN | TcpSegment.ACK, 1100, 5001, TcpOptionSet.NONE, 0), new byte[0]);
    }

    static byte[] tcpRst() {
        return tcp(tcpRepr(TcpSegment.RST, 1100, 0, TcpOptionSet.NONE, 0), new byte[0]);
    }

    static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** An IPv4/UDP DNS-looking datagram. */
    static byte[] ipv4Udp() {
        return ipv4(IpProtocol.UDP, udp(53000, 53, hex("abcd01000001000000000000076578616d706c6503636f6d0000010001")));
    }

    /** An IPv4/TCP SYN. */
    static byte[] ipv4TcpSyn() {
        return ipv4(IpProtocol.TCP, tcpSyn());
    }

    /** An IPv4/ICMP echo request. */
    static byte[] ipv4Echo() {
        return ipv4(IpProtocol.ICMP, icmp(new IcmpRepr.EchoRequest(0x1234, 1, ascii("abcdefghijklmnop"))));
    }

    /** An IPv4/ICMP port unreachable quoting the IPv4/UDP datagram (header and 8 bytes). */
    static byte[] ipv4PortUnreachable() {
        byte[] quoted = java.util.Arrays.copyOf(ipv4Udp(), 28);
        return ipv4(IpProtocol.ICMP, icmp(new IcmpRepr.DestinationUnreachable(3, 0, quoted)));
    }

    /** An Ethernet frame holding an IPv4 datagram. */
    static byte[] ethernetIpv4(byte[] datagram) {
        return ethernet(EtherType.IPV4, datagram);
    }
}
