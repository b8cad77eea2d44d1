/**
 * TCP wire format (RFC 9293 §3.1): the {@code TcpSegment} view, option parsing and writing, the
 * {@code TcpRepr} value object and modular sequence-number arithmetic. Knows the IPv4 pseudo-header only as
 * two {@code int} addresses; knows no connection state, sockets or devices.
 */
module org.margay.net.tcp {
    requires transitive org.margay.net.common;

    exports org.margay.net.tcp;
}
