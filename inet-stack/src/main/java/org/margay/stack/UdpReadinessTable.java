package org.margay.stack;

import org.margay.net.udp.socket.UdpSocket;

/**
 * The {@link UdpReadiness} callbacks of one stack, by local port (a port has at most one socket): a two-level
 * table whose pages of 256 ports are allocated when a port of theirs first registers, so a stack with a few
 * sockets pays a few small pages and a lookup is two array reads. The socket is kept beside its callback, so a
 * callback left behind by a closed socket is never called for a new socket on the same port.
 *
 * <p>Single-threaded (the stack's thread). Registering allocates at most one page; lookups never allocate.
 */
final class UdpReadinessTable {
    private static final int PAGE_BITS = 8;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGES = 65_536 >> PAGE_BITS;

    private final UdpSocket[][] sockets = new UdpSocket[PAGES][];
    private final UdpReadiness[][] callbacks = new UdpReadiness[PAGES][];

    /** Calls {@code callback} when {@code socket} becomes ready; null stops it. */
    void register(UdpSocket socket, UdpReadiness callback) {
        int port = socket.localPort() & 0xFFFF;
        int page = port >>> PAGE_BITS;
        if (sockets[page] == null) {
            if (callback == null) {
                return;
            }
            sockets[page] = new UdpSocket[PAGE_SIZE];
            callbacks[page] = new UdpReadiness[PAGE_SIZE];
        }
        int slot = port & (PAGE_SIZE - 1);
        if (callback == null) {
            if (sockets[page][slot] == socket) {
                sockets[page][slot] = null;
                callbacks[page][slot] = null;
            }
            return;
        }
        sockets[page][slot] = socket;
        callbacks[page][slot] = callback;
    }

    /** Tells {@code socket}'s owner, if it registered (and is still this socket's). */
    void signal(UdpSocket socket) {
        int port = socket.localPort() & 0xFFFF;
        UdpSocket[] page = sockets[port >>> PAGE_BITS];
        if (page == null) {
            return;
        }
        int slot = port & (PAGE_SIZE - 1);
        if (page[slot] == socket) {
            callbacks[port >>> PAGE_BITS][slot].onUdpReady(socket);
        }
    }
}
