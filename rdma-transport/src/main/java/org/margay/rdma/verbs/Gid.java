package org.margay.rdma.verbs;

/**
 * Global identifiers (GIDs, 16 bytes) in the form RoCE v2 gives an IPv4 address: the IPv4-mapped IPv6 address
 * {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2). The in-process device names its hosts this way too.
 */
public final class Gid {
    /** Bytes of a GID. */
    public static final int BYTES = 16;

    private Gid() {
    }

    /** The GID of IPv4 address {@code ip} (big-endian int). */
    public static byte[] ofIpv4(int ip) {
        byte[] gid = new byte[BYTES];
        gid[10] = (byte) 0xFF;
        gid[11] = (byte) 0xFF;
        gid[12] = (byte) (ip >>> 24);
        gid[13] = (byte) (ip >>> 16);
        gid[14] = (byte) (ip >>> 8);
        gid[15] = (byte) ip;
        return gid;
    }

    /** Whether {@code gid} is an IPv4-mapped address. */
    public static boolean isIpv4(byte[] gid) {
        if (gid == null || gid.length != BYTES) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (gid[i] != 0) {
                return false;
            }
        }
        return gid[10] == (byte) 0xFF && gid[11] == (byte) 0xFF;
    }

    /** The IPv4 address in an IPv4-mapped GID. */
    public static int ipv4(byte[] gid) {
        return (gid[12] & 0xFF) << 24 | (gid[13] & 0xFF) << 16 | (gid[14] & 0xFF) << 8 | gid[15] & 0xFF;
    }
}
