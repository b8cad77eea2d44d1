package org.margay.pcap;

/**
 * The link-layer header types ({@code LINKTYPE_*} values from the tcpdump.org registry, also
 * draft-ietf-opsawg-pcaplinktype) that Margay understands, with the length of their fixed link header.
 *
 * <p>A capture may carry any other value: readers report it as {@link #OTHER} together with the raw number
 * ({@link CaptureReader#linkType()}), and never reject it.
 */
public enum LinkType {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order (see {@link LinkHeaders#nullFamily}). */
    NULL(0, 4),
    /** IEEE 802.3 Ethernet: 14-byte header (more with VLAN tags), no FCS unless the file says so. */
    ETHERNET(1, 14),
    /** Raw IP: the packet starts with the IPv4 or IPv6 header (version nibble tells which). */
    RAW(101, 0),
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    LOOP(108, 4),
    /** Linux "cooked" capture v1: a 16-byte pseudo-header whose last 2 bytes are the protocol (EtherType). */
    LINUX_SLL(113, 16),
    /** Raw IPv4: the packet starts with the IPv4 header. */
    IPV4(228, 0),
    /** Any other link type; its raw value is still reported. */
    OTHER(-1, 0);

    private final int value;
    private final int headerLength;

    LinkType(int value, int headerLength) {
        this.value = value;
        this.headerLength = headerLength;
    }

    /** The {@code LINKTYPE_*} number, or -1 for {@link #OTHER}. */
    public int value() {
        return value;
    }

    /** Bytes of fixed link header before the network-layer packet (0 for {@link #OTHER}: unknown). */
    public int headerLength() {
        return headerLength;
    }

    /** The constant for a {@code LINKTYPE_*} number, {@link #OTHER} when this module does not know it. */
    public static LinkType of(int value) {
        return switch (value) {
            case 0 -> NULL;
            case 1 -> ETHERNET;
            case 101 -> RAW;
            case 108 -> LOOP;
            case 113 -> LINUX_SLL;
            case 228 -> IPV4;
            default -> OTHER;
        };
    }

    /** A short name for a raw link type, for messages: the constant's name or {@code LINKTYPE_<n>}. */
    public static String describe(int value) {
        LinkType known = of(value);
        return known == OTHER ? "LINKTYPE_" + value : known.name();
    }
}
