package org.margay.rdma.verbs;

import java.lang.foreign.MemorySegment;

/**
 * The verbs of one RDMA device, the seam the RDMA library OS is written against. Two implementations exist:
 * {@code org.margay.rdma.verbs.ffm.FfmVerbs}, rdma-core's libibverbs and librdmacm through FFM, and
 * {@code org.margay.rdma.verbs.inproc.InProcessVerbs}, a faithful in-process device that carries the tests on
 * machines without an RDMA NIC.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Resources (protection domains, memory regions, completion queues, queue pairs, address handles) are made
 *       and destroyed on the control path; failures throw {@link VerbsException} with the errno.</li>
 *   <li>The data path never throws and allocates nothing: {@link #postSend} and {@link #postRecv} return 0 or a
 *       positive errno ({@code ENOMEM} when the queue is full, {@code EINVAL} for a request the queue pair cannot
 *       take in its state); {@link #pollCq} returns how many completions it put in the batch (or {@code -errno}).
 *       What went wrong while executing a request is reported by its completion's status ({@link WcStatus}).</li>
 *   <li>On an RC queue pair, completions of the send queue come in posting order, and so do those of the receive
 *       queue; a fatal completion moves the queue pair to {@link QpState#ERR}, and every request still queued then
 *       completes with {@link WcStatus#WR_FLUSH_ERR}.</li>
 * </ul>
 * Single-threaded, like the library OS over it.
 */
public interface Verbs extends AutoCloseable {
    /** What the device offers. */
    DeviceInfo device();

    /** A new protection domain ({@code ibv_alloc_pd}). */
    ProtectionDomain allocPd();

    /**
     * Registers {@code region} ({@code ibv_reg_mr}) with {@code access} ({@code IBV_ACCESS_*}); the memory must stay
     * alive until {@link #deregister}.
     */
    MemoryRegion register(ProtectionDomain pd, MemorySegment region, int access);

    /** A completion queue of at least {@code entries} entries ({@code ibv_create_cq}). */
    CompletionQueue createCq(int entries);

    /** A queue pair in RESET, not bound to a connection manager id ({@code ibv_create_qp}). */
    QueuePair createQp(ProtectionDomain pd, QpInitAttributes init);

    /** Moves a queue pair to another state or changes its attributes ({@code ibv_modify_qp}). */
    void modifyQp(QueuePair qp, QpAttributes attributes);

    /** An address handle for UD sends ({@code ibv_create_ah}). */
    AddressHandle createAh(ProtectionDomain pd, AhAttributes attributes);

    /** Posts one send work request ({@code ibv_post_send}); 0 or a positive errno. */
    int postSend(QueuePair qp, SendRequest request);

    /** Posts one receive of one scatter entry ({@code ibv_post_recv}); 0 or a positive errno. */
    int postRecv(QueuePair qp, long wrId, long address, int length, int lkey);

    /** Polls up to {@code out.capacity()} completions ({@code ibv_poll_cq}); returns how many, or {@code -errno}. */
    int pollCq(CompletionQueue cq, CompletionBatch out);

    void destroyQp(QueuePair qp);

    void destroyAh(AddressHandle ah);

    void destroyCq(CompletionQueue cq);

    void deregister(MemoryRegion mr);

    void deallocPd(ProtectionDomain pd);

    /** The connection manager on this device (librdmacm's role). */
    ConnectionManager connectionManager();

    /** Closes the device and everything still made on it. */
    @Override
    void close();
}
