/**
 * ARP (RFC 826): the {@code ArpPacket} view over received or outgoing bytes, the {@code ArpRepr} value object
 * for Ethernet/IPv4, the operation and hardware-type registries ({@code org.margay.net.arp}), and the neighbour
 * cache with ageing, static entries, retries and bounded pending queues ({@code org.margay.net.arp.cache}, time
 * passed in as nanoseconds). Knows no devices or sockets; it knows Ethernet only to name EtherTypes and build the
 * header an ARP message travels in.
 */
module org.margay.net.arp {
    requires transitive org.margay.net.common;
    requires transitive org.margay.net.ethernet;

    exports org.margay.net.arp;
    exports org.margay.net.arp.cache;
}
