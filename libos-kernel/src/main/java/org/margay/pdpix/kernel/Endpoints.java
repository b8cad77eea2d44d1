package org.margay.pdpix.kernel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import org.margay.pdpix.InetEndpoint;

/**
 * Conversions between PDPIX's addresses (a big-endian IPv4 {@code int} and a port) and the JDK's. Cold path:
 * every call allocates; the data path caches what it converts ({@link DestinationCache}, the last sender of a
 * datagram queue).
 */
final class Endpoints {
    private Endpoints() {
    }

    /** The JDK address of a big-endian IPv4 {@code int}. */
    static InetAddress address(int ip) {
        byte[] b = {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    /** The JDK socket address of {@code ip:port}. */
    static InetSocketAddress socketAddress(int ip, int port) {
        return new InetSocketAddress(address(ip), port);
    }

    /** The JDK socket address of an endpoint. */
    static InetSocketAddress socketAddress(InetEndpoint endpoint) {
        return socketAddress(endpoint.address(), endpoint.port());
    }

    /** The big-endian {@code int} of an IPv4 address (0 for anything else, which INET channels never give). */
    static int ip(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return 0;
        }
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** A JDK socket address as an endpoint; {@link InetEndpoint#ANY} for null (unbound, unconnected). */
    static InetEndpoint endpoint(SocketAddress address) {
        if (!(address instanceof InetSocketAddress isa) || isa.getAddress() == null) {
            return InetEndpoint.ANY;
        }
        return new InetEndpoint(ip(isa.getAddress()), isa.getPort());
    }
}
