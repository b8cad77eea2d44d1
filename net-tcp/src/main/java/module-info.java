/**
 * TCP: the wire format (RFC 9293 §3.1: the {@code TcpSegment} view, option parsing and writing, the
 * {@code TcpRepr} value object, modular sequence arithmetic) and the protocol engine above it: congestion
 * control and RTT estimation ({@code cc}), the send and receive byte rings ({@code buffer}), loss detection
 * and recovery ({@code recovery}) and the connection state machine with its demultiplexer ({@code engine}).
 *
 * <p>Knows the IPv4 pseudo-header only as two {@code int} addresses; knows no devices, routing or sockets API.
 */
module org.margay.net.tcp {
    requires transitive org.margay.net.common;

    exports org.margay.net.tcp;
    exports org.margay.net.tcp.buffer;
    exports org.margay.net.tcp.cc;
    exports org.margay.net.tcp.engine;
    exports org.margay.net.tcp.recovery;
}
