/**
 * Packet decoding for people and for tools: the {@code margay decode} engine. A {@code Dissector} walks one
 * captured frame through the wire views (link, Ethernet/VLAN, ARP, IPv4, ICMP, UDP, TCP) into a reusable
 * {@code Dissection}; two formatters turn a dissection into tcpdump-style lines or tshark-style field rows;
 * {@code CaptureDecoder} ties them to a capture file.
 *
 * <p>This module knows wire formats and their text forms only: no sockets, no devices, no protocol state
 * beyond what the two text forms need (tcpdump's relative sequence numbers, tshark's window scaling).
 */
module org.margay.decode {
    requires transitive org.margay.net.common;
    requires transitive org.margay.net.ethernet;
    requires transitive org.margay.net.arp;
    requires transitive org.margay.net.ipv4;
    requires transitive org.margay.net.udp;
    requires transitive org.margay.net.tcp;
    requires org.margay.pcap;

    exports org.margay.decode;
}
