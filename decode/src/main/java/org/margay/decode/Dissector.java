package org.margay.decode;

import java.lang.foreign.MemorySegment;
import org.margay.decode.Dissection.Link;
import org.margay.decode.Dissection.Network;
import org.margay.decode.Dissection.Transport;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.icmp.IcmpMessage;
import org.margay.net.icmp.IcmpType;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.udp.UdpDatagram;
import org.margay.pcap.LinkHeaders;
import org.margay.pcap.LinkType;

/**
 * Walks one captured frame down the layers (link, Ethernet/VLAN, ARP or IPv4, then ICMP, UDP or TCP) by
 * wrapping reusable wire views, and records what it found in its {@link Dissection}.
 *
 * <p>This is the hot path of {@code margay decode} and of anything that only parses: {@link #dissect} allocates
 * nothing and throws nothing, whatever the bytes (the views read only inside the captured length). Checksums
 * are verified only when asked ({@link #Dissector(boolean)}), since they cost a pass over the payload.
 *
 * <p>Not thread-safe: one dissector, and its one dissection, per thread.
 */
public final class Dissector {
    /** Linux cooked v1 header length (pkttype, hatype, halen, 8 address bytes, protocol). */
    static final int SLL_HEADER_LENGTH = 16;
    /** Offset of the link-layer address length in a Linux cooked v1 header. */
    static final int SLL_ADDRESS_LENGTH_OFFSET = 4;
    /** Offset of the ARPHRD_ type in a Linux cooked v1 header. */
    static final int SLL_HARDWARE_TYPE_OFFSET = 2;
    /** Linux cooked v2 header length (protocol, reserved, interface index, hatype, pkttype, halen, 8 address bytes). */
    static final int SLL2_HEADER_LENGTH = 20;
    /** LINKTYPE_LINUX_SLL2 (the pcap module does not name it). */
    static final int LINKTYPE_LINUX_SLL2 = 276;
    /** Offset of the interface index in a Linux cooked v2 header. */
    static final int SLL2_INTERFACE_INDEX_OFFSET = 4;
    /** Offset of the ARPHRD_ type in a Linux cooked v2 header. */
    static final int SLL2_HARDWARE_TYPE_OFFSET = 8;
    /** Offset of the packet type in a Linux cooked v2 header. */
    static final int SLL2_PACKET_TYPE_OFFSET = 10;
    /** Offset of the link-layer address length in a Linux cooked v2 header. */
    static final int SLL2_ADDRESS_LENGTH_OFFSET = 11;
    /** Offset of the link-layer address in a Linux cooked v2 header. */
    static final int SLL2_ADDRESS_OFFSET = 12;
    /** BSD loopback header length. */
    static final int NULL_HEADER_LENGTH = 4;
    /** LINKTYPE_PPP (the pcap module does not name it). */
    static final int LINKTYPE_PPP = 9;
    /** PPP protocol number of IPv4 (RFC 1332). */
    static final int PPP_IPV4 = 0x0021;

    private final boolean verifyChecksums;
    private final Dissection result = new Dissection();

    /** A dissector that verifies checksums. */
    public Dissector() {
        this(true);
    }

    /** A dissector; with {@code verifyChecksums} false every checksum is reported {@link ChecksumStatus#UNVERIFIED}. */
    public Dissector(boolean verifyChecksums) {
        this.verifyChecksums = verifyChecksums;
    }

    /** The dissection that {@link #dissect} fills (always the same object). */
    public Dissection dissection() {
        return result;
    }

