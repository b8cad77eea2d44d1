package org.margay.net.common;

/**
 * 48-bit MAC addresses as the low 48 bits of a {@code long}, with text conversion for the cold path.
 */
public final class MacAddress {
    /** ff:ff:ff:ff:ff:ff */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** 00:00:00:00:00:00 */
    public static final long ZERO = 0L;

    private MacAddress() {
    }

    /** Colon-separated lower-case hex, for example {@code 00:11:22:33:44:55}. */
    public static String format(long mac) {
        StringBuilder out = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) (mac >>> shift) & 0xFF;
            out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0) {
                out.append(':');
            }
        }
        return out.toString();
    }

    /**
     * Parses six colon- or dash-separated hex octets.
     *
     * @throws IllegalArgumentException naming the text if it is not a MAC address
     */
    public static long parse(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address (need six octets): '" + text + "'");
        }
        long mac = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address (bad octet '" + part + "'): '" + text + "'");
            }
            try {
                mac = (mac << 8) | Integer.parseInt(part, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address (bad octet '" + part + "'): '" + text + "'", e);
            }
        }
        return mac;
    }

    /** Whether the group bit (the low bit of the first octet) is set: broadcast or multicast. */
    public static boolean isGroup(long mac) {
        return ((mac >>> 40) & 1) != 0;
    }
}
