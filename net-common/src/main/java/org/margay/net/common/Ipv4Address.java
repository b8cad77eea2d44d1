package org.margay.net.common;

/**
 * IPv4 addresses as plain {@code int}s in network bit order (the first octet in the high byte), with text
 * conversion for the cold path. The hot path never boxes an address: it passes the {@code int}.
 */
public final class Ipv4Address {
    /** 0.0.0.0 */
    public static final int ANY = 0;
    /** 255.255.255.255 */
    public static final int BROADCAST = 0xFFFF_FFFF;

    private Ipv4Address() {
    }

    /** Dotted-quad text, for example {@code 192.168.1.11}. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /**
     * Parses dotted-quad text strictly (four decimal octets 0–255, no leading '+', no spaces).
     *
     * @throws IllegalArgumentException naming the text if it is not an IPv4 address
     */
    public static int parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (need four dotted octets): '" + text + "'");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address (bad octet '" + part + "'): '" + text + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address (octet " + octet + " > 255): '" + text + "'");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    /** The netmask of a prefix length 0–32, for example 24 gives 255.255.255.0. */
    public static int netmask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, was " + prefixLength);
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Whether {@code address} is a multicast (class D, 224.0.0.0/4) address. */
    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xE;
    }
}
