package org.margay.explain.model;

/**
 * The IPv4 facts of one packet that the timeline and the ladder show (RFC 791 §3.1).
 *
 * @param source          source address
 * @param destination     destination address
 * @param protocol        IP protocol number (6 TCP, 17 UDP, 1 ICMP)
 * @param identification  the datagram's identification, 0..65535
 * @param fragmentOffset  the fragment's offset in bytes (the field times 8)
 * @param moreFragments   the MF flag
 * @param dontFragment    the DF flag
 * @param totalLength     the total length field
 */
public record IpHeader(int source, int destination, int protocol, int identification, int fragmentOffset,
                       boolean moreFragments, boolean dontFragment, int totalLength) {
    /** Whether this datagram is a fragment (MF set or a non-zero offset). */
    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }
}
