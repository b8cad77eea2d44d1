package org.margay.net.arp;

/**
 * ARP hardware types, the {@code ar$hrd} field (RFC 826; IANA "arp-parameters", hardware types). Only
 * {@link #ETHERNET} is decoded by {@link ArpPacket}'s typed accessors; the others are named so that a printer
 * can say what it saw. Plain {@code int}s; {@link #name(int)} is cold path.
 */
public final class ArpHardwareType {
    /** Ethernet (RFC 826: "ares_hrd$Ethernet", value 1), 6-byte addresses. */
    public static final int ETHERNET = 1;
    /** IEEE 802 networks (RFC 1042), 6-byte addresses. */
    public static final int IEEE_802 = 6;
    /** Frame Relay (RFC 2390). */
    public static final int FRAME_RELAY = 15;
    /** ATM (RFC 2225). */
    public static final int ATM = 19;
    /** InfiniBand (RFC 4391), 20-byte addresses. */
    public static final int INFINIBAND = 32;

    private ArpHardwareType() {
    }

    /** A short name for printing (cold path), or {@code "hrd N"} when unknown. */
    public static String name(int hardwareType) {
        return switch (hardwareType) {
            case ETHERNET -> "Ethernet";
            case IEEE_802 -> "IEEE-802";
            case FRAME_RELAY -> "Frame-Relay";
            case ATM -> "ATM";
            case INFINIBAND -> "InfiniBand";
            default -> "hrd " + hardwareType;
        };
    }
}
