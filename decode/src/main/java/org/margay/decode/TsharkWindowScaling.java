package org.margay.decode;

import java.util.HashMap;
import java.util.Map;

/**
 * tshark's per-connection window-scale bookkeeping (its {@code tcp.window_size_scalefactor} field): each
 * direction's shift starts unknown (-1); a Window Scale option sets it (clamped to 14, RFC 7323 §2.3); a SYN
 * or SYN-ACK without the option means "no window scaling used" (-2) for both directions (RFC 7323 §2.2: scaling
 * is in effect only when both SYNs carry the option). A new SYN with a different sequence number on a known
 * connection starts a new connection (ports reused).
 *
 * <p>Cold path: one small object per connection.
 */
final class TsharkWindowScaling {
    /** Shift not known yet: no SYN seen. */
    static final int UNKNOWN = -1;
    /** Both SYNs seen and at least one lacked the option: windows are not scaled. */
    static final int NOT_USED = -2;
    private static final int MAX_SHIFT = 14;

    private final Map<Key, Connection> connections = new HashMap<>();

    /** A connection keyed by its two endpoints in a canonical order. */
    private record Key(int addressA, int portA, int addressB, int portB) {
    }

    /** The two directions' state; "a" is the direction from the key's first endpoint. */
    private static final class Connection {
        int scaleA = UNKNOWN;
        int scaleB = UNKNOWN;
        boolean baseSeqA;
        boolean baseSeqB;
        int baseA;
        int baseB;
    }

    /** One segment's view of its connection: call {@link #scaleFactor()} before {@link #afterOptions}. */
    final class Segment {
        private Connection connection;
        private boolean forwardIsA;

        /** The value tshark prints for a non-SYN segment: -1, -2 or the multiplier {@code 1 << shift}. */
        int scaleFactor() {
            int shift = forwardIsA ? connection.scaleA : connection.scaleB;
            return shift < 0 ? shift : 1 << shift;
        }

        /** Records a Window Scale option of this segment (raw shift; clamped here). */
        void windowScaleOption(int shift) {
            int clamped = Math.min(shift, MAX_SHIFT);
            if (forwardIsA) {
                connection.scaleA = clamped;
            } else {
                connection.scaleB = clamped;
            }
        }

        /** After the options: a SYN settles whether scaling is used (tshark's verify_tcp_window_scaling). */
        void afterOptions(boolean syn, boolean ack) {
            if (!syn) {
                return;
            }
            int forward = forwardIsA ? connection.scaleA : connection.scaleB;
            int reverse = forwardIsA ? connection.scaleB : connection.scaleA;
            if (forward == UNKNOWN) {
                connection.scaleA = NOT_USED;
                connection.scaleB = NOT_USED;
            } else if (ack && reverse == NOT_USED) {
                if (forwardIsA) {
                    connection.scaleA = NOT_USED;
                } else {
                    connection.scaleB = NOT_USED;
                }
            }
        }
    }

    /**
     * Finds (or starts) the connection of a segment from {@code source:sport} to {@code destination:dport};
     * a SYN without ACK whose sequence number differs from the base sequence number of the known connection
     * starts a new one, as tshark does for reused ports.
     */
    Segment segment(int source, int sport, int destination, int dport, int flags, int seq, int ack) {
        boolean forwardIsA = compare(source, sport, destination, dport) <= 0;
        Key key = forwardIsA ? new Key(source, sport, destination, dport) : new Key(destination, dport, source, sport);
        Connection connection = connections.get(key);
        boolean pureSyn = (flags & 0x12) == 0x02;
        if (connection == null) {
            connection = new Connection();
            connections.put(key, connection);
        } else if (pureSyn) {
            boolean baseSet = forwardIsA ? connection.baseSeqA : connection.baseSeqB;
            int base = forwardIsA ? connection.baseA : connection.baseB;
            if (baseSet && base != seq) {
                connection = new Connection();
                connections.put(key, connection);
            }
        }
        // The first segment seen in a direction fixes its base sequence number: the ISN of a SYN, otherwise
        // seq - 1; the first ACK fixes the other direction's at ack - 1 (as tshark's sequence analysis does).
        int base = (flags & 0x02) != 0 ? seq : seq - 1;
        if (forwardIsA && !connection.baseSeqA) {
            connection.baseSeqA = true;
            connection.baseA = base;
        } else if (!forwardIsA && !connection.baseSeqB) {
            connection.baseSeqB = true;
            connection.baseB = base;
        }
        if ((flags & 0x10) != 0) {
            if (forwardIsA && !connection.baseSeqB) {
                connection.baseSeqB = true;
                connection.baseB = ack - 1;
            } else if (!forwardIsA && !connection.baseSeqA) {
                connection.baseSeqA = true;
                connection.baseA = ack - 1;
            }
        }
        Segment segment = new Segment();
        segment.connection = connection;
        segment.forwardIsA = forwardIsA;
        return segment;
    }

    private static int compare(int addressA, int portA, int addressB, int portB) {
        int byAddress = Integer.compareUnsigned(addressA, addressB);
        return byAddress != 0 ? byAddress : Integer.compare(portA, portB);
    }
}
