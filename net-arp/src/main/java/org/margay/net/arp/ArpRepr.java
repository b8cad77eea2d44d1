package org.margay.net.arp;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.margay.net.common.Bytes;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetRepr;
import org.margay.net.ethernet.VlanTag;

/**
 * An Ethernet/IPv4 ARP packet as a value (RFC 826), for the cold path: tests, tools, building requests and
 * replies. The four type/length fields are implied (1, 0x0800, 6, 4), so the packet is always 28 bytes.
 *
 * <p>Invariant: {@code operation} fits 16 bits and both MACs fit 48 bits; IPv4 addresses are plain
 * {@code int}s. {@code parse(emit(x))} gives {@code x} back.
 *
 * @param operation the {@code ar$op} field ({@link ArpOperation})
 * @param senderMac the sender hardware address, low 48 bits
 * @param senderIp  the sender protocol address
 * @param targetMac the target hardware address, low 48 bits (zero in a request, RFC 5227 §2.1.1)
 * @param targetIp  the target protocol address
 */
public record ArpRepr(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {

    public ArpRepr {
        if ((operation & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("ARP operation out of range 0..65535: " + operation);
        }
        if ((senderMac & ~MacAddress.BROADCAST) != 0) {
            throw new IllegalArgumentException("sender MAC wider than 48 bits: 0x" + Long.toHexString(senderMac));
        }
        if ((targetMac & ~MacAddress.BROADCAST) != 0) {
            throw new IllegalArgumentException("target MAC wider than 48 bits: 0x" + Long.toHexString(targetMac));
        }
    }

    /** "Who has {@code targetIp}? Tell {@code senderIp}": a request with a zero target MAC (RFC 826, RFC 5227 §2.1.1). */
    public static ArpRepr request(long senderMac, int senderIp, int targetIp) {
        return new ArpRepr(ArpOperation.REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
    }

    /**
     * The reply to {@code request} from the host that owns its target address at {@code ownMac}: sender and
     * target swapped, the own hardware address as sender (RFC 826 "Packet Reception": "swap hardware and
     * protocol fields, putting the local hardware and protocol addresses in the sender fields").
     *
     * @throws IllegalArgumentException if {@code request} is not a {@link ArpOperation#REQUEST}
     */
    public static ArpRepr reply(ArpRepr request, long ownMac) {
        if (request.operation() != ArpOperation.REQUEST) {
            throw new IllegalArgumentException("can only reply to a request, got " + ArpOperation.name(request.operation()));
        }
        return new ArpRepr(ArpOperation.REPLY, ownMac, request.targetIp(), request.senderMac(), request.senderIp());
    }

    /**
     * A gratuitous ARP ("ARP announcement", RFC 5227 §3): a request whose sender and target IP are both
     * {@code ip}, with a zero target MAC, broadcast so that neighbours update their caches.
     */
    public static ArpRepr gratuitous(long mac, int ip) {
        return new ArpRepr(ArpOperation.REQUEST, mac, ip, MacAddress.ZERO, ip);
    }

    /** An ARP probe (RFC 5227 §2.1.1): a request with sender IP 0.0.0.0 asking whether {@code ip} is taken. */
    public static ArpRepr probe(long mac, int ip) {
        return new ArpRepr(ArpOperation.REQUEST, mac, Ipv4Address.ANY, MacAddress.ZERO, ip);
    }

    /** Whether this is a gratuitous request or reply: sender IP equals target IP (RFC 5227 §3). */
    public boolean isGratuitous() {
        return (operation == ArpOperation.REQUEST || operation == ArpOperation.REPLY) && senderIp == targetIp;
    }

    /** Whether this is an RFC 5227 §2.1.1 probe: a request with sender IP 0.0.0.0. */
    public boolean isProbe() {
        return operation == ArpOperation.REQUEST && senderIp == Ipv4Address.ANY;
    }

    /**
     * Reads a repr from a view; any {@link ArpPacket#check()} failure (non-Ethernet/IPv4 included) comes back
     * as {@link Parsed.Invalid}.
     */
    public static Parsed<ArpRepr> parse(ArpPacket packet) {
        WireStatus status = packet.check();
        if (status != WireStatus.OK) {
            String detail = switch (status) {
                case TRUNCATED -> packet.availableLength() < ArpPacket.FIXED_LENGTH
                        || !Bytes.fits(packet.offset(), packet.availableLength(), packet.segment().byteSize())
                        ? "need " + ArpPacket.FIXED_LENGTH + " bytes, have " + packet.availableLength()
                        : "addresses need " + packet.packetLength() + " bytes, have " + packet.availableLength();
                case UNSUPPORTED -> "hardware " + ArpHardwareType.name(packet.hardwareType()) + ", protocol "
                        + EtherType.name(packet.protocolType()) + " (only Ethernet/IPv4 is decoded)";
                case BAD_FIELD -> "Ethernet/IPv4 with address lengths " + packet.hardwareAddressLength() + "/"
                        + packet.protocolAddressLength() + " (want 6/4)";
                default -> "ARP packet rejected";
            };
            return Parsed.invalid(status, detail);
        }
        return Parsed.ok(new ArpRepr(packet.operation(), packet.senderMac(), packet.senderIp(),
                packet.targetMac(), packet.targetIp()));
    }

    /** The packet length: always 28. */
    public int headerLength() {
        return ArpPacket.ETHERNET_IPV4_LENGTH;
    }

    /** Writes the 28-byte packet at {@code offset}. */
    public void emit(MemorySegment segment, long offset) {
        new ArpPacket().wrap(segment, offset, ArpPacket.ETHERNET_IPV4_LENGTH)
                .ethernetIpv4()
                .operation(operation)
                .senderMac(senderMac)
                .senderIp(senderIp)
                .targetMac(targetMac)
                .targetIp(targetIp);
    }

    /**
     * The Ethernet header this packet travels in: EtherType ARP (RFC 826), source = sender MAC, destination =
     * broadcast for requests (requests and RARP requests; gratuitous and probes too, RFC 5227 §2.1.1, §3),
     * else the target MAC.
     */
    public EthernetRepr ethernetHeader(List<VlanTag> tags) {
        boolean broadcast = operation == ArpOperation.REQUEST || operation == ArpOperation.RARP_REQUEST;
        return new EthernetRepr(broadcast ? MacAddress.BROADCAST : targetMac, senderMac, tags, EtherType.ARP);
    }

    /** {@link #ethernetHeader(List)} for an untagged frame. */
    public EthernetRepr ethernetHeader() {
        return ethernetHeader(List.of());
    }

    /** For people, tcpdump style: {@code who-has 10.0.0.2 tell 10.0.0.1}, {@code 10.0.0.2 is-at 02:..:01}. */
    @Override
    public String toString() {
        return switch (operation) {
            case ArpOperation.REQUEST -> isProbe()
                    ? "probe who-has " + Ipv4Address.format(targetIp) + " from " + MacAddress.format(senderMac)
                    : isGratuitous()
                    ? "gratuitous " + Ipv4Address.format(senderIp) + " is-at " + MacAddress.format(senderMac)
                    : "who-has " + Ipv4Address.format(targetIp) + " tell " + Ipv4Address.format(senderIp);
            case ArpOperation.REPLY -> Ipv4Address.format(senderIp) + " is-at " + MacAddress.format(senderMac);
            default -> ArpOperation.name(operation) + " sender " + MacAddress.format(senderMac) + " "
                    + Ipv4Address.format(senderIp) + " target " + MacAddress.format(targetMac) + " "
                    + Ipv4Address.format(targetIp);
        };
    }
}
