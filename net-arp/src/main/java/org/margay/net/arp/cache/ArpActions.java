package org.margay.net.arp.cache;

/**
 * What an {@link ArpCache} asks its owner (the stack) to do. Called synchronously from the cache's methods;
 * implementations must not call back into the cache and must not allocate per call.
 *
 * @param <P> the type of a waiting packet (the stack's frame buffer)
 */
public interface ArpActions<P> {
    /** Broadcast an ARP request for {@code targetIp} (RFC 826 "Packet Generation"). */
    void sendRequest(int targetIp);

    /** {@code packet} waited for {@code ip}, which now resolves to {@code mac}: fill in the link header and send it. */
    void sendPending(P packet, int ip, long mac);

    /**
     * {@code packet} will never be sent: its resolution failed (after every retry) or the queue overflowed. The
     * owner releases it. {@code resolutionFailed} tells the two apart (a stack may report host unreachable).
     */
    void dropPending(P packet, int ip, boolean resolutionFailed);
}
