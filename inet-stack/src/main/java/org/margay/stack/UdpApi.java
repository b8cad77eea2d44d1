package org.margay.stack;

import java.lang.foreign.MemorySegment;
import org.margay.net.udp.socket.UdpErrors;
import org.margay.net.udp.socket.UdpSocket;

/**
 * The application's UDP handle on a stack (before PDPIX): bind sockets, send datagrams (fragmented when larger
 * than the MTU), and receive through {@link UdpSocket#receive}. Errors reported by ICMP wait in
 * {@link UdpSocket#takeError()}; {@link #readiness} says when either is waiting. Everything runs on the stack's thread.
 */
public final class UdpApi {
    private final InetStack stack;

    UdpApi(InetStack stack) {
        this.stack = stack;
    }

    /** Binds a socket to {@code port} (0 = ephemeral) on every address of the stack. */
    public UdpSocket bind(int port) {
        return stack.udpSockets().bind(0, port);
    }

    /** Binds a socket to {@code localIp:port}. */
    public UdpSocket bind(int localIp, int port) {
        if (localIp != 0 && !stack.isOwnAddress(localIp)) {
            throw new IllegalArgumentException("not an address of this stack (EADDRNOTAVAIL)");
        }
        return stack.udpSockets().bind(localIp, port);
    }

    /**
     * Sends {@code length} bytes from {@code data} at {@code offset} to {@code remoteIp:remotePort}; returns 0
     * when the datagram was queued for the device (or for ARP), or an errno from {@link UdpErrors}.
     */
    public int sendTo(UdpSocket socket, int remoteIp, int remotePort, MemorySegment data, long offset, int length) {
        if (!socket.isOpen()) {
            throw new IllegalStateException("socket is closed");
        }
        if (remotePort <= 0 || remotePort > 0xFFFF) {
            return UdpErrors.EDESTADDRREQ;
        }
        return stack.sendUdp(socket.localIp(), socket.localPort(), remoteIp, remotePort, data, offset, length);
    }

    /**
     * Calls {@code callback} (on the stack's thread, during a poll) whenever a datagram is queued on {@code socket}
     * or an error is recorded for it; null stops the calls. Forget it before closing the socket (a callback left
     * behind is never called for another socket, but keeps the old one reachable until the port is reused).
     */
    public void readiness(UdpSocket socket, UdpReadiness callback) {
        stack.udpReadiness().register(socket, callback);
    }

    /** Sends to the connected peer; see {@link #sendTo}. */
    public int send(UdpSocket socket, MemorySegment data, long offset, int length) {
        if (!socket.isConnected()) {
            return UdpErrors.EDESTADDRREQ;
        }
        return sendTo(socket, socket.remoteIp(), socket.remotePort(), data, offset, length);
    }
}
