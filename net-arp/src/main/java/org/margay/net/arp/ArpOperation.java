package org.margay.net.arp;

/**
 * ARP operation codes, the {@code ar$op} field (RFC 826; RFC 903 for RARP; RFC 2390 for Inverse ARP; IANA
 * "arp-parameters" registry). Plain {@code int}s so that the hot path never boxes them; {@link #name(int)} is
 * for printing only. What must stay true: every constant fits 16 bits.
 */
public final class ArpOperation {
    /** "Who has protocol address X?" (RFC 826 ares_op$REQUEST). */
    public static final int REQUEST = 1;
    /** "X is at hardware address Y" (RFC 826 ares_op$REPLY). */
    public static final int REPLY = 2;
    /** Reverse ARP request: "what is my protocol address?" (RFC 903). */
    public static final int RARP_REQUEST = 3;
    /** Reverse ARP reply (RFC 903). */
    public static final int RARP_REPLY = 4;
    /** Inverse ARP request: "what protocol address is at this hardware address?" (RFC 2390 §7). */
    public static final int INARP_REQUEST = 8;
    /** Inverse ARP reply (RFC 2390 §7). */
    public static final int INARP_REPLY = 9;

    private ArpOperation() {
    }

    /** A short name for printing (cold path), for example {@code "request"}, or {@code "op 7"} when unknown. */
    public static String name(int operation) {
        return switch (operation) {
            case REQUEST -> "request";
            case REPLY -> "reply";
            case RARP_REQUEST -> "RARP-request";
            case RARP_REPLY -> "RARP-reply";
            case INARP_REQUEST -> "InARP-request";
            case INARP_REPLY -> "InARP-reply";
            default -> "op " + operation;
        };
    }
}
