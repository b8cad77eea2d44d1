/**
 * A capture file as a {@link org.margay.fastpath.device.NetworkDevice}: replay and record.
 */
module org.margay.device.pcap {
    requires transitive org.margay.fastpath;
    requires transitive org.margay.pcap;

    exports org.margay.device.pcap;
}