    /**
     * Dissects one frame of {@code capturedLength} bytes at {@code offset} of {@code segment}, captured with raw
     * link type {@code linkType}; returns the (reused) dissection. Bytes outside the segment are never read.
     */
    public Dissection dissect(int linkType, MemorySegment segment, long offset, int capturedLength, long originalLength) {
        int captured = (int) Math.max(0, Math.min(capturedLength, segment.byteSize() - Math.max(0, offset)));
        Dissection d = result;
        d.reset(segment, offset, captured, Math.max(originalLength, captured), linkType);
        switch (LinkType.of(linkType)) {
            case ETHERNET -> ethernet(d);
            case LINUX_SLL -> linuxCooked(d);
            case NULL, LOOP -> loopback(d, linkType == LinkType.LOOP.value());
            case RAW, IPV4 -> raw(d, linkType == LinkType.IPV4.value());
            default -> {
                if (linkType == LINKTYPE_PPP) {
                    ppp(d);
                } else if (linkType == LINKTYPE_LINUX_SLL2) {
                    linuxCooked2(d);
                } else {
                    d.link = Link.UNSUPPORTED;
                }
            }
        }
        return d;
    }

    // ------------------------------------------------------------------ link layer

    private void ethernet(Dissection d) {
        d.link = Link.ETHERNET;
        EthernetFrame frame = d.ethernet.wrap(d.segment, d.frameOffset, d.capturedLength);
        if (d.capturedLength < EthernetFrame.HEADER_LENGTH) {
            return;
        }
        // IEEE 802.1Q §9.6: each TPID starts a 4-byte tag; the first other value is the EtherType.
        int typeAt = EthernetFrame.TYPE_OFFSET;
        int type = Bytes.u16(d.segment, d.frameOffset + typeAt);
        int tags = 0;
        while (EtherType.isVlanTpid(type) && tags < EthernetFrame.MAX_VLAN_TAGS) {
            if (typeAt + EthernetFrame.VLAN_TAG_LENGTH + 2 > d.capturedLength) {
                d.vlanTagCount = tags;
                d.linkHeaderLength = typeAt + 2;
                return;
            }
            typeAt += EthernetFrame.VLAN_TAG_LENGTH;
            tags++;
            type = Bytes.u16(d.segment, d.frameOffset + typeAt);
        }
        d.vlanTagCount = tags;
        d.linkHeaderLength = typeAt + 2;
        d.linkComplete = true;
        d.networkType = type;
        if (frame.length() >= d.linkHeaderLength) {
            network(d, type, d.frameOffset + d.linkHeaderLength, d.capturedLength - d.linkHeaderLength);
        }
    }

    private void linuxCooked(Dissection d) {
        d.link = Link.LINUX_SLL;
        if (d.capturedLength >= 4) {
            d.sllPacketType = Bytes.u16(d.segment, d.frameOffset + LinkHeaders.SLL_PACKET_TYPE_OFFSET);
            d.sllHardwareType = Bytes.u16(d.segment, d.frameOffset + SLL_HARDWARE_TYPE_OFFSET);
        }
        if (d.capturedLength < SLL_HEADER_LENGTH) {
            return;
        }
        d.sllAddressLength = Bytes.u16(d.segment, d.frameOffset + SLL_ADDRESS_LENGTH_OFFSET);
        d.linkHeaderLength = SLL_HEADER_LENGTH;
        d.linkComplete = true;
        int protocol = LinkHeaders.sllProtocol(d.segment, d.frameOffset, d.capturedLength);
        d.networkType = protocol;
        network(d, protocol, d.frameOffset + SLL_HEADER_LENGTH, d.capturedLength - SLL_HEADER_LENGTH);
    }

    private void linuxCooked2(Dissection d) {
        d.link = Link.LINUX_SLL2;
        if (d.capturedLength < SLL2_HEADER_LENGTH) {
            return;
        }
        long at = d.frameOffset;
        d.sllInterfaceIndex = Bytes.u32(d.segment, at + SLL2_INTERFACE_INDEX_OFFSET);
        d.sllHardwareType = Bytes.u16(d.segment, at + SLL2_HARDWARE_TYPE_OFFSET);
        d.sllPacketType = Bytes.u8(d.segment, at + SLL2_PACKET_TYPE_OFFSET);
        d.sllAddressLength = Bytes.u8(d.segment, at + SLL2_ADDRESS_LENGTH_OFFSET);
        d.linkHeaderLength = SLL2_HEADER_LENGTH;
        d.linkComplete = true;
        int protocol = Bytes.u16(d.segment, at);
        d.networkType = protocol;
        network(d, protocol, at + SLL2_HEADER_LENGTH, d.capturedLength - SLL2_HEADER_LENGTH);
    }

