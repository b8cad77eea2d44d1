package org.margay.explain.model;

import org.margay.net.common.Ipv4Address;

/**
 * One end of a conversation: an IPv4 address and a port (0 for protocols without ports).
 *
 * @param ip   the IPv4 address
 * @param port the port, 0..65535
 */
public record Endpoint(int ip, int port) {
    /** Checks the port range. */
    public Endpoint {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return Ipv4Address.format(ip) + (port == 0 ? "" : ":" + port);
    }
}
