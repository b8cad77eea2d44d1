package org.margay.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.margay.net.arp.cache.ArpCacheConfig;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.net.ipv4.frag.ReassemblyConfig;
import org.margay.net.tcp.engine.TcpConfig;

/**
 * Everything an {@link InetStack} is built from, apart from its device and clock. Build with
 * {@link #builder()}; the record is immutable and validated once.
 *
 * @param mac                 the interface's MAC address; {@link #DEVICE_MAC} (0) takes the device's
 * @param addresses           the interface's IPv4 addresses with their prefixes (the first is the primary,
 *                            used as source when no subnet matches); at least one
 * @param routes              static routes (a connected route per address is added by the stack)
 * @param defaultGateway      the default route's gateway, or 0 for none
 * @param mtu                 the largest IP packet sent; 0 takes the device's
 * @param ttl                 TTL of datagrams this host originates (RFC 1122 §3.2.1.7; 64 as Linux)
 * @param arp                 neighbour cache settings
 * @param staticArp           static neighbour entries
 * @param gratuitousArp       whether to announce each address once at start (RFC 5227 §2.3)
 * @param reassembly          IPv4 reassembly limits
 * @param icmpRatePerSecond   ICMP errors allowed per second (token bucket rate, RFC 1812 §4.3.2.8)
 * @param icmpBurst           ICMP errors allowed back to back (token bucket depth)
 * @param udpQueueDatagrams   datagrams a UDP socket queues before dropping
 * @param udpQueueBytes       payload bytes a UDP socket queues before dropping
 * @param tcp                 the TCP engine's settings (its MSS is capped to the MTU)
 * @param tcpSeed             seed of the TCP layer's ISN and port keys (deterministic simulations)
 * @param burstSize           frames received and transmitted per device call
 */
