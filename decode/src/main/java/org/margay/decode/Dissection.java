package org.margay.decode;

import java.lang.foreign.MemorySegment;
import org.margay.net.arp.ArpPacket;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.icmp.IcmpMessage;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.tcp.TcpOptions;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.udp.UdpDatagram;

/**
 * What a {@link Dissector} found in one frame: which layers are present, where each starts, how many of its
 * bytes were captured, the structural status of each header and the checksum verdicts, plus the wire views
 * (already wrapped) for reading the fields themselves.
 *
 * <p>One instance belongs to one {@code Dissector} and is overwritten by every {@link Dissector#dissect} call:
 * it allocates nothing per packet, and a caller that needs a value beyond the next frame copies it out. A layer's
 * view may be read only when that layer is reported present ({@link #link()}, {@link #network()},
 * {@link #transport()}) and only within the bytes its status allows: a {@link WireStatus#TRUNCATED} header has
 * just {@code ...Captured()} bytes behind it.
 */
public final class Dissection {

    /** The link-layer framing of the frame. */
    public enum Link {
        /** Ethernet II (LINKTYPE 1), with any stacked 802.1Q/802.1ad tags. */
        ETHERNET,
        /** Linux cooked capture v1 (LINKTYPE 113). */
        LINUX_SLL,
        /** Linux cooked capture v2 (LINKTYPE 276), what {@code tcpdump -i any} writes since libpcap 1.10. */
        LINUX_SLL2,
        /** BSD loopback (LINKTYPE 0 host byte order, 108 network byte order). */
        NULL,
        /** Raw IP (LINKTYPE 101 or 228): the frame starts with the IP header. */
        RAW,
        /** PPP (LINKTYPE 9): optional address/control bytes, then a PPP protocol number (RFC 1661 §2). */
        PPP,
        /** A link type this decoder does not read. */
        UNSUPPORTED
    }

    /** The network-layer protocol carried by the link. */
    public enum Network {
        /** Nothing: the link header was cut, or the frame ends with it. */
        NONE,
        /** ARP (EtherType 0x0806, RFC 826). */
        ARP,
        /** IPv4 (EtherType 0x0800, RFC 791). */
        IPV4,
        /** Another protocol: see {@link #networkType()}. */
        OTHER
    }

    /** The transport-layer protocol carried by IPv4. */
    public enum Transport {
        /** Nothing: no IPv4, a malformed IPv4 header, or a non-first fragment. */
        NONE,
        /** ICMP (protocol 1, RFC 792). */
        ICMP,
        /** UDP (protocol 17, RFC 768). */
        UDP,
        /** TCP (protocol 6, RFC 9293). */
        TCP,
        /** Another IP protocol: see {@link Ipv4Packet#protocol()}. */
        OTHER
    }

    final EthernetFrame ethernet = new EthernetFrame();
    final ArpPacket arp = new ArpPacket();
    final Ipv4Packet ip = new Ipv4Packet();
    final IcmpMessage icmp = new IcmpMessage();
    final UdpDatagram udp = new UdpDatagram();
    final TcpSegment tcp = new TcpSegment();
    final TcpOptions tcpOptions = new TcpOptions();
    final Ipv4Packet quotedIp = new Ipv4Packet();
    final UdpDatagram quotedUdp = new UdpDatagram();
    final TcpSegment quotedTcp = new TcpSegment();

    MemorySegment segment = MemorySegment.NULL;
    long frameOffset;
    int capturedLength;
    long originalLength;
    int linkType;

    Link link = Link.UNSUPPORTED;
    boolean linkComplete;
    int linkHeaderLength;
    int vlanTagCount;
    int sllPacketType;
    int sllHardwareType;
    int sllAddressLength;
    long sllInterfaceIndex;
    int nullFamily;

    Network network = Network.NONE;
    int networkType = -1;
    long networkOffset;
    int networkCaptured;

    WireStatus arpStatus = WireStatus.TRUNCATED;

    WireStatus ipStatus = WireStatus.TRUNCATED;
    ChecksumStatus ipChecksum = ChecksumStatus.UNVERIFIED;

