package org.margay.rdma.verbs;

import java.util.Objects;

/**
 * Address vector attributes ({@code struct ibv_ah_attr}) for a routed (global) path, as RoCE always uses: the
 * destination GID, the source GID index, hop limit, service level and port.
 *
 * @param dgid      the destination's GID (16 bytes)
 * @param sgidIndex the index of the source GID in the port's GID table
 * @param hopLimit  the IPv6/GRH hop limit
 * @param sl        the service level
 * @param portNum   the local port (1-based)
 */
public record AhAttributes(byte[] dgid, int sgidIndex, int hopLimit, int sl, int portNum) {
    /** Checks the GID length. */
    public AhAttributes {
        Objects.requireNonNull(dgid, "dgid");
        if (dgid.length != Gid.BYTES) {
            throw new IllegalArgumentException("a GID has 16 bytes, got " + dgid.length);
        }
        dgid = dgid.clone();
    }

    /** A global path to the IPv4 host {@code ip} on port 1. */
    public static AhAttributes toIpv4(int ip) {
        return new AhAttributes(Gid.ofIpv4(ip), 0, 64, 0, 1);
    }

    @Override
    public byte[] dgid() {
        return dgid.clone();
    }
}
