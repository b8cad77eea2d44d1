package org.margay.net.udp.socket;

/**
 * The UDP port table of one stack: which socket owns which local port, and the demultiplexer from a received
 * datagram's addresses to a socket (RFC 768, RFC 1122 §4.1.3.4). One socket per port; a socket bound to a
 * specific address receives only datagrams sent to it, one bound to 0 receives for every host address. A
 * connected socket receives only from its peer.
 *
 * <p>Lookups allocate nothing (a port-indexed array); binding allocates the socket's queue (cold path).
 * Ephemeral ports come from 49152–65535 (RFC 6335 §6), the next free one after the last handed out.
 */
public final class UdpSocketTable {
    /** First ephemeral port (RFC 6335 §6). */
    public static final int EPHEMERAL_FIRST = 49152;
    /** Last ephemeral port. */
    public static final int EPHEMERAL_LAST = 65535;

    private final UdpSocket[] byPort = new UdpSocket[65536];
    private final int queueDatagrams;
    private final int queueBytes;
    private int nextEphemeral = EPHEMERAL_FIRST;
    private int bound;

    /**
     * An empty table whose sockets queue up to {@code queueDatagrams} datagrams and {@code queueBytes} payload
     * bytes each.
     */
    public UdpSocketTable(int queueDatagrams, int queueBytes) {
        if (queueDatagrams <= 0 || queueBytes <= 0) {
            throw new IllegalArgumentException("UDP queue limits must be positive, were " + queueDatagrams
                    + " datagrams and " + queueBytes + " bytes");
        }
        this.queueDatagrams = queueDatagrams;
        this.queueBytes = queueBytes;
    }

    /**
     * Binds a socket to {@code localIp} (0 = any) and {@code port} (0 = an ephemeral port).
     *
     * @throws IllegalStateException if the port is taken or no ephemeral port is free
     */
    public UdpSocket bind(int localIp, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (port == 0) {
            port = freeEphemeralPort();
        } else if (byPort[port] != null) {
            throw new IllegalStateException("UDP port " + port + " is already bound (EADDRINUSE)");
        }
        UdpSocket socket = new UdpSocket(this, localIp, port, queueDatagrams, queueBytes);
        byPort[port] = socket;
        bound++;
        return socket;
    }

    /**
     * The socket that should receive a datagram from {@code sourceIp:sourcePort} to
     * {@code destinationIp:destinationPort}, or null (the caller answers ICMP port unreachable, RFC 1122
     * §4.1.3.1).
     */
    public UdpSocket lookup(int destinationIp, int destinationPort, int sourceIp, int sourcePort) {
        UdpSocket socket = byPort[destinationPort & 0xFFFF];
        if (socket == null) {
            return null;
        }
        if (socket.localIp() != 0 && socket.localIp() != destinationIp) {
            return null;
        }
        if (socket.isConnected() && (socket.remotePort() != sourcePort || socket.remoteIp() != sourceIp)) {
            return null;
        }
        return socket;
    }

    /**
     * The socket that sent a datagram from {@code localPort} to {@code remoteIp:remotePort}, for an ICMP error
     * quoting it; null when none matches (for a connected socket the peer must match).
     */
    public UdpSocket lookupForError(int localIp, int localPort, int remoteIp, int remotePort) {
        UdpSocket socket = byPort[localPort & 0xFFFF];
        if (socket == null || socket.localIp() != 0 && socket.localIp() != localIp) {
            return null;
        }
        if (socket.isConnected() && (socket.remotePort() != remotePort || socket.remoteIp() != remoteIp)) {
            return null;
        }
        return socket;
    }

    /** Sockets bound. */
    public int size() {
        return bound;
    }

    void unbind(UdpSocket socket) {
        if (byPort[socket.localPort()] == socket) {
            byPort[socket.localPort()] = null;
            bound--;
        }
    }

    private int freeEphemeralPort() {
        int span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
        for (int i = 0; i < span; i++) {
            int port = nextEphemeral;
            nextEphemeral = port == EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
            if (byPort[port] == null) {
                return port;
            }
        }
        throw new IllegalStateException("no free ephemeral UDP port");
    }
}
