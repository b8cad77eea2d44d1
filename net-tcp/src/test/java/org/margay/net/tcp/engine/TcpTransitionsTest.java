package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every transition names its cause and the RFC rule; CLOSED's cause follows the recorded error. */
class TcpTransitionsTest {

    @Test
    void everyTransitionCitesAnRfc() {
        for (TcpState from : TcpState.values()) {
            for (TcpState to : TcpState.values()) {
                for (int error : new int[] {TcpError.NONE, TcpError.ECONNRESET, TcpError.ECONNREFUSED,
                        TcpError.ETIMEDOUT, TcpError.ECONNABORTED, TcpError.EHOSTUNREACH, TcpError.EPIPE}) {
                    String reason = TcpTransitions.reason(from, to, error);
                    assertTrue(reason.contains("RFC "), from + " -> " + to + ": " + reason);
                }
            }
        }
    }

    @Test
    void causesFollowTheFigure() {
        assertEquals("SYN-ACK acknowledges our SYN (RFC 9293 §3.10.7.3)",
                TcpTransitions.reason(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpError.NONE));
        assertTrue(TcpTransitions.reason(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, 0).startsWith("simultaneous open"));
        assertTrue(TcpTransitions.reason(TcpState.FIN_WAIT_1, TcpState.CLOSING, 0).startsWith("simultaneous close"));
        assertTrue(TcpTransitions.reason(TcpState.TIME_WAIT, TcpState.CLOSED, TcpError.NONE).contains("2×MSL"));
        assertTrue(TcpTransitions.reason(TcpState.SYN_SENT, TcpState.CLOSED, TcpError.ECONNREFUSED).contains("refused"));
        assertTrue(TcpTransitions.reason(TcpState.ESTABLISHED, TcpState.CLOSED, TcpError.ECONNRESET).contains("RST"));
    }
}
