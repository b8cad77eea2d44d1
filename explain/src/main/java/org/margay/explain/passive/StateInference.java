package org.margay.explain.passive;

import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.TcpHeader;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.tcp.engine.TcpTransitions;

/**
 * Follows both ends of a connection through the RFC 9293 state machine (§3.3.2, Figure 5) from the segments a
 * capture shows, using the engine's own wording of each transition ({@link TcpTransitions#reason}). A capture
 * sees a segment once, at one point, so each transition is placed at the time the segment that causes it was
 * captured: the sender's transitions happen when it sends, the receiver's when it receives (a little later, or
 * earlier, at the real host). TIME-WAIT's end (2×MSL, §3.10.8) sends nothing, so a capture never shows it.
 */
final class StateInference {
    private final ConnectionTimeline timeline;
    private final TcpState[] state = {TcpState.CLOSED, TcpState.CLOSED};
    private final long[] isn = new long[2];
    private final boolean[] synSent = new boolean[2];
    private final long[] finSeq = new long[2];
    private final boolean[] finSent = new boolean[2];

    StateInference(ConnectionTimeline timeline) {
        this.timeline = timeline;
    }

    /** The state inferred for {@code side}. */
    TcpState state(int side) {
        return state[side];
    }

    /** Forgets both ends (a new connection on the same ports). */
    void reset() {
        state[0] = TcpState.CLOSED;
        state[1] = TcpState.CLOSED;
        synSent[0] = synSent[1] = false;
        finSent[0] = finSent[1] = false;
    }

    /**
     * Applies one segment sent by {@code s}: {@code seq} and {@code ack} are unwrapped positions ({@code ack}
     * on the receiver's line), {@code segmentEnd} is seq plus its sequence length.
     */
    void onSegment(long time, int s, TcpHeader tcp, long seq, long ack, int packet) {
        onSegment(time, packet, s, tcp, seq, ack, packet);
    }

    private long order;

    /** As {@link #onSegment(long, int, TcpHeader, long, long, int)}, with the packet's tie-breaking order. */
    void onSegment(long time, long order, int s, TcpHeader tcp, long seq, long ack, int packet) {
        this.order = order;
        int r = 1 - s;
        boolean syn = tcp.has(TcpHeader.SYN);
        boolean fin = tcp.has(TcpHeader.FIN);
        boolean hasAck = tcp.has(TcpHeader.ACK);
        if (tcp.has(TcpHeader.RST)) {
            if (state[r] != TcpState.CLOSED && state[r] != TcpState.LISTEN) {
                int error = state[r] == TcpState.SYN_SENT ? TcpError.ECONNREFUSED : TcpError.ECONNRESET;
                move(time, r, TcpState.CLOSED, error, packet);
            }
            if (state[s] != TcpState.CLOSED && state[s] != TcpState.LISTEN) {
                move(time, s, TcpState.CLOSED, TcpError.ECONNABORTED, packet);
            }
            return;
        }
        if (syn && !hasAck) {
            if (!synSent[s]) {
                synSent[s] = true;
                isn[s] = seq;
                if (state[s] == TcpState.CLOSED) {
                    move(time, s, TcpState.SYN_SENT, TcpError.NONE, packet);
                }
            }
            // The receiver: a listener takes the SYN (its SYN-ACK shows it); in SYN-SENT it is a simultaneous open.
            if (state[r] == TcpState.CLOSED) {
                move(time, r, TcpState.LISTEN, TcpError.NONE, packet);
            } else if (state[r] == TcpState.SYN_SENT) {
                move(time, r, TcpState.SYN_RECEIVED, TcpError.NONE, packet);
            }
            return;
        }
        if (syn) { // SYN-ACK
            if (!synSent[s]) {
                synSent[s] = true;
                isn[s] = seq;
            }
            if (state[s] == TcpState.CLOSED || state[s] == TcpState.LISTEN) {
                move(time, s, TcpState.SYN_RECEIVED, TcpError.NONE, packet);
            }
            if (state[r] == TcpState.SYN_SENT && ack == isn[r] + 1) {
                move(time, r, TcpState.ESTABLISHED, TcpError.NONE, packet);
            } else if (state[r] == TcpState.SYN_RECEIVED && ack == isn[r] + 1) {
                move(time, r, TcpState.ESTABLISHED, TcpError.NONE, packet); // simultaneous open completes
            }
            return;
        }
        if (hasAck) {
            // The ACK of the receiver's SYN or FIN (RFC 9293 §3.10.7.4, fifth check).
            if (state[r] == TcpState.SYN_RECEIVED && synSent[r] && ack == isn[r] + 1) {
                move(time, r, TcpState.ESTABLISHED, TcpError.NONE, packet);
            }
            boolean acksFin = finSent[r] && ack == finSeq[r] + 1;
            if (acksFin) {
                switch (state[r]) {
                    case FIN_WAIT_1 -> {
                        if (!fin) {
                            move(time, r, TcpState.FIN_WAIT_2, TcpError.NONE, packet);
                        }
                    }
                    case CLOSING -> move(time, r, TcpState.TIME_WAIT, TcpError.NONE, packet);
                    case LAST_ACK -> move(time, r, TcpState.CLOSED, TcpError.NONE, packet);
                    default -> {
                    }
                }
            }
            if (state[s] == TcpState.SYN_SENT && !syn) {
                // A capture that missed the SYN-ACK: the sender's own ACK shows it got there.
                move(time, s, TcpState.ESTABLISHED, TcpError.NONE, packet);
            }
            if (fin) {
                finOf(time, s, r, seq + tcp.payloadLength(), acksFin, packet);
            }
        } else if (fin) {
            finOf(time, s, r, seq + tcp.payloadLength(), false, packet);
        }
    }

    private void finOf(long time, int s, int r, long fin, boolean acksReceiversFin, int packet) {
        if (!finSent[s]) {
            finSent[s] = true;
            finSeq[s] = fin;
            switch (state[s]) {
                case ESTABLISHED, SYN_RECEIVED -> move(time, s, TcpState.FIN_WAIT_1, TcpError.NONE, packet);
                case CLOSE_WAIT -> move(time, s, TcpState.LAST_ACK, TcpError.NONE, packet);
                default -> {
                }
            }
        }
        switch (state[r]) {
            case ESTABLISHED -> move(time, r, TcpState.CLOSE_WAIT, TcpError.NONE, packet);
            case FIN_WAIT_1 -> move(time, r, acksReceiversFin ? TcpState.TIME_WAIT : TcpState.CLOSING, TcpError.NONE,
                    packet);
            case FIN_WAIT_2 -> move(time, r, TcpState.TIME_WAIT, TcpError.NONE, packet);
            default -> {
            }
        }
    }

    private void move(long time, int side, TcpState to, int error, int packet) {
        TcpState from = state[side];
        if (from == to) {
            return;
        }
        state[side] = to;
        String reason = to == TcpState.CLOSED && error == TcpError.ECONNABORTED
                ? "RST sent (RFC 9293 §3.10.7, §3.10.5)" : TcpTransitions.reason(from, to, error);
        timeline.addEvent(time, order, side, EventKind.STATE, name(from) + " -> " + name(to) + ": " + reason + " [inferred]",
                packet);
    }

    /** "SYN-SENT" for SYN_SENT. */
    static String name(TcpState state) {
        return state.name().replace('_', '-');
    }
}
