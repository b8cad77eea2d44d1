package org.margay.pdpix;

import org.margay.net.common.Ipv4Address;

/**
 * An IPv4 address and port, as {@code bind}, {@code connect}, {@code pushTo}, {@code getsockname} and
 * {@code getpeername} take and give them. Control-path value: the data path carries addresses as two
 * {@code int}s in {@link QResult} and {@link Sga} so that it allocates nothing.
 *
 * @param address the IPv4 address as a big-endian {@code int} ({@code 0} = any)
 * @param port    0–65535 ({@code 0} = ephemeral when binding)
 */
public record InetEndpoint(int address, int port) {
    /** The wildcard endpoint {@code 0.0.0.0:0}. */
    public static final InetEndpoint ANY = new InetEndpoint(0, 0);

    /** Checks the port range. */
    public InetEndpoint {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }

    /** {@code a.b.c.d:port}, checked. */
    public static InetEndpoint of(String address, int port) {
        return new InetEndpoint(Ipv4Address.parse(address), port);
    }

    /** Parses {@code a.b.c.d:port}. */
    public static InetEndpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected a.b.c.d:port, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + text + "'", e);
        }
        return new InetEndpoint(Ipv4Address.parse(text.substring(0, colon)), port);
    }

    @Override
    public String toString() {
        return Ipv4Address.format(address) + ":" + port;
    }
}
