package org.margay.stack;

import org.margay.net.udp.socket.UdpSocket;

/**
 * Told when a UDP socket becomes worth looking at: a datagram was queued on it, or an error (ICMP, or ARP giving up
 * on the next hop) was recorded for it. Readiness only: the datagram or error stays on the socket until taken.
 * Registered per socket with {@link UdpApi#readiness(UdpSocket, UdpReadiness)}, so an owner of many sockets looks
 * only at those that changed instead of polling them all.
 *
 * <p>Called on the stack's thread, inside {@link InetStack#poll()}: it must not block, and must not close the
 * socket or send through the stack from the callback (note the socket and act after the poll).
 */
@FunctionalInterface
public interface UdpReadiness {
    /** {@code socket} has a datagram or an error waiting. */
    void onUdpReady(UdpSocket socket);
}
