package org.margay.net.arp;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EtherType;

/**
 * A reusable flyweight over one ARP packet (RFC 826 "Packet format"), read and written in place.
 *
 * <pre>
 *  0               2               4       5       6               8
 * +---------------+---------------+-------+-------+---------------+
 * | hardware type | protocol type | hlen  | plen  |   operation   |
 * +---------------+---------------+-------+-------+---------------+
 * | sender hardware address (hlen) | sender protocol address (plen) |
 * | target hardware address (hlen) | target protocol address (plen) |
 * +----------------------------------------------------------------+
 * Ethernet/IPv4: hardware type 1, protocol type 0x0800, hlen 6, plen 4: 28 bytes.
 * </pre>
 *
 * <p>Two levels of access. The generic accessors (fixed fields and the {@code *AddressOffset()} /
 * {@code *AddressLength()} pairs) work for any hardware and protocol, so a printer can show other kinds. The
 * typed accessors ({@link #senderMac()}, {@link #senderIp()}, {@link #targetMac()}, {@link #targetIp()}) read
 * the Ethernet/IPv4 layout and are meaningful only when {@link #check()} is {@link WireStatus#OK}.
 *
 * <p>What must stay true: {@link #check()} reads only inside the wrapped bounds. When it answers {@code OK},
 * every accessor stays inside them. When it answers {@link WireStatus#UNSUPPORTED} (another hardware or
 * protocol type), the generic accessors still stay inside them: the addresses were found complete before the
 * kind was looked at. Nothing here allocates or throws for bad input. The operation is not validated: which
 * operations to answer is the ARP layer's decision (RFC 826 "Packet Reception").
 */
public final class ArpPacket {
    /** Byte offset of {@code ar$hrd}, the hardware address space (RFC 826). */
    public static final int HARDWARE_TYPE_OFFSET = 0;
    /** Byte offset of {@code ar$pro}, the protocol address space, an EtherType (RFC 826). */
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    /** Byte offset of {@code ar$hln}, the hardware address length in bytes (RFC 826). */
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    /** Byte offset of {@code ar$pln}, the protocol address length in bytes (RFC 826). */
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    /** Byte offset of {@code ar$op} (RFC 826). */
    public static final int OPERATION_OFFSET = 6;
    /** Byte offset of {@code ar$sha}, where the variable-length addresses start (RFC 826). */
    public static final int ADDRESSES_OFFSET = 8;
    /** The fixed part before the addresses. */
    public static final int FIXED_LENGTH = ADDRESSES_OFFSET;

    /** Ethernet hardware address length (RFC 826: "ar$hln = 6"). */
    public static final int ETHERNET_ADDRESS_LENGTH = 6;
    /** IPv4 protocol address length (RFC 826 example: "ar$pln = 4"). */
    public static final int IPV4_ADDRESS_LENGTH = 4;
    /** The length of an Ethernet/IPv4 ARP packet: 8 + 2 * 6 + 2 * 4. */
    public static final int ETHERNET_IPV4_LENGTH = 28;
    /** Ethernet/IPv4 layout: offset of the sender MAC. */
    public static final int SENDER_MAC_OFFSET = 8;
    /** Ethernet/IPv4 layout: offset of the sender IPv4 address. */
    public static final int SENDER_IP_OFFSET = 14;
    /** Ethernet/IPv4 layout: offset of the target MAC. */
    public static final int TARGET_MAC_OFFSET = 18;
    /** Ethernet/IPv4 layout: offset of the target IPv4 address. */
    public static final int TARGET_IP_OFFSET = 24;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;

