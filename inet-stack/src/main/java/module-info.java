/**
 * The inet stack (issue #3): a single-threaded engine bound to one link through
 * {@link org.margay.fastpath.device.NetworkDevice}, driven by a {@link org.margay.fastpath.time.Clock} it is
 * given. Ethernet in and out, ARP, IPv4 with routing, fragmentation and reassembly, ICMP, UDP sockets and the
 * TCP engine, with a counter for every drop.
 *
 * <p>It knows no PDPIX, no simulator and no particular device.
 */
module org.margay.stack {
    requires transitive org.margay.net.common;
    requires org.margay.net.ethernet;
    requires transitive org.margay.net.arp;
    requires transitive org.margay.net.ipv4;
    requires transitive org.margay.net.udp;
    requires transitive org.margay.net.tcp;
    requires transitive org.margay.fastpath;

    exports org.margay.stack;
}
