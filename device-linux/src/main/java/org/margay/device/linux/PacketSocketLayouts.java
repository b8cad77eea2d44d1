package org.margay.device.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

/** The structures of packet(7), from {@code <linux/if_packet.h>}, as layouts with their field offsets. */
final class PacketSocketLayouts {
    private PacketSocketLayouts() {
    }

    /**
     * {@code struct sockaddr_ll}: family, protocol (network byte order), ifindex, hardware type, packet type,
     * address length, 8 address bytes; 20 bytes.
     */
    static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr"));

    static final long SLL_FAMILY = SOCKADDR_LL.byteOffset(groupElement("sll_family"));
    static final long SLL_PROTOCOL = SOCKADDR_LL.byteOffset(groupElement("sll_protocol"));
    static final long SLL_IFINDEX = SOCKADDR_LL.byteOffset(groupElement("sll_ifindex"));
    static final long SLL_PKTTYPE = SOCKADDR_LL.byteOffset(groupElement("sll_pkttype"));

    /** {@code struct packet_mreq}: ifindex, type, address length, 8 address bytes; 16 bytes. */
    static final StructLayout PACKET_MREQ = MemoryLayout.structLayout(
            JAVA_INT.withName("mr_ifindex"),
            JAVA_SHORT.withName("mr_type"),
            JAVA_SHORT.withName("mr_alen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("mr_address"));

    static final long MR_IFINDEX = PACKET_MREQ.byteOffset(groupElement("mr_ifindex"));
    static final long MR_TYPE = PACKET_MREQ.byteOffset(groupElement("mr_type"));
}
