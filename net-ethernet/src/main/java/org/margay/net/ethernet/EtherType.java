package org.margay.net.ethernet;

/**
 * EtherType values: the 16-bit field after the MAC addresses (and after each VLAN tag) that names what
 * follows (IEEE 802.3 §3.2.6; registry kept by the IEEE Registration Authority, IANA "ieee-802-numbers").
 *
 * <p>Values are plain {@code int}s so the hot path never boxes them. {@link #isVlanTpid(int)} is the hot-path
 * test the frame view uses; {@link #name(int)} is for printing only. What must stay true: every constant fits
 * 16 bits, and {@link #isVlanTpid(int)} is true for exactly {@link #VLAN_8021Q}, {@link #QINQ_8021AD} and
 * {@link #QINQ_LEGACY_9100}.
 */
public final class EtherType {
    /**
     * Values up to this one are an IEEE 802.3 length, not a type: the frame carries LLC (IEEE 802.3 §3.2.6
     * "Length/Type": a value of 1500 or less is a length, 1536 (0x0600) or more is a type).
     */
    public static final int MAX_LENGTH_VALUE = 1500;
    /** The smallest value that is a type rather than a length (IEEE 802.3 §3.2.6). */
    public static final int MIN_TYPE_VALUE = 0x0600;

    /** Internet Protocol version 4 (RFC 894). */
    public static final int IPV4 = 0x0800;
    /** Address Resolution Protocol (RFC 826). */
    public static final int ARP = 0x0806;
    /** Wake-on-LAN magic packet. */
    public static final int WAKE_ON_LAN = 0x0842;
    /** Reverse ARP (RFC 903). */
    public static final int RARP = 0x8035;
    /** A customer VLAN tag, C-TAG (IEEE 802.1Q §9.5). */
    public static final int VLAN_8021Q = 0x8100;
    /** Internet Protocol version 6 (RFC 2464). */
    public static final int IPV6 = 0x86DD;
    /** Ethernet flow control / MAC control, PAUSE frames (IEEE 802.3 Annex 31B). */
    public static final int MAC_CONTROL = 0x8808;
    /** Slow protocols: LACP, OAM (IEEE 802.3 Annex 43B). */
    public static final int SLOW_PROTOCOLS = 0x8809;
    /** MPLS unicast (RFC 3032). */
    public static final int MPLS_UNICAST = 0x8847;
    /** MPLS multicast (RFC 5332). */
    public static final int MPLS_MULTICAST = 0x8848;
    /** PPPoE discovery stage (RFC 2516). */
    public static final int PPPOE_DISCOVERY = 0x8863;
    /** PPPoE session stage (RFC 2516). */
    public static final int PPPOE_SESSION = 0x8864;
    /** EAP over LAN, 802.1X (IEEE 802.1X). */
    public static final int EAPOL = 0x888E;
    /** A service VLAN tag, S-TAG, "QinQ" (IEEE 802.1ad, now IEEE 802.1Q §9.5). */
    public static final int QINQ_8021AD = 0x88A8;
    /** Link Layer Discovery Protocol (IEEE 802.1AB). */
    public static final int LLDP = 0x88CC;
    /** MAC security (IEEE 802.1AE). */
    public static final int MACSEC = 0x88E5;
    /** Precision Time Protocol over Ethernet (IEEE 1588). */
    public static final int PTP = 0x88F7;
    /**
     * The pre-standard QinQ outer tag some switches still send (vendor use before IEEE 802.1ad assigned
     * 0x88A8); accepted as a VLAN tag.
     */
    public static final int QINQ_LEGACY_9100 = 0x9100;

    private EtherType() {
    }

    /** Hot path: whether {@code type} is a VLAN tag protocol identifier (TPID) that a frame may stack. */
    public static boolean isVlanTpid(int type) {
        return type == VLAN_8021Q || type == QINQ_8021AD || type == QINQ_LEGACY_9100;
    }

    /** Whether the field holds an IEEE 802.3 length (LLC frame) rather than an EtherType (IEEE 802.3 §3.2.6). */
    public static boolean isLength(int value) {
        return (value & 0xFFFF) <= MAX_LENGTH_VALUE;
    }

    /**
     * A short name for printing (cold path): for example {@code "IPv4"}, {@code "802.1Q"},
     * {@code "802.3 length 46"} for LLC frames, or {@code "0x1234"} when the value is not known here.
     */
    public static String name(int type) {
        int value = type & 0xFFFF;
        return switch (value) {
            case IPV4 -> "IPv4";
            case ARP -> "ARP";
            case WAKE_ON_LAN -> "Wake-on-LAN";
            case RARP -> "RARP";
            case VLAN_8021Q -> "802.1Q";
            case IPV6 -> "IPv6";
            case MAC_CONTROL -> "MAC-control";
            case SLOW_PROTOCOLS -> "slow-protocols";
            case MPLS_UNICAST -> "MPLS";
            case MPLS_MULTICAST -> "MPLS-multicast";
            case PPPOE_DISCOVERY -> "PPPoE-discovery";
            case PPPOE_SESSION -> "PPPoE-session";
            case EAPOL -> "EAPOL";
            case QINQ_8021AD -> "802.1ad";
            case LLDP -> "LLDP";
            case MACSEC -> "MACsec";
            case PTP -> "PTP";
            case QINQ_LEGACY_9100 -> "QinQ-0x9100";
            default -> value <= MAX_LENGTH_VALUE ? "802.3 length " + value : String.format("0x%04x", value);
        };
    }
}
