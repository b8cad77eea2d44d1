package org.margay.examples.appliance;

import org.margay.pdpix.Sga;

/**
 * Where the fields an appliance looks at sit in an Ethernet frame held by an {@link Sga}: the EtherType after at
 * most one VLAN tag (IEEE 802.1Q {@code 0x8100} or 802.1ad {@code 0x88A8}), and in an IPv4 packet (RFC 791 §3.1)
 * the TTL, protocol, header checksum, fragment offset and the transport ports. Every read checks the frame's
 * length first: a short or malformed frame answers {@link #NONE}, never an exception. Reads go through
 * {@link Sga#getByte}, so a frame split over several segments reads the same; nothing is allocated.
 */
final class FrameFields {
    /** Not present or not readable. */
    static final int NONE = -1;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int PROTOCOL_TCP = 6;
    static final int PROTOCOL_UDP = 17;
    private static final int ETHERNET_HEADER = 14;
    private static final int VLAN_TAG = 4;

    private FrameFields() {
    }

    /** The offset of the IPv4 header in {@code frame}, or {@link #NONE} when the frame is not an IPv4 one. */
    static int ipv4Offset(Sga frame) {
        long length = frame.totalLength();
        if (length < ETHERNET_HEADER) {
            return NONE;
        }
        int at = 12;
        int type = u16(frame, at);
        if (type == 0x8100 || type == 0x88A8) {
            if (length < ETHERNET_HEADER + VLAN_TAG) {
                return NONE;
            }
            at += VLAN_TAG;
            type = u16(frame, at);
        }
        return type == ETHERTYPE_IPV4 ? at + 2 : NONE;
    }

    /**
     * The IPv4 header length in bytes at {@code ip}, or {@link #NONE} when the header is malformed (version not 4,
     * IHL below 5, or the frame shorter than the header).
     */
    static int ipv4HeaderLength(Sga frame, int ip) {
        if (frame.totalLength() < ip + 20L) {
            return NONE;
        }
        int versionIhl = u8(frame, ip);
        int ihl = (versionIhl & 0x0F) * 4;
        if (versionIhl >>> 4 != 4 || ihl < 20 || frame.totalLength() < ip + (long) ihl) {
            return NONE;
        }
        return ihl;
    }

    /** Whether the packet at {@code ip} is a later fragment (non-zero fragment offset: it carries no ports). */
    static boolean laterFragment(Sga frame, int ip) {
        return (u16(frame, ip + 6) & 0x1FFF) != 0;
    }

    static int u8(Sga frame, long at) {
        return frame.getByte(at) & 0xFF;
    }

    static int u16(Sga frame, long at) {
        return (u8(frame, at) << 8) | u8(frame, at + 1);
    }

    static void put16(Sga frame, long at, int value) {
        frame.setByte(at, (byte) (value >>> 8));
        frame.setByte(at + 1, (byte) value);
    }
}