    /** Points this view at the packet starting at {@code offset} with {@code length} bytes available; returns {@code this}. */
    public ArpPacket wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.available = length;
        return this;
    }

    /** The wrapped segment. */
    public MemorySegment segment() {
        return segment;
    }

    /** The absolute offset of the packet in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** How many bytes the lower layer handed over (may exceed {@link #packetLength()}: Ethernet padding). */
    public int availableLength() {
        return available;
    }

    /**
     * Structural validation, first problem wins: {@link WireStatus#TRUNCATED} when the 8-byte fixed part or the
     * four addresses ({@code 8 + 2*hlen + 2*plen} bytes) are cut, or the range is not inside the segment;
     * {@link WireStatus#BAD_FIELD} when the types say Ethernet/IPv4 but the lengths are not 6 and 4;
     * {@link WireStatus#UNSUPPORTED} for any other hardware/protocol pair (generic fields stay readable).
     */
    public WireStatus check() {
        if (available < FIXED_LENGTH || !Bytes.fits(offset, available, segment.byteSize())) {
            return WireStatus.TRUNCATED;
        }
        if (packetLength() > available) {
            return WireStatus.TRUNCATED;
        }
        if (hardwareType() != ArpHardwareType.ETHERNET || protocolType() != EtherType.IPV4) {
            return WireStatus.UNSUPPORTED;
        }
        if (hardwareAddressLength() != ETHERNET_ADDRESS_LENGTH || protocolAddressLength() != IPV4_ADDRESS_LENGTH) {
            return WireStatus.BAD_FIELD;
        }
        return WireStatus.OK;
    }

    /** True when the four type/length fields say Ethernet/IPv4 (1, 0x0800, 6, 4); needs the 8-byte fixed part. */
    public boolean isEthernetIpv4() {
        return hardwareType() == ArpHardwareType.ETHERNET && protocolType() == EtherType.IPV4
                && hardwareAddressLength() == ETHERNET_ADDRESS_LENGTH && protocolAddressLength() == IPV4_ADDRESS_LENGTH;
    }

    /** {@code ar$hrd}: the hardware address space ({@link ArpHardwareType}). */
    public int hardwareType() {
        return Bytes.u16(segment, offset + HARDWARE_TYPE_OFFSET);
    }

    /** {@code ar$pro}: the protocol address space, as an EtherType ({@link EtherType#IPV4} for IPv4). */
    public int protocolType() {
        return Bytes.u16(segment, offset + PROTOCOL_TYPE_OFFSET);
    }

    /** {@code ar$hln}: bytes per hardware address, 0..255. */
    public int hardwareAddressLength() {
        return Bytes.u8(segment, offset + HARDWARE_LENGTH_OFFSET);
    }

    /** {@code ar$pln}: bytes per protocol address, 0..255. */
    public int protocolAddressLength() {
        return Bytes.u8(segment, offset + PROTOCOL_LENGTH_OFFSET);
    }

    /** {@code ar$op} ({@link ArpOperation}). */
    public int operation() {
        return Bytes.u16(segment, offset + OPERATION_OFFSET);
    }

    /** The length the address fields imply: {@code 8 + 2*hlen + 2*plen} (at most 1028); needs the fixed part. */
    public int packetLength() {
        return FIXED_LENGTH + 2 * (hardwareAddressLength() + protocolAddressLength());
    }

    /** Absolute offset of {@code ar$sha}, {@link #hardwareAddressLength()} bytes. */
    public long senderHardwareAddressOffset() {
        return offset + ADDRESSES_OFFSET;
    }

    /** Absolute offset of {@code ar$spa}, {@link #protocolAddressLength()} bytes. */
    public long senderProtocolAddressOffset() {
        return offset + ADDRESSES_OFFSET + hardwareAddressLength();
    }

    /** Absolute offset of {@code ar$tha}, {@link #hardwareAddressLength()} bytes. */
    public long targetHardwareAddressOffset() {
        return offset + ADDRESSES_OFFSET + hardwareAddressLength() + protocolAddressLength();
    }

    /** Absolute offset of {@code ar$tpa}, {@link #protocolAddressLength()} bytes. */
    public long targetProtocolAddressOffset() {
        return offset + ADDRESSES_OFFSET + 2L * hardwareAddressLength() + protocolAddressLength();
    }

    /** Ethernet/IPv4 only: the sender MAC ({@code ar$sha}), low 48 bits. */
    public long senderMac() {
        return Bytes.u48(segment, offset + SENDER_MAC_OFFSET);
    }

    /** Ethernet/IPv4 only: the sender IPv4 address ({@code ar$spa}). */
    public int senderIp() {
        return Bytes.i32(segment, offset + SENDER_IP_OFFSET);
    }

    /** Ethernet/IPv4 only: the target MAC ({@code ar$tha}; zero or ignored in a request, RFC 5227 §2.1.1). */
    public long targetMac() {
        return Bytes.u48(segment, offset + TARGET_MAC_OFFSET);
    }

    /** Ethernet/IPv4 only: the target IPv4 address ({@code ar$tpa}). */
    public int targetIp() {
        return Bytes.i32(segment, offset + TARGET_IP_OFFSET);
    }

    /** Sets {@code ar$hrd}; returns {@code this}. */
    public ArpPacket hardwareType(int type) {
        Bytes.u16(segment, offset + HARDWARE_TYPE_OFFSET, type);
        return this;
    }

    /** Sets {@code ar$pro}; returns {@code this}. */
    public ArpPacket protocolType(int type) {
        Bytes.u16(segment, offset + PROTOCOL_TYPE_OFFSET, type);
        return this;
    }

    /** Sets {@code ar$hln}; returns {@code this}. */
    public ArpPacket hardwareAddressLength(int length) {
        Bytes.u8(segment, offset + HARDWARE_LENGTH_OFFSET, length);
        return this;
    }

    /** Sets {@code ar$pln}; returns {@code this}. */
    public ArpPacket protocolAddressLength(int length) {
        Bytes.u8(segment, offset + PROTOCOL_LENGTH_OFFSET, length);
        return this;
    }

    /** Sets {@code ar$op}; returns {@code this}. */
    public ArpPacket operation(int operation) {
        Bytes.u16(segment, offset + OPERATION_OFFSET, operation);
        return this;
    }

    /** Writes the four Ethernet/IPv4 type and length fields (1, 0x0800, 6, 4); returns {@code this}. */
    public ArpPacket ethernetIpv4() {
        return hardwareType(ArpHardwareType.ETHERNET)
                .protocolType(EtherType.IPV4)
                .hardwareAddressLength(ETHERNET_ADDRESS_LENGTH)
                .protocolAddressLength(IPV4_ADDRESS_LENGTH);
    }

    /** Ethernet/IPv4 only: sets the sender MAC; returns {@code this}. */
    public ArpPacket senderMac(long mac) {
        Bytes.u48(segment, offset + SENDER_MAC_OFFSET, mac);
        return this;
    }

    /** Ethernet/IPv4 only: sets the sender IPv4 address; returns {@code this}. */
    public ArpPacket senderIp(int address) {
        Bytes.u32(segment, offset + SENDER_IP_OFFSET, address);
        return this;
    }

    /** Ethernet/IPv4 only: sets the target MAC; returns {@code this}. */
    public ArpPacket targetMac(long mac) {
        Bytes.u48(segment, offset + TARGET_MAC_OFFSET, mac);
        return this;
    }

    /** Ethernet/IPv4 only: sets the target IPv4 address; returns {@code this}. */
    public ArpPacket targetIp(int address) {
        Bytes.u32(segment, offset + TARGET_IP_OFFSET, address);
        return this;
    }
}
