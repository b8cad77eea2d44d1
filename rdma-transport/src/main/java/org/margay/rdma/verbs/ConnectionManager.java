package org.margay.rdma.verbs;

/**
 * Connection management over IP addresses and ports (librdmacm's {@code rdma_*} calls), which the RDMA library OS
 * maps onto PDPIX's {@code bind}, {@code listen}, {@code accept}, {@code connect} and {@code close}.
 *
 * <h2>Flows</h2>
 * <ul>
 *   <li>Active RC: {@link #createId} → {@link #resolveAddress} → ADDR_RESOLVED → {@link #resolveRoute} →
 *       ROUTE_RESOLVED → {@link #createQp} → {@link #connect} → ESTABLISHED (or REJECTED, UNREACHABLE,
 *       CONNECT_ERROR). The queue pair is moved to RTS by the connection manager.</li>
 *   <li>Passive RC: {@link #bind} → {@link #listen} → CONNECT_REQUEST carrying a new id →
 *       {@link #createQp} on it → {@link #accept} (or {@link #reject}) → ESTABLISHED.</li>
 *   <li>UD (the UDP port space): a bound, listening id answers service-ID resolution requests with
 *       {@link #accept}; a sender resolves a destination with the active flow, and its ESTABLISHED event carries
 *       the destination's path, queue pair number and Q_Key.</li>
 *   <li>{@link #disconnect} moves the queue pair to ERR and gives both sides DISCONNECTED.</li>
 * </ul>
 * Events are taken without blocking with {@link #nextEvent}. Control path: failures throw {@link VerbsException}
 * ({@code EADDRINUSE}, {@code EADDRNOTAVAIL}, {@code EINVAL}, ...).
 */
public interface ConnectionManager {
    /** A new id in {@code space} ({@code rdma_create_id}). */
    CmId createId(PortSpace space);

    /** Whether later binds may reuse an address still in use by a closing connection ({@code RDMA_OPTION_ID_REUSEADDR}). */
    void reuseAddress(CmId id, boolean reuse);

    /** Binds to a local address and port (0 = any address / an ephemeral port) ({@code rdma_bind_addr}). */
    void bind(CmId id, int ip, int port);

    /** Starts listening ({@code rdma_listen}). */
    void listen(CmId id, int backlog);

    /** Starts resolving a destination ({@code rdma_resolve_addr}); binds an unbound id first. */
    void resolveAddress(CmId id, int ip, int port, int timeoutMillis);

    /** Starts resolving the route to the resolved address ({@code rdma_resolve_route}). */
    void resolveRoute(CmId id, int timeoutMillis);

    /** Makes the id's queue pair ({@code rdma_create_qp}), moved to INIT. */
    QueuePair createQp(CmId id, ProtectionDomain pd, QpInitAttributes init);

    /** Sends a connection request (RC) or a service-ID resolution request (UD) ({@code rdma_connect}). */
    void connect(CmId id, byte[] privateData, int rnrRetry);

    /**
     * Accepts a CONNECT_REQUEST's id ({@code rdma_accept}); on a UD id {@code qp} is the queue pair to advertise,
     * on an RC id the id's own queue pair is used (and moved to RTS).
     */
    void accept(CmId id, QueuePair qp, byte[] privateData, int rnrRetry);

    /** Refuses a CONNECT_REQUEST ({@code rdma_reject}). */
    void reject(CmId id, byte[] privateData);

    /** Disconnects ({@code rdma_disconnect}): the queue pair goes to ERR, both sides get DISCONNECTED. */
    void disconnect(CmId id);

    /** Destroys the id (and its queue pair, if {@link #createQp} made one) ({@code rdma_destroy_qp}, {@code rdma_destroy_id}). */
    void destroyId(CmId id);

    /** Takes the next event without blocking into {@code out}; false when there is none. */
    boolean nextEvent(CmEvent out);
}
