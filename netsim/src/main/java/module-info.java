/**
 * The deterministic network simulator: hosts on simulated switches over links with latency, bandwidth,
 * queues and seeded impairments, driven by a virtual clock, with pcapng recording per link.
 *
 * <p>It knows devices (it implements {@link org.margay.fastpath.device.NetworkDevice}) and Ethernet
 * addressing, and nothing of IP, TCP, sockets or PDPIX.
 */
module org.margay.netsim {
    requires transitive org.margay.fastpath;
    requires org.margay.net.common;
    requires org.margay.pcap;

    exports org.margay.netsim;
}
