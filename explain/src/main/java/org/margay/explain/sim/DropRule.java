package org.margay.explain.sim;

import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;

/**
 * Decides which frames a lab host's device drops on their way out, so that a scenario loses exactly the
 * segment it wants to teach about (random loss cannot promise that). A rule sees each outgoing packet after it
 * was recorded, with how many data segments this host had sent before it.
 */
@FunctionalInterface
public interface DropRule {
    /** Drops nothing. */
    DropRule NONE = (packet, dataIndex, copy) -> false;

    /**
     * Whether to drop {@code packet}.
     *
     * @param packet     the outgoing packet (its TCP facts, if any, are raw wire values)
     * @param dataIndex  for a TCP segment with payload: 1 for the first data segment this host sent, 2 for the
     *                   second ... counting distinct starting sequence numbers; 0 for other packets
     * @param copy       for a TCP segment: 1 the first time this host sends its starting sequence number, 2 the
     *                   second time (the first retransmission) ...; 0 for other packets
     */
    boolean drop(PacketRecord packet, int dataIndex, int copy);

    /** Drops data segment {@code index} (1-based) the first {@code times} times it is sent. */
    static DropRule dataSegment(int index, int times) {
        return (p, dataIndex, copy) -> dataIndex == index && copy <= times;
    }

    /** Drops data segments {@code indexes} the first time each is sent. */
    static DropRule dataSegmentsOnce(int... indexes) {
        return (p, dataIndex, copy) -> {
            for (int i : indexes) {
                if (dataIndex == i && copy == 1) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Drops the first pure ACK (no payload, no SYN/FIN/RST) this host sends after its own FIN. */
    static DropRule lastAckOnce() {
        return new DropRule() {
            private boolean finSent;
            private boolean done;

            @Override
            public boolean drop(PacketRecord p, int dataIndex, int copy) {
                TcpHeader t = p.tcp();
                if (t == null || done) {
                    return false;
                }
                if (t.has(TcpHeader.FIN)) {
                    finSent = true;
                    return false;
                }
                boolean pureAck = t.payloadLength() == 0 && !t.has(TcpHeader.SYN) && !t.has(TcpHeader.RST);
                if (finSent && pureAck && t.has(TcpHeader.ACK)) {
                    done = true;
                    return true;
                }
                return false;
            }
        };
    }

    /** Either rule. */
    default DropRule or(DropRule other) {
        return (p, dataIndex, copy) -> drop(p, dataIndex, copy) || other.drop(p, dataIndex, copy);
    }
}
