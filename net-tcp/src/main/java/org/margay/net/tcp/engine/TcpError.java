package org.margay.net.tcp.engine;

/**
 * Why a connection died or what an ICMP error reported: errno-like codes with the Linux x86-64 numbers, so
 * that a PDPIX layer can pass them through unchanged. {@link #NONE} (0) means no error.
 */
public final class TcpError {
    /** No error. */
    public static final int NONE = 0;
    /** The connection was closed for sending: EPIPE. */
    public static final int EPIPE = 32;
    /** A protocol was unreachable (ICMP type 3 code 2, a hard error, RFC 1122 §4.2.3.9). */
    public static final int ENOPROTOOPT = 92;
    /** The network was unreachable (ICMP type 3 code 0, a soft error). */
    public static final int ENETUNREACH = 101;
    /** The connection was aborted locally: ECONNABORTED. */
    public static final int ECONNABORTED = 103;
    /** The peer reset the connection (RST in a synchronized state, RFC 9293 §3.10.7.4). */
    public static final int ECONNRESET = 104;
    /** Retransmissions, SYN retries or keep-alives gave up. */
    public static final int ETIMEDOUT = 110;
    /** The peer refused the connection (RST to our SYN, or ICMP port unreachable in SYN-SENT). */
    public static final int ECONNREFUSED = 111;
    /** The host was unreachable (ICMP type 3 code 1, soft). */
    public static final int EHOSTUNREACH = 113;
    /** The datagram was too big (ICMP fragmentation needed, type 3 code 4). */
    public static final int EMSGSIZE = 90;

    private TcpError() {
    }

    /** The symbolic name, for messages (cold path). */
    public static String name(int code) {
        return switch (code) {
            case NONE -> "NONE";
            case EPIPE -> "EPIPE";
            case ENOPROTOOPT -> "ENOPROTOOPT";
            case ENETUNREACH -> "ENETUNREACH";
            case ECONNABORTED -> "ECONNABORTED";
            case ECONNRESET -> "ECONNRESET";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ECONNREFUSED -> "ECONNREFUSED";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            case EMSGSIZE -> "EMSGSIZE";
            default -> "E" + code;
        };
    }
}
