package org.margay.examples.appliance;

import org.margay.pdpix.ElementPredicate;
import org.margay.pdpix.Sga;

/**
 * The appliance's filter ({@link org.margay.pdpix.LibOS#filter}): drops IPv4 TCP and UDP frames whose source or
 * destination port lies in {@code [low, high]}, and IPv4 frames whose header is malformed; passes everything else
 * (ARP, other protocols, later fragments, which carry no ports). Counts what it dropped. Allocation-free.
 */
public final class PortRangeFilter implements ElementPredicate {
    private final int low;
    private final int high;
    private long seen;
    private long droppedByPort;
    private long droppedMalformed;

    /** A filter dropping ports {@code low..high} (inclusive). */
    public PortRangeFilter(int low, int high) {
        if (low < 0 || high > 0xFFFF || low > high) {
            throw new IllegalArgumentException("port range must be within 0..65535 and low <= high: " + low + ".." + high);
        }
        this.low = low;
        this.high = high;
    }

    @Override
    public boolean test(Sga frame) {
        seen++;
        int ip = FrameFields.ipv4Offset(frame);
        if (ip == FrameFields.NONE) {
            return true;
        }
        int ihl = FrameFields.ipv4HeaderLength(frame, ip);
        if (ihl == FrameFields.NONE) {
            droppedMalformed++;
            return false;
        }
        int protocol = FrameFields.u8(frame, ip + 9);
        if (protocol != FrameFields.PROTOCOL_TCP && protocol != FrameFields.PROTOCOL_UDP
                || FrameFields.laterFragment(frame, ip)) {
            return true;
        }
        int ports = ip + ihl;
        if (frame.totalLength() < ports + 4L) {
            droppedMalformed++;
            return false;
        }
        int source = FrameFields.u16(frame, ports);
        int destination = FrameFields.u16(frame, ports + 2);
        if (source >= low && source <= high || destination >= low && destination <= high) {
            droppedByPort++;
            return false;
        }
        return true;
    }

    /** Frames tested. */
    public long seen() {
        return seen;
    }

    /** Frames dropped for a port in the range. */
    public long droppedByPort() {
        return droppedByPort;
    }

    /** IPv4 frames dropped for a malformed header. */
    public long droppedMalformed() {
        return droppedMalformed;
    }
}
