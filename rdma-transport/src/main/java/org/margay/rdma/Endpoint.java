package org.margay.rdma;

import org.margay.rdma.verbs.CmEvent;

/**
 * One user of the library OS's completion queue and connection manager: an RC connection, a UD endpoint, a
 * listener, a destination being resolved. The library OS routes completions to it by the index and generation in
 * their {@code wr_id} ({@link WorkIds}) and connection-manager events by the id's context.
 *
 * <p>An endpoint outlives the PDPIX queue that made it: after the application closes the queue, it finishes what
 * the device still holds (sends in flight, posted receives to be flushed) and only then releases its queue pair and
 * buffers, so no memory returns to a pool while the device may still touch it.
 */
abstract class Endpoint {
    final RdmaLibOS libos;
    int index = -1;
    int generation;
    boolean attention;

    Endpoint(RdmaLibOS libos) {
        this.libos = libos;
    }

    /** A send work request of this endpoint completed. */
    void onSendCompletion(int entry, int status) {
    }

    /** A receive of this endpoint completed. */
    void onRecvCompletion(int entry, int status, int byteLen, int imm, int flags) {
    }

    /** A connection-manager event for one of this endpoint's ids. */
    abstract void onCmEvent(CmEvent event);

    /** Does whatever can progress now (post sends, return credits, replenish receives, finish a close). */
    abstract int pump(long nowNanos);

    /** Whether everything is released and the endpoint can leave the table. */
    abstract boolean finished();

    /** The earliest time this endpoint needs a pump without an event (a close timeout), or {@link Long#MAX_VALUE}. */
    long deadline() {
        return Long.MAX_VALUE;
    }

    /** Releases everything at once (the library OS is closing). */
    abstract void destroy();

    /** The wr_id of {@code kind} entry {@code entry} of this endpoint. */
    final long wrId(int kind, int entry) {
        return WorkIds.make(index, generation, kind, entry);
    }

    /** Asks for a {@link #pump} in the next duty cycle. */
    final void attention() {
        libos.attention(this);
    }
}