    Transport transport = Transport.NONE;
    long transportOffset;
    int transportLength;
    int transportCaptured;
    WireStatus transportStatus = WireStatus.TRUNCATED;
    ChecksumStatus transportChecksum = ChecksumStatus.UNVERIFIED;

    boolean hasQuotedIp;
    WireStatus quotedIpStatus = WireStatus.TRUNCATED;
    Transport quotedTransport = Transport.NONE;
    long quotedTransportOffset;
    int quotedTransportCaptured;

    Dissection() {
    }

    void reset(MemorySegment segment, long offset, int capturedLength, long originalLength, int linkType) {
        this.segment = segment;
        this.frameOffset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.linkType = linkType;
        link = Link.UNSUPPORTED;
        linkComplete = false;
        linkHeaderLength = 0;
        vlanTagCount = 0;
        sllPacketType = -1;
        sllHardwareType = -1;
        sllAddressLength = 0;
        sllInterfaceIndex = -1;
        nullFamily = -1;
        network = Network.NONE;
        networkType = -1;
        networkOffset = offset;
        networkCaptured = 0;
        arpStatus = WireStatus.TRUNCATED;
        ipStatus = WireStatus.TRUNCATED;
        ipChecksum = ChecksumStatus.UNVERIFIED;
        transport = Transport.NONE;
        transportOffset = offset;
        transportLength = 0;
        transportCaptured = 0;
        transportStatus = WireStatus.TRUNCATED;
        transportChecksum = ChecksumStatus.UNVERIFIED;
        hasQuotedIp = false;
        quotedIpStatus = WireStatus.TRUNCATED;
        quotedTransport = Transport.NONE;
        quotedTransportOffset = offset;
        quotedTransportCaptured = 0;
    }

    // ------------------------------------------------------------------ frame

    /** The segment holding the frame. */
    public MemorySegment segment() {
        return segment;
    }

    /** Absolute offset of the frame's first byte in {@link #segment()}. */
    public long frameOffset() {
        return frameOffset;
    }

    /** Bytes of the frame present in the capture. */
    public int capturedLength() {
        return capturedLength;
    }

    /** Length of the frame on the wire (at least {@link #capturedLength()}). */
    public long originalLength() {
        return originalLength;
    }

    /** The raw {@code LINKTYPE_*} number the frame was captured with. */
    public int linkType() {
        return linkType;
    }

    // ------------------------------------------------------------------ link

    /** The link framing. */
    public Link link() {
        return link;
    }

    /** Whether the whole link header (tags included) was captured. */
    public boolean linkComplete() {
        return linkComplete;
    }

    /** Bytes of link header before the network packet (Ethernet: 14 plus 4 per tag). */
    public int linkHeaderLength() {
        return linkHeaderLength;
    }

    /** The Ethernet view, wrapped over the captured frame (meaningful when {@link #link()} is ETHERNET). */
    public EthernetFrame ethernet() {
        return ethernet;
    }

    /** How many VLAN tags were read (Ethernet only). */
    public int vlanTagCount() {
        return vlanTagCount;
    }

    /** Linux cooked capture: the packet type (0 to us ... 4 outgoing), -1 otherwise. */
    public int sllPacketType() {
        return sllPacketType;
    }

    /** Linux cooked capture: the ARPHRD_ hardware type, -1 otherwise. */
    public int sllHardwareType() {
        return sllHardwareType;
    }

    /** Linux cooked capture: the link-layer address length field. */
    public int sllAddressLength() {
        return sllAddressLength;
    }

    /** The interface index of a Linux cooked v2 header (its bytes 4-7), or -1 when there is none. */
    public long sllInterfaceIndex() {
        return sllInterfaceIndex;
    }

    /** BSD loopback: the address family (2 = AF_INET), -1 otherwise. */
    public int nullFamily() {
        return nullFamily;
    }

    // ------------------------------------------------------------------ network

    /** The network protocol found. */
    public Network network() {
        return network;
    }

    /**
     * The protocol number the link announced: the EtherType for Ethernet and Linux cooked captures, the address
     * family for loopback, the IP version nibble for raw IP, the PPP protocol for PPP; -1 when the link header
     * was cut.
     */
    public int networkType() {
        return networkType;
    }

    /** Absolute offset of the network header. */
    public long networkOffset() {
        return networkOffset;
    }

