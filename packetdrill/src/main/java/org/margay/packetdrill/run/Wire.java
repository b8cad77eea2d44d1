package org.margay.packetdrill.run;

/**
 * Byte-level helpers for the runner's own frame codec (cold path: plain arrays). Big-endian, as on the wire.
 */
final class Wire {
    static final int ETHERNET_HEADER = 14;
    static final int IPV4_HEADER = 20;
    static final int TCP_HEADER = 20;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;

    private Wire() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16 | u16(b, at + 2)) & 0xFFFF_FFFFL;
    }

    static void put8(byte[] b, int at, int v) {
        b[at] = (byte) v;
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) (v >>> 16) & 0xFFFF);
        put16(b, at + 2, (int) v & 0xFFFF);
    }

    static void putMac(byte[] b, int at, long mac) {
        for (int i = 0; i < 6; i++) {
            b[at + i] = (byte) (mac >>> (40 - 8 * i));
        }
    }

    /** The one's-complement sum of {@code length} bytes from {@code at}, folded to 16 bits, plus {@code initial}. */
    static int sum(byte[] b, int at, int length, long initial) {
        long s = initial;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            s += u16(b, at + i);
        }
        if (i < length) {
            s += (b[at + i] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** RFC 1071 checksum of a region. */
    static int checksum(byte[] b, int at, int length, long initial) {
        return ~sum(b, at, length, initial) & 0xFFFF;
    }

    /** The IPv4 pseudo-header sum (RFC 793 §3.1) for a transport segment. */
    static long pseudoHeader(int source, int destination, int protocol, int length) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) + protocol + length;
    }

    /** Whether a region including its checksum field sums to 0xFFFF. */
    static boolean verifies(byte[] b, int at, int length, long initial) {
        return sum(b, at, length, initial) == 0xFFFF;
    }
}