public record StackConfig(long mac, List<InterfaceAddress> addresses, List<Route> routes, int defaultGateway,
                          int mtu, int ttl, ArpCacheConfig arp, List<StaticNeighbour> staticArp,
                          boolean gratuitousArp, ReassemblyConfig reassembly, int icmpRatePerSecond, int icmpBurst,
                          int udpQueueDatagrams, int udpQueueBytes, TcpConfig tcp, long tcpSeed, int burstSize) {

    /** {@link #mac()} value meaning "use the device's MAC address". */
    public static final long DEVICE_MAC = 0;

    /** One address of the interface: {@code address/prefixLength}. */
    public record InterfaceAddress(int address, int prefixLength) {
        public InterfaceAddress {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefix length must be in 0..32, was " + prefixLength);
            }
        }

        /** Parses "10.0.0.1/24". */
        public static InterfaceAddress parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("expected address/prefix, got " + cidr);
            }
            return new InterfaceAddress(Ipv4Address.parse(cidr.substring(0, slash)),
                    Integer.parseInt(cidr.substring(slash + 1)));
        }

        @Override
        public String toString() {
            return Ipv4Address.format(address) + "/" + prefixLength;
        }
    }

    /** A static route: {@code prefix/prefixLength via gateway}. */
    public record Route(int prefix, int prefixLength, int gateway) {
        public Route {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefix length must be in 0..32, was " + prefixLength);
            }
        }
    }

    /** A static ARP entry. */
    public record StaticNeighbour(int address, long mac) {
    }

    public StackConfig {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        staticArp = List.copyOf(staticArp);
        Objects.requireNonNull(arp, "arp");
        Objects.requireNonNull(reassembly, "reassembly");
        Objects.requireNonNull(tcp, "tcp");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one IPv4 address");
        }
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
            throw new IllegalArgumentException("mtu must be 0 (device's) or 68..65535 (RFC 791 §3.2), was " + mtu);
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("ttl must be in 1..255, was " + ttl);
        }
        if (icmpRatePerSecond < 0 || icmpBurst < 0) {
            throw new IllegalArgumentException("ICMP rate limits must not be negative");
        }
        if (udpQueueDatagrams <= 0 || udpQueueBytes <= 0) {
            throw new IllegalArgumentException("UDP queue limits must be positive");
        }
        if (burstSize <= 0) {
            throw new IllegalArgumentException("burst size must be positive, was " + burstSize);
        }
    }

    /** The primary address (the first). */
    public int primaryAddress() {
        return addresses.get(0).address();
    }

    /** A builder with Linux-like defaults; at least one address must be added. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link StackConfig}. */
    public static final class Builder {
        private long mac = DEVICE_MAC;
        private final List<InterfaceAddress> addresses = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private int defaultGateway;
        private int mtu;
        private int ttl = 64;
        private ArpCacheConfig arp = ArpCacheConfig.defaults().withPendingPerEntry(64);
        private final List<StaticNeighbour> staticArp = new ArrayList<>();
        private boolean gratuitousArp = true;
        private ReassemblyConfig reassembly = ReassemblyConfig.defaults();
        private int icmpRatePerSecond = 1000;
        private int icmpBurst = 50;
        private int udpQueueDatagrams = 256;
        private int udpQueueBytes = 256 * 1024;
        private TcpConfig tcp = TcpConfig.defaults();
        private long tcpSeed = 0x6D61_7267_6179L;
        private int burstSize = 32;

        private Builder() {
        }

        /** The interface's MAC address (default: the device's). */
        public Builder mac(long value) {
            mac = value;
            return this;
        }

        /** The interface's MAC address as text. */
        public Builder mac(String text) {
            return mac(MacAddress.parse(text));
        }

        /** Adds an address with its prefix. */
        public Builder address(int address, int prefixLength) {
            addresses.add(new InterfaceAddress(address, prefixLength));
            return this;
        }

        /** Adds an address written "10.0.0.1/24". */
        public Builder address(String cidr) {
            addresses.add(InterfaceAddress.parse(cidr));
            return this;
        }

        /** Adds a static route. */
        public Builder route(int prefix, int prefixLength, int gateway) {
            routes.add(new Route(prefix, prefixLength, gateway));
            return this;
        }

        /** Sets the default gateway. */
        public Builder defaultGateway(int gateway) {
            defaultGateway = gateway;
            return this;
        }

        /** Sets the default gateway from text. */
        public Builder defaultGateway(String gateway) {
            return defaultGateway(Ipv4Address.parse(gateway));
        }

        /** The MTU (default: the device's). */
        public Builder mtu(int value) {
            mtu = value;
            return this;
        }

        /** TTL of datagrams this host sends. */
        public Builder ttl(int value) {
            ttl = value;
            return this;
        }

        /** Neighbour cache settings. */
        public Builder arp(ArpCacheConfig value) {
            arp = value;
            return this;
        }

        /** Adds a static ARP entry. */
        public Builder staticArp(int address, long macAddress) {
            staticArp.add(new StaticNeighbour(address, macAddress));
            return this;
        }

        /** Whether to announce the addresses with gratuitous ARP at start. */
        public Builder gratuitousArp(boolean on) {
            gratuitousArp = on;
            return this;
        }

        /** IPv4 reassembly limits. */
        public Builder reassembly(ReassemblyConfig value) {
            reassembly = value;
            return this;
        }

        /** ICMP error rate limit: tokens per second and bucket depth. */
        public Builder icmpRateLimit(int perSecond, int burst) {
            icmpRatePerSecond = perSecond;
            icmpBurst = burst;
            return this;
        }

        /** Per-socket UDP receive queue limits. */
        public Builder udpQueue(int datagrams, int bytes) {
            udpQueueDatagrams = datagrams;
            udpQueueBytes = bytes;
            return this;
        }

        /** The TCP engine's settings. */
        public Builder tcp(TcpConfig value) {
            tcp = value;
            return this;
        }

        /** Seed of the TCP layer's keys. */
        public Builder tcpSeed(long value) {
            tcpSeed = value;
            return this;
        }

        /** Frames per device call. */
        public Builder burstSize(int value) {
            burstSize = value;
            return this;
        }

        /** The validated configuration. */
        public StackConfig build() {
            return new StackConfig(mac, addresses, routes, defaultGateway, mtu, ttl, arp, staticArp, gratuitousArp,
                    reassembly, icmpRatePerSecond, icmpBurst, udpQueueDatagrams, udpQueueBytes, tcp, tcpSeed,
                    burstSize);
        }
    }
}
