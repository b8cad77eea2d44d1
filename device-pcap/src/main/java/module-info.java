/**
 * A capture file as a {@link org.margay.fastpath.device.NetworkDevice}: replay and record.
 */
module org.margay.device.pcap {
    requires transitive org.margay.fastpath;
    requires transitive org.margay.pcap;
    requires org.margay.net.common;

    exports org.margay.device.pcap;

    provides org.margay.fastpath.device.DeviceProvider with org.margay.device.pcap.PcapDeviceProvider;
}
