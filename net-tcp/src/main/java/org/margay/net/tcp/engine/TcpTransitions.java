package org.margay.net.tcp.engine;

/**
 * Why a connection moved from one state to another, as a constant sentence citing the RFC rule (RFC 9293
 * §3.3.2 Figure 5 and the event processing of §3.10). The engine knows the transition and, on the way to
 * CLOSED, the error it records; that is enough to name the cause without allocating.
 */
public final class TcpTransitions {
    private TcpTransitions() {
    }

    /** The cause of {@code from -> to}; {@code error} is the connection's {@link TcpError} code (for CLOSED). */
    public static String reason(TcpState from, TcpState to, int error) {
        return switch (to) {
            case SYN_SENT -> "active OPEN: SYN sent (RFC 9293 §3.10.1)";
            case SYN_RECEIVED -> from == TcpState.SYN_SENT
                    ? "simultaneous open: SYN without ACK in SYN-SENT (RFC 9293 §3.10.7.3, Figure 8)"
                    : "SYN received on a listening port, SYN-ACK sent (RFC 9293 §3.10.7.2)";
            case ESTABLISHED -> from == TcpState.SYN_SENT
                    ? "SYN-ACK acknowledges our SYN (RFC 9293 §3.10.7.3)"
                    : "ACK of our SYN-ACK (RFC 9293 §3.10.7.4, fifth check)";
            case FIN_WAIT_1 -> "CLOSE or shutdown: FIN queued (RFC 9293 §3.10.4)";
            case FIN_WAIT_2 -> "our FIN acknowledged (RFC 9293 §3.10.7.4, FIN-WAIT-1)";
            case CLOSE_WAIT -> "FIN received: the peer is done sending (RFC 9293 §3.10.7.4, eighth check)";
            case CLOSING -> "simultaneous close: FIN received before our FIN was acknowledged (RFC 9293 §3.10.7.4)";
            case LAST_ACK -> "CLOSE after the peer's FIN: our FIN queued (RFC 9293 §3.10.4)";
            case TIME_WAIT -> switch (from) {
                case CLOSING -> "our FIN acknowledged in CLOSING (RFC 9293 §3.10.7.4)";
                case FIN_WAIT_1 -> "FIN received with the ACK of our FIN (RFC 9293 §3.10.7.4)";
                default -> "FIN received after our FIN was acknowledged (RFC 9293 §3.10.7.4, FIN-WAIT-2)";
            };
            case CLOSED -> closedReason(from, error);
            case LISTEN -> "passive OPEN (RFC 9293 §3.10.1)";
        };
    }

    private static String closedReason(TcpState from, int error) {
        return switch (error) {
            case TcpError.NONE -> switch (from) {
                case TIME_WAIT -> "2×MSL elapsed in TIME-WAIT (RFC 9293 §3.10.8)";
                case LAST_ACK -> "our FIN acknowledged in LAST-ACK (RFC 9293 §3.10.7.4)";
                default -> "closed before the handshake completed (RFC 9293 §3.10.4)";
            };
            case TcpError.ECONNREFUSED -> "RST in SYN-SENT: connection refused (RFC 9293 §3.10.7.3)";
            case TcpError.ECONNRESET -> "RST received (RFC 9293 §3.10.7.4, RFC 5961 §3)";
            case TcpError.ECONNABORTED -> "ABORT by the application: RST sent (RFC 9293 §3.10.5)";
            case TcpError.ETIMEDOUT -> "retransmission or keep-alive limit reached (RFC 9293 §3.8.3, R2)";
            case TcpError.EHOSTUNREACH, TcpError.ENETUNREACH, TcpError.ENOPROTOOPT ->
                    "ICMP hard error (RFC 1122 §4.2.3.9, RFC 5927)";
            default -> "connection failed (RFC 9293 §3.10)";
        };
    }
}