    private void loopback(Dissection d, boolean networkOrder) {
        d.link = Link.NULL;
        if (d.capturedLength < NULL_HEADER_LENGTH) {
            return;
        }
        int family = networkOrder
                ? LinkHeaders.loopFamily(d.segment, d.frameOffset, d.capturedLength)
                : LinkHeaders.nullFamily(d.segment, d.frameOffset, d.capturedLength);
        d.nullFamily = family;
        d.networkType = family;
        d.linkHeaderLength = NULL_HEADER_LENGTH;
        d.linkComplete = true;
        long at = d.frameOffset + NULL_HEADER_LENGTH;
        int left = d.capturedLength - NULL_HEADER_LENGTH;
        if (family == LinkHeaders.AF_INET) {
            ipv4(d, at, left);
        } else {
            other(d, at, left);
        }
    }

    private void raw(Dissection d, boolean alwaysIpv4) {
        d.link = Link.RAW;
        d.linkComplete = true;
        if (d.capturedLength < 1) {
            return;
        }
        int version = Bytes.u8(d.segment, d.frameOffset) >>> 4;
        d.networkType = version;
        if (alwaysIpv4 || version == Ipv4Packet.VERSION) {
            ipv4(d, d.frameOffset, d.capturedLength);
        } else {
            other(d, d.frameOffset, d.capturedLength);
        }
    }

    private void ppp(Dissection d) {
        d.link = Link.PPP;
        int at = 0;
        // RFC 1662 §3.1: HDLC-like framing starts with address 0xff and control 0x03 (omitted with ACFC).
        if (d.capturedLength >= 2 && Bytes.u8(d.segment, d.frameOffset) == 0xff
                && Bytes.u8(d.segment, d.frameOffset + 1) == 0x03) {
            at = 2;
        }
        if (d.capturedLength < at + 1) {
            return;
        }
        int protocol;
        // RFC 1661 §6.5: a compressed (one-byte) protocol field is recognised by its odd first byte.
        if ((Bytes.u8(d.segment, d.frameOffset + at) & 1) != 0) {
            protocol = Bytes.u8(d.segment, d.frameOffset + at);
            at += 1;
        } else {
            if (d.capturedLength < at + 2) {
                return;
            }
            protocol = Bytes.u16(d.segment, d.frameOffset + at);
            at += 2;
        }
        d.linkHeaderLength = at;
        d.linkComplete = true;
        d.networkType = protocol;
        if (protocol == PPP_IPV4) {
            ipv4(d, d.frameOffset + at, d.capturedLength - at);
        } else {
            other(d, d.frameOffset + at, d.capturedLength - at);
        }
    }

    private void network(Dissection d, int etherType, long at, int captured) {
        switch (etherType) {
            case EtherType.IPV4 -> ipv4(d, at, captured);
            case EtherType.ARP -> arp(d, at, captured);
            default -> other(d, at, captured);
        }
    }

    private static void other(Dissection d, long at, int captured) {
        d.network = Network.OTHER;
        d.networkOffset = at;
        d.networkCaptured = Math.max(0, captured);
    }

    // ------------------------------------------------------------------ ARP

    private static void arp(Dissection d, long at, int captured) {
        d.network = Network.ARP;
        d.networkOffset = at;
        d.networkCaptured = Math.max(0, captured);
        d.arpStatus = d.arp.wrap(d.segment, at, d.networkCaptured).check();
    }

    // ------------------------------------------------------------------ IPv4

