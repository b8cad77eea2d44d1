/**
 * Reading and writing packet captures (classic libpcap "pcap" and pcapng) for Margay's tests, demos and the
 * {@code margay decode} command, plus the project's own reference captures.
 *
 * <p>This module knows file formats and link-layer framing of captures only: no protocol decoding, no
 * sockets, no devices.
 */
module org.margay.pcap {
    requires org.margay.net.common;

    exports org.margay.pcap;
    exports org.margay.pcap.captures;
    // The captures are resources in that package; open it so that other modules can read them.
    opens org.margay.pcap.captures;
}
