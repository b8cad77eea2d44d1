package org.margay.net.udp.socket;

/**
 * Errors a UDP socket reports, with the Linux x86-64 errno numbers (the same values the TCP engine uses), so a
 * PDPIX layer can pass them through unchanged.
 */
public final class UdpErrors {
    /** No error. */
    public static final int NONE = 0;
    /** Datagram too big for the path (ICMP fragmentation needed) or for UDP itself. */
    public static final int EMSGSIZE = 90;
    /** Protocol unreachable at the peer (ICMP type 3 code 2). */
    public static final int ENOPROTOOPT = 92;
    /** Network unreachable (ICMP type 3 code 0, or no route). */
    public static final int ENETUNREACH = 101;
    /** Nothing listens on the peer's port (ICMP port unreachable, RFC 1122 §4.1.3.3). */
    public static final int ECONNREFUSED = 111;
    /** Host unreachable (ICMP type 3 code 1, or ARP resolution failed). */
    public static final int EHOSTUNREACH = 113;
    /** No buffer to send with: ENOBUFS. */
    public static final int ENOBUFS = 105;
    /** A destination is needed (unconnected socket sent without one): EDESTADDRREQ. */
    public static final int EDESTADDRREQ = 89;

    private UdpErrors() {
    }
}