    /** Captured bytes from the network header to the end of the frame (link padding included). */
    public int networkCaptured() {
        return networkCaptured;
    }

    /** The ARP view (meaningful when {@link #network()} is ARP). */
    public ArpPacket arp() {
        return arp;
    }

    /** The ARP view's structural status. */
    public WireStatus arpStatus() {
        return arpStatus;
    }

    /** The IPv4 view, wrapped over {@link #networkCaptured()} bytes (meaningful when {@link #network()} is IPV4). */
    public Ipv4Packet ip() {
        return ip;
    }

    /**
     * The IPv4 header's structural status: {@code TRUNCATED} (fewer than 20 bytes), {@code BAD_VERSION},
     * {@code BAD_HEADER_LENGTH} (IHL below 5, or options cut by the capture), {@code BAD_TOTAL_LENGTH} (total
     * length below the header length) or {@code OK}. A datagram cut by the capture is {@code OK} here.
     */
    public WireStatus ipStatus() {
        return ipStatus;
    }

    /** The IPv4 header checksum verdict ({@code UNVERIFIED} when the header was not all captured). */
    public ChecksumStatus ipChecksum() {
        return ipChecksum;
    }

    /** Whether the IPv4 datagram is a fragment (More Fragments set or a non-zero offset). */
    public boolean isFragment() {
        return network == Network.IPV4 && ipStatus == WireStatus.OK && (ip.moreFragments() || ip.fragmentOffset() != 0);
    }

    // ------------------------------------------------------------------ transport

    /** The transport protocol found. */
    public Transport transport() {
        return transport;
    }

    /** Absolute offset of the transport header. */
    public long transportOffset() {
        return transportOffset;
    }

    /** The transport length IPv4 declares: total length minus header length. */
    public int transportLength() {
        return transportLength;
    }

    /** Transport bytes captured, at most {@link #transportLength()}. */
    public int transportCaptured() {
        return transportCaptured;
    }

    /**
     * The transport header's structural status: {@code TRUNCATED} when the fixed header (and for TCP its options)
     * is not all captured, {@code BAD_HEADER_LENGTH} for a TCP data offset below 5 or beyond the segment,
     * {@code BAD_LENGTH} for a UDP length below 8 or beyond the datagram, else {@code OK}.
     */
    public WireStatus transportStatus() {
        return transportStatus;
    }

    /** The transport checksum verdict (over the IPv4 pseudo-header for UDP and TCP). */
    public ChecksumStatus transportChecksum() {
        return transportChecksum;
    }

    /** The ICMP view (meaningful when {@link #transport()} is ICMP). */
    public IcmpMessage icmp() {
        return icmp;
    }

    /** The UDP view (meaningful when {@link #transport()} is UDP). */
    public UdpDatagram udp() {
        return udp;
    }

    /** The TCP view (meaningful when {@link #transport()} is TCP). */
    public TcpSegment tcp() {
        return tcp;
    }

    /** The TCP options, parsed when the TCP header is {@code OK}. */
    public TcpOptions tcpOptions() {
        return tcpOptions;
    }

    // ------------------------------------------------------------------ ICMP quoted datagram

    /** Whether an ICMP error carried (the start of) an IPv4 header of the offending datagram. */
    public boolean hasQuotedIp() {
        return hasQuotedIp;
    }

    /** The quoted IPv4 header, wrapped over the quoted bytes. */
    public Ipv4Packet quotedIp() {
        return quotedIp;
    }

    /** The quoted header's structural status (as {@link #ipStatus()}). */
    public WireStatus quotedIpStatus() {
        return quotedIpStatus;
    }

    /** The quoted datagram's transport protocol (UDP or TCP when its header start was quoted). */
    public Transport quotedTransport() {
        return quotedTransport;
    }

    /** Absolute offset of the quoted transport header. */
    public long quotedTransportOffset() {
        return quotedTransportOffset;
    }

    /** Quoted transport bytes present. */
    public int quotedTransportCaptured() {
        return quotedTransportCaptured;
    }

    /** The quoted UDP view. */
    public UdpDatagram quotedUdp() {
        return quotedUdp;
    }

    /** The quoted TCP view. */
    public TcpSegment quotedTcp() {
        return quotedTcp;
    }
}
