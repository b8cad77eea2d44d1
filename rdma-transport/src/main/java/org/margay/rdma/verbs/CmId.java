package org.margay.rdma.verbs;

import org.margay.pdpix.InetEndpoint;

/**
 * A connection manager identifier ({@code struct rdma_cm_id}): the RDMA counterpart of a socket. It is bound to an
 * IP address and port in its {@link PortSpace}, listens or connects, and owns the queue pair
 * {@link ConnectionManager#createQp} made on it.
 */
public interface CmId {
    /** Its port space. */
    PortSpace portSpace();

    /** The queue pair made on it, or null. */
    QueuePair qp();

    /** The local address (after bind, resolve or accept), or {@link InetEndpoint#ANY}. */
    InetEndpoint localAddress();

    /** The peer's address (after resolve or a connect request), or {@link InetEndpoint#ANY}. */
    InetEndpoint peerAddress();

    /** What the owner attached ({@code rdma_cm_id.context}): events for this id are routed with it. */
    Object context();

    /** Attaches the owner's object. */
    void context(Object owner);
}
