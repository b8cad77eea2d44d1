package org.margay.decode;

/**
 * The names tcpdump prints for numbers (its {@code tok2str} tables), for the protocols {@code margay decode}
 * covers. Cold path: plain switches returning constants.
 */
final class TcpdumpNames {
    private TcpdumpNames() {
    }

    /** EtherType names ({@code ethertype_values}); {@code null} when tcpdump would say "Unknown". */
    static String etherType(int type) {
        return switch (type) {
            case 0x0800 -> "IPv4";
            case 0x0806 -> "ARP";
            case 0x86dd -> "IPv6";
            case 0x8100 -> "802.1Q";
            case 0x88a8 -> "802.1Q-QinQ";
            case 0x9100 -> "802.1Q-9100";
            case 0x9200 -> "802.1Q-9200";
            case 0x8035 -> "Reverse ARP";
            case 0x809b -> "Appletalk";
            case 0x80f3 -> "Appletalk ARP";
            case 0x8137 -> "IPX";
            case 0x8847 -> "MPLS unicast";
            case 0x8848 -> "MPLS multicast";
            case 0x8863 -> "PPPoE D";
            case 0x8864 -> "PPPoE S";
            case 0x888e -> "EAPOL";
            case 0x88cc -> "LLDP";
            case 0x8809 -> "Slow Protocols";
            case 0x8808 -> "MAC control";
            case 0x88e5 -> "MACsec";
            case 0x88f7 -> "PTP";
            case 0x9000 -> "Loopback";
            case 0x6002 -> "DEC MOP RC";
            case 0x6003 -> "DECnet";
            case 0x6004 -> "DEC LAT";
            case 0x8902 -> "CFM";
            case 0x22f0 -> "AVB";
            default -> null;
        };
    }

    /** IP protocol names for {@code proto %s (%u)} ({@code ipproto_values}); "unknown" otherwise. */
    static String ipProtocol(int protocol) {
        return switch (protocol) {
            case 0 -> "Options";
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case 6 -> "TCP";
            case 8 -> "EGP";
            case 9 -> "IGRP";
            case 12 -> "PUP";
            case 17 -> "UDP";
            case 41 -> "IPv6";
            case 43 -> "Routing";
            case 44 -> "Frag";
            case 46 -> "RSVP";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 54 -> "NARP";
            case 58 -> "ICMPv6";
            case 59 -> "NONE";
            case 60 -> "Dst";
            case 77 -> "ND";
            case 88 -> "EIGRP";
            case 89 -> "OSPF";
            case 94 -> "TCP";
            case 98 -> "ENCAP";
            case 103 -> "PIM";
            case 108 -> "Comp";
            case 112 -> "VRRP";
            case 113 -> "PGM";
            case 132 -> "SCTP";
            case 135 -> "Mobility";
            case 145 -> "PFSYNC";
            default -> "unknown";
        };
    }

    /** IPv4 option names ({@code ip_option_values}); {@code null} for "unknown %u". */
    static String ipOption(int kind) {
        return switch (kind) {
            case 0 -> "EOL";
            case 1 -> "NOP";
            case 7 -> "RR";
            case 68 -> "timestamp";
            case 82 -> "traceroute";
            case 130 -> "security";
            case 131 -> "LSRR";
            case 137 -> "SSRR";
            case 148 -> "RA";
            default -> null;
        };
    }

    /** TCP option names ({@code tcp_option_values}); {@code null} for "unknown-%u". */
    static String tcpOption(int kind) {
        return switch (kind) {
            case 0 -> "eol";
            case 1 -> "nop";
            case 2 -> "mss";
            case 3 -> "wscale";
            case 4 -> "sackOK";
            case 5 -> "sack";
            case 6 -> "echo";
            case 7 -> "echoreply";
            case 8 -> "TS";
            case 11 -> "cc";
            case 12 -> "ccnew";
            case 13 -> "";
            case 19 -> "md5";
            case 20 -> "scps";
            case 28 -> "uto";
            case 29 -> "tcp-ao";
            case 30 -> "mptcp";
            case 34 -> "tfo";
            case 254 -> "exp";
            default -> null;
        };
    }

    /** BSD loopback address families ({@code bsd_af_values}); "Unknown" otherwise. */
    static String bsdAddressFamily(int family) {
        return switch (family) {
            case 2 -> "IPv4";
            case 7 -> "ISO";
            case 16 -> "Appletalk";
            case 23 -> "IPX";
            case 24, 28, 30 -> "IPv6";
            default -> "Unknown";
        };
    }

    /** Linux cooked packet types ({@code sll_pkttype_values}); "?" otherwise. */
    static String sllPacketType(int type) {
        return switch (type) {
            case 0 -> "In";
            case 1 -> "B";
            case 2 -> "M";
            case 3 -> "P";
            case 4 -> "Out";
            default -> "?";
        };
    }

    /** ARP operations ({@code arpop_values}); {@code null} for "Unknown (%u)". */
    static String arpOperation(int op) {
        return switch (op) {
            case 1 -> "Request";
            case 2 -> "Reply";
            case 3 -> "Reverse Request";
            case 4 -> "Reverse Reply";
            case 8 -> "Inverse Request";
            case 9 -> "Inverse Reply";
            case 10 -> "NACK Reply";
            default -> null;
        };
    }

    /** ARP hardware types ({@code arphrd_values}); {@code null} for "Unknown Hardware (%u)". */
    static String arpHardware(int type) {
        return switch (type) {
            case 1 -> "Ethernet";
            case 2 -> "Experimental Ethernet";
            case 3 -> "AX.25 Packet Radio";
            case 4 -> "ProNET";
            case 5 -> "Chaos";
            case 6 -> "IEEE 802";
            case 7 -> "ARCNET";
            case 15 -> "Frame Relay";
            case 16 -> "ATM";
            case 19 -> "ATM (RFC 2225)";
            case 24 -> "IEEE 1394";
            case 32 -> "InfiniBand";
            default -> null;
        };
    }

    /** PPP protocol names ({@code ppptype2str}) for the ones a PPP link carries here. */
    static String pppProtocol(int protocol) {
        return switch (protocol) {
            case 0x0021 -> "IP";
            case 0x0057 -> "IPV6";
            case 0x0281 -> "MPLS";
            case 0xc021 -> "LCP";
            case 0x8021 -> "IPCP";
            default -> "unknown";
        };
    }
}
