package org.margay.pcap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.net.common.Bytes;

/**
 * Reads the fixed link headers that captures put before the network packet, for the link types in
 * {@link LinkType}. Static and allocation-free; every method reads only inside {@code [offset, offset + length)}
 * and returns -1 when the header does not fit, never throwing.
 */
public final class LinkHeaders {
    /** {@code AF_INET}: the same value (2) on every system that writes NULL/LOOP captures. */
    public static final int AF_INET = 2;

    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Offset of the protocol (EtherType) field in a Linux cooked v1 header (sll_protocol). */
    public static final int SLL_PROTOCOL_OFFSET = 14;
    /** Offset of the packet type field in a Linux cooked v1 header (0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing). */
    public static final int SLL_PACKET_TYPE_OFFSET = 0;

    private LinkHeaders() {
    }

    /**
     * The address family of a {@link LinkType#NULL} header. It is written in the capturing host's byte order,
     * which the file does not record; like tcpdump, a value with bits set in the upper 16 bits is taken to be
     * byte-swapped (families are small numbers).
     */
    public static int nullFamily(MemorySegment segment, long offset, int length) {
        if (length < 4) {
            return -1;
        }
        int family = segment.get(LE32, offset);
        if ((family & 0xFFFF_0000) != 0) {
            family = Integer.reverseBytes(family);
        }
        return family;
    }

    /** The address family of a {@link LinkType#LOOP} header: network byte order. */
    public static int loopFamily(MemorySegment segment, long offset, int length) {
        return length < 4 ? -1 : Bytes.i32(segment, offset);
    }

    /** Whether a NULL/LOOP family number means IPv6 on some system (BSDs 24, FreeBSD 28, Darwin 30, Linux 10). */
    public static boolean isIpv6Family(int family) {
        return family == 24 || family == 28 || family == 30 || family == 10;
    }

    /** The protocol (an EtherType, e.g. 0x0800 for IPv4) of a {@link LinkType#LINUX_SLL} header. */
    public static int sllProtocol(MemorySegment segment, long offset, int length) {
        return length < 16 ? -1 : Bytes.u16(segment, offset + SLL_PROTOCOL_OFFSET);
    }

    /** The packet type of a {@link LinkType#LINUX_SLL} header (0 to host ... 4 outgoing). */
    public static int sllPacketType(MemorySegment segment, long offset, int length) {
        return length < 16 ? -1 : Bytes.u16(segment, offset + SLL_PACKET_TYPE_OFFSET);
    }
}
