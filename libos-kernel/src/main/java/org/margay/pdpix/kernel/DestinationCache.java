package org.margay.pdpix.kernel;

import java.net.InetSocketAddress;

/**
 * The JDK socket addresses of recent {@code pushTo} destinations, so that a UDP server answering up to a few
 * dozen peers allocates no {@link InetSocketAddress} per datagram. Direct-mapped on a hash of address and
 * port: a new destination that collides replaces the old one (one allocation). Not thread-safe.
 */
final class DestinationCache {
    private static final int SIZE = 64;

    private final int[] ips = new int[SIZE];
    private final int[] ports = new int[SIZE];
    private final InetSocketAddress[] addresses = new InetSocketAddress[SIZE];
    private long misses;

    /** The socket address of {@code ip:port}. */
    InetSocketAddress get(int ip, int port) {
        int h = ip * 0x9E3779B1 + port;
        int i = (h ^ (h >>> 16)) & (SIZE - 1);
        InetSocketAddress a = addresses[i];
        if (a != null && ips[i] == ip && ports[i] == port) {
            return a;
        }
        misses++;
        a = Endpoints.socketAddress(ip, port);
        addresses[i] = a;
        ips[i] = ip;
        ports[i] = port;
        return a;
    }

    /** Lookups that had to make a new address. */
    long misses() {
        return misses;
    }
}
