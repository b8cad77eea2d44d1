/**
 * UDP (RFC 768): the {@code UdpDatagram} view over received or outgoing bytes and the {@code UdpRepr} value
 * object ({@code org.margay.net.udp}), and the socket table with bounded receive queues that the inet stack
 * demultiplexes into ({@code org.margay.net.udp.socket}). Knows the IPv4 pseudo-header only as two {@code int}
 * addresses; knows no devices.
 */
module org.margay.net.udp {
    requires transitive org.margay.net.common;

    exports org.margay.net.udp;
    exports org.margay.net.udp.socket;
}
