package org.margay.net.tcp.engine;

/**
 * The eleven connection states of RFC 9293 §3.3.2. CLOSED is "no connection" (a fresh or finished
 * {@link TcpConnection}); LISTEN belongs to a {@link TcpListener}.
 */
public enum TcpState {
    /** No connection (RFC 9293 §3.3.2: "represents no connection state at all"). */
    CLOSED,
    /** Waiting for a SYN (a {@link TcpListener}). */
    LISTEN,
    /** SYN sent, waiting for a matching SYN. */
    SYN_SENT,
    /** SYN received and SYN-ACK sent, waiting for its ACK. */
    SYN_RECEIVED,
    /** Open: data flows both ways. */
    ESTABLISHED,
    /** Our FIN is sent, not yet acknowledged; still receiving. */
    FIN_WAIT_1,
    /** Our FIN is acknowledged; waiting for the peer's FIN, still receiving (half-close). */
    FIN_WAIT_2,
    /** The peer's FIN arrived; we may still send. */
    CLOSE_WAIT,
    /** Both FINs sent (simultaneous close), waiting for the ACK of ours. */
    CLOSING,
    /** The peer closed first, our FIN is sent, waiting for its ACK. */
    LAST_ACK,
    /** Both FINs acknowledged: waiting 2×MSL so that old duplicates die (RFC 9293 §3.4.2). */
    TIME_WAIT;

    /** Whether sequence numbers are synchronized (RFC 9293 §3.10.7.4: ESTABLISHED and every state after it). */
    public boolean synchronizedState() {
        return ordinal() >= ESTABLISHED.ordinal();
    }

    /** Whether the application may still queue data (our FIN not yet requested): ESTABLISHED and CLOSE-WAIT, plus the opening states. */
    public boolean canSend() {
        return this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED || this == CLOSE_WAIT;
    }

    /** Whether the peer may still send data (its FIN not yet received). */
    public boolean canReceive() {
        return this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED || this == FIN_WAIT_1
                || this == FIN_WAIT_2;
    }
}