    private void ipv4(Dissection d, long at, int captured) {
        d.network = Network.IPV4;
        d.networkOffset = at;
        d.networkCaptured = Math.max(0, captured);
        Ipv4Packet ip = d.ip.wrap(d.segment, at, d.networkCaptured);
        d.ipStatus = ipHeaderStatus(ip);
        if (d.ipStatus != WireStatus.OK) {
            return;
        }
        int headerLength = ip.headerLength();
        if (verifyChecksums) {
            d.ipChecksum = ip.checksumValid() ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
        }
        if (ip.fragmentOffset() != 0) {
            return; // RFC 791 §3.2: only the first fragment carries the transport header.
        }
        d.transportOffset = at + headerLength;
        d.transportLength = ip.payloadLength();
        d.transportCaptured = ip.capturedPayloadLength();
        boolean fragment = ip.moreFragments();
        switch (ip.protocol()) {
            case IpProtocol.TCP -> tcp(d, ip, fragment);
            case IpProtocol.UDP -> udp(d, ip, fragment);
            case IpProtocol.ICMP -> icmp(d, fragment);
            default -> d.transport = Transport.OTHER;
        }
    }

    /**
     * RFC 791 §3.1 checks that decide whether the header can be read at all: 20 bytes captured, version 4,
     * IHL at least 5 with the whole header captured, total length at least the header. The total length may
     * exceed what was captured (a snap length cut).
     */
    static WireStatus ipHeaderStatus(Ipv4Packet ip) {
        if (ip.availableLength() < Ipv4Packet.MIN_HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        if (ip.version() != Ipv4Packet.VERSION) {
            return WireStatus.BAD_VERSION;
        }
        int headerLength = ip.headerLength();
        if (headerLength < Ipv4Packet.MIN_HEADER_LENGTH) {
            return WireStatus.BAD_HEADER_LENGTH;
        }
        if (ip.totalLength() < headerLength) {
            return WireStatus.BAD_TOTAL_LENGTH;
        }
        if (headerLength > ip.availableLength()) {
            return WireStatus.TRUNCATED;
        }
        return WireStatus.OK;
    }

    /**
     * The destination the transport checksums' pseudo-header uses, as tcpdump's {@code ip_finddst} finds it:
     * the last address of a loose or strict source route option (RFC 791 §3.1: the final destination), else
     * the header's destination. An option walk that runs out of header gives the header's destination.
     */
    static int checksumDestination(Ipv4Packet ip) {
        return checksumDestination(ip.segment(), ip.offset(), ip.headerLength(), ip.destination());
    }

    /** {@link #checksumDestination(Ipv4Packet)} for a header of {@code end} bytes at {@code at}, read whole. */
    static int checksumDestination(MemorySegment seg, long at, int end, int headerDestination) {
        int pos = Ipv4Packet.MIN_HEADER_LENGTH;
        while (pos < end) {
            int kind = Bytes.u8(seg, at + pos);
            if (kind == 0) {
                break; // End of option list
            }
            int length = 1;
            if (kind != 1) {
                if (pos + 1 >= end) {
                    break;
                }
                length = Bytes.u8(seg, at + pos + 1);
                if (length < 2 || length > end - pos) {
                    break;
                }
                if ((kind == 131 || kind == 137) && length >= 7) {
                    return Bytes.i32(seg, at + pos + length - 4);
                }
            }
            pos += length;
        }
        return headerDestination;
    }

    // ------------------------------------------------------------------ TCP

    private void tcp(Dissection d, Ipv4Packet ip, boolean fragment) {
        d.transport = Transport.TCP;
        TcpSegment tcp = d.tcp.wrap(d.segment, d.transportOffset, d.transportCaptured);
        if (d.transportCaptured < TcpSegment.MIN_HEADER_LENGTH) {
            d.transportStatus = WireStatus.TRUNCATED;
            return;
        }
        int headerLength = tcp.headerLength();
        if (headerLength < TcpSegment.MIN_HEADER_LENGTH || headerLength > d.transportLength) {
            d.transportStatus = WireStatus.BAD_HEADER_LENGTH;
            return;
        }
        if (headerLength > d.transportCaptured) {
            d.transportStatus = WireStatus.TRUNCATED;
            return;
        }
        d.transportStatus = WireStatus.OK;
        d.tcpOptions.parse(d.segment, tcp.optionsOffset(), tcp.optionsLength());
        if (verifyChecksums && !fragment && d.transportCaptured >= d.transportLength) {
            // RFC 9293 §3.1: the checksum covers the pseudo-header, header and data (transport length bytes).
            d.transportChecksum = tcp.checksumValid(ip.source(), checksumDestination(ip))
                    ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
        }
    }

    // ------------------------------------------------------------------ UDP

    private void udp(Dissection d, Ipv4Packet ip, boolean fragment) {
        d.transport = Transport.UDP;
        UdpDatagram udp = d.udp.wrap(d.segment, d.transportOffset, d.transportCaptured);
        if (d.transportCaptured < UdpDatagram.HEADER_LENGTH) {
            d.transportStatus = WireStatus.TRUNCATED;
            return;
        }
        int length = udp.length();
        d.transportStatus = length < UdpDatagram.HEADER_LENGTH || length > d.transportLength
                ? WireStatus.BAD_LENGTH : WireStatus.OK;
        if (!verifyChecksums) {
            return;
        }
        if (!udp.hasChecksum()) {
            d.transportChecksum = ChecksumStatus.NOT_PRESENT; // RFC 768: zero means none was computed.
        } else if (!fragment && d.transportStatus == WireStatus.OK && length <= d.transportCaptured) {
            d.transportChecksum = udpChecksumValid(d, ip.source(), checksumDestination(ip), d.transportOffset, length)
                    ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
        }
    }

    private static boolean udpChecksumValid(Dissection d, int source, int destination, long at, int length) {
        int sum = InternetChecksum.ipv4PseudoHeaderSum(source, destination, IpProtocol.UDP, length);
        return InternetChecksum.verifies(d.segment, at, length, sum);
    }

    // ------------------------------------------------------------------ ICMP

    private void icmp(Dissection d, boolean fragment) {
        d.transport = Transport.ICMP;
        IcmpMessage icmp = d.icmp.wrap(d.segment, d.transportOffset, d.transportCaptured);
        if (d.transportCaptured < IcmpMessage.HEADER_LENGTH) {
            d.transportStatus = WireStatus.TRUNCATED;
            if (verifyChecksums && !fragment && d.transportLength >= 4 && d.transportCaptured >= d.transportLength) {
                d.transportChecksum = InternetChecksum.verifies(d.segment, d.transportOffset, d.transportLength, 0)
                        ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
            }
            return;
        }
        d.transportStatus = WireStatus.OK;
        if (verifyChecksums && !fragment && d.transportCaptured >= d.transportLength) {
            // RFC 792: the checksum covers the whole ICMP message.
            d.transportChecksum = icmp.checksumValid(d.transportLength) ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
        }
        if (IcmpType.isError(icmp.type())) {
            quoted(d, icmp.dataOffset(), d.transportCaptured - IcmpMessage.HEADER_LENGTH);
        }
    }

    /** The offending datagram an ICMP error quotes (RFC 792): its IPv4 header and the start of its transport. */
    private static void quoted(Dissection d, long at, int captured) {
        if (captured <= 0) {
            return;
        }
        d.hasQuotedIp = true;
        Ipv4Packet inner = d.quotedIp.wrap(d.segment, at, captured);
        d.quotedIpStatus = ipHeaderStatus(inner);
        if (d.quotedIpStatus != WireStatus.OK || inner.fragmentOffset() != 0) {
            return;
        }
        int headerLength = inner.headerLength();
        long transportAt = at + headerLength;
        int transportCaptured = Math.max(0, Math.min(inner.totalLength(), captured) - headerLength);
        d.quotedTransportOffset = transportAt;
        d.quotedTransportCaptured = transportCaptured;
        switch (inner.protocol()) {
            case IpProtocol.UDP -> {
                d.quotedTransport = Transport.UDP;
                d.quotedUdp.wrap(d.segment, transportAt, transportCaptured);
            }
            case IpProtocol.TCP -> {
                d.quotedTransport = Transport.TCP;
                d.quotedTcp.wrap(d.segment, transportAt, transportCaptured);
            }
            case IpProtocol.ICMP -> d.quotedTransport = Transport.ICMP;
            default -> d.quotedTransport = Transport.OTHER;
        }
    }
}
