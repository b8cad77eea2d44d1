package org.margay.net.ipv4;

/**
 * IP protocol numbers carried in the IPv4 Protocol field (RFC 791 §3.1; values from the IANA "Assigned
 * Internet Protocol Numbers" registry, originally RFC 790/1700).
 *
 * <p>Plain {@code int} constants so the hot path never boxes; {@link #name(int)} is for printing only.
 */
public final class IpProtocol {
    /** IPv6 Hop-by-Hop Option (RFC 8200). */
    public static final int HOPOPT = 0;
    /** Internet Control Message Protocol (RFC 792). */
    public static final int ICMP = 1;
    /** Internet Group Management Protocol (RFC 1112, RFC 2236, RFC 3376). */
    public static final int IGMP = 2;
    /** IPv4 encapsulated in IPv4 (RFC 2003). */
    public static final int IPIP = 4;
    /** Transmission Control Protocol (RFC 9293). */
    public static final int TCP = 6;
    /** Exterior Gateway Protocol (RFC 888). */
    public static final int EGP = 8;
    /** User Datagram Protocol (RFC 768). */
    public static final int UDP = 17;
    /** IPv6 encapsulated in IPv4 (RFC 2473, RFC 4213). */
    public static final int IPV6 = 41;
    /** Routing header for IPv6 (RFC 8200). */
    public static final int IPV6_ROUTE = 43;
    /** Fragment header for IPv6 (RFC 8200). */
    public static final int IPV6_FRAG = 44;
    /** Resource Reservation Protocol (RFC 2205). */
    public static final int RSVP = 46;
    /** Generic Routing Encapsulation (RFC 2784). */
    public static final int GRE = 47;
    /** Encapsulating Security Payload (RFC 4303). */
    public static final int ESP = 50;
    /** Authentication Header (RFC 4302). */
    public static final int AH = 51;
    /** ICMP for IPv6 (RFC 4443). */
    public static final int ICMPV6 = 58;
    /** No Next Header for IPv6 (RFC 8200). */
    public static final int IPV6_NONXT = 59;
    /** Destination Options for IPv6 (RFC 8200). */
    public static final int IPV6_OPTS = 60;
    /** Open Shortest Path First (RFC 2328). */
    public static final int OSPF = 89;
    /** Protocol Independent Multicast (RFC 7761). */
    public static final int PIM = 103;
    /** Virtual Router Redundancy Protocol (RFC 5798). */
    public static final int VRRP = 112;
    /** Layer Two Tunneling Protocol v3 (RFC 3931). */
    public static final int L2TP = 115;
    /** Stream Control Transmission Protocol (RFC 9260). */
    public static final int SCTP = 132;
    /** UDP-Lite (RFC 3828). */
    public static final int UDPLITE = 136;
    /** MPLS in IP (RFC 4023). */
    public static final int MPLS_IN_IP = 137;

    private IpProtocol() {
    }

    /**
     * A short lower-case name for printing, in the spelling tcpdump uses ({@code "tcp"}, {@code "udp"},
     * {@code "icmp"}), or {@code null} when the number is not one of the constants above. Returns a constant
     * string: no allocation.
     */
    public static String name(int protocol) {
        return switch (protocol) {
            case HOPOPT -> "hopopt";
            case ICMP -> "icmp";
            case IGMP -> "igmp";
            case IPIP -> "ipip";
            case TCP -> "tcp";
            case EGP -> "egp";
            case UDP -> "udp";
            case IPV6 -> "ip6";
            case IPV6_ROUTE -> "ipv6-route";
            case IPV6_FRAG -> "ipv6-frag";
            case RSVP -> "rsvp";
            case GRE -> "gre";
            case ESP -> "esp";
            case AH -> "ah";
            case ICMPV6 -> "icmp6";
            case IPV6_NONXT -> "ipv6-nonxt";
            case IPV6_OPTS -> "ipv6-opts";
            case OSPF -> "ospf";
            case PIM -> "pim";
            case VRRP -> "vrrp";
            case L2TP -> "l2tp";
            case SCTP -> "sctp";
            case UDPLITE -> "udplite";
            case MPLS_IN_IP -> "mpls-in-ip";
            default -> null;
        };
    }

    /** {@link #name(int)}, or {@code "ip-proto-N"} (tcpdump's spelling) for unnamed numbers. Cold path. */
    public static String nameOrNumber(int protocol) {
        String name = name(protocol);
        return name != null ? name : "ip-proto-" + (protocol & 0xFF);
    }
}
