package org.margay.examples.appliance;

import org.margay.net.common.InternetChecksum;
import org.margay.pdpix.ElementMapper;
import org.margay.pdpix.Sga;

/**
 * The appliance's rewrite ({@link org.margay.pdpix.LibOS#map}): decrements the TTL of every IPv4 packet it passes,
 * as a router does (RFC 791 §3.2, RFC 1812 §5.3.1), and updates the header checksum incrementally (RFC 1624 eqn. 3)
 * instead of recomputing it. A packet whose TTL would reach 0 is dropped (returns null; a router would also send
 * an ICMP time exceeded, which this appliance does not). Other frames pass unchanged. The element is the mapper's
 * to change (see {@link ElementMapper}); nothing is allocated.
 */
public final class TtlRewrite implements ElementMapper {
    private long rewritten;
    private long expired;

    @Override
    public Sga map(Sga frame) {
        int ip = FrameFields.ipv4Offset(frame);
        if (ip == FrameFields.NONE || FrameFields.ipv4HeaderLength(frame, ip) == FrameFields.NONE) {
            return frame;
        }
        int ttl = FrameFields.u8(frame, ip + 8);
        if (ttl <= 1) {
            expired++;
            return null;
        }
        int protocol = FrameFields.u8(frame, ip + 9);
        int oldWord = (ttl << 8) | protocol;
        int newWord = ((ttl - 1) << 8) | protocol;
        frame.setByte(ip + 8, (byte) (ttl - 1));
        int checksum = FrameFields.u16(frame, ip + 10);
        FrameFields.put16(frame, ip + 10, InternetChecksum.update(checksum, oldWord, newWord));
        rewritten++;
        return frame;
    }

    /** Packets whose TTL was decremented. */
    public long rewritten() {
        return rewritten;
    }

    /** Packets dropped because their TTL ran out. */
    public long expired() {
        return expired;
    }
}
