package org.margay.rdma;

import java.util.ArrayDeque;
import org.margay.pdpix.Errno;
import org.margay.pdpix.spi.OperationFifo;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmEventType;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.VerbsException;

/**
 * The listening side of a STREAM queue: it answers connection requests as they come, as a TCP stack completes
 * handshakes before {@code accept} — each request from a peer that speaks this protocol gets a queue pair, its
 * receives posted and an acceptance — and keeps established connections in a backlog until the application accepts
 * them. Requests beyond the backlog, and requests whose private data is not {@link ConnectParams}, are rejected
 * (the peer's connect fails with {@link Errno#ECONNREFUSED}).
 */
final class Listener extends Endpoint {
    private final RdmaStreamQueue queue;
    private final CmId id;
    private final int backlog;
    private final ArrayDeque<RcConnection> ready = new ArrayDeque<>();
    private final OperationFifo pendingAccepts;
    private int accepting;
    private boolean closed;

    Listener(RdmaLibOS libos, RdmaStreamQueue queue, CmId id, int backlog) {
        super(libos);
        this.queue = queue;
        this.id = id;
        this.backlog = backlog;
        this.pendingAccepts = new OperationFifo(libos.operations());
        id.context(this);
    }

    @Override
    void onCmEvent(CmEvent e) {
        if (e.type() != CmEventType.CONNECT_REQUEST) {
            return;
        }
        CmId child = e.id();
        ConnectParams peer = ConnectParams.decode(e.privateData());
        if (closed || peer == null || ready.size() + accepting >= backlog) {
            refuse(child);
            return;
        }
        RcConnection c = new RcConnection(libos, child, false, queue.window(), queue.sendDepth());
        libos.addEndpoint(c);
        c.listener = this;
        if (!c.acceptRequest(peer)) {
            c.listener = null;
            c.destroy();
            return;
        }
        accepting++;
    }

    private void refuse(CmId child) {
        try {
            libos.cm().reject(child, null);
        } catch (VerbsException ignored) {
            // the requester is gone already
        }
        libos.cm().destroyId(child);
    }

    /** A connection this listener accepted is established: it waits in the backlog for {@code accept}. */
    void established(RcConnection c) {
        accepting--;
        if (closed) {
            c.detach(true, -1);
            return;
        }
        ready.add(c);
        serve();
    }

    /** A connection this listener accepted died before it was established. */
    void gaveUp(RcConnection c) {
        accepting--;
    }

    /** Starts an accept: completes at once from the backlog, or when the next connection is established. */
    int accept(int slot) {
        if (closed) {
            return Errno.EBADF;
        }
        pendingAccepts.add(slot);
        serve();
        return Errno.OK;
    }

    private void serve() {
        while (pendingAccepts.peek() >= 0 && !ready.isEmpty()) {
            int slot = pendingAccepts.poll();
            RcConnection c = ready.poll();
            RdmaStreamQueue accepted = queue.accepted(c);
            int qd;
            try {
                qd = libos.registerQueue(accepted);
            } catch (RuntimeException e) {
                c.detach(true, -1);
                queue.failAccept(slot, Errno.ENFILE);
                continue;
            }
            queue.completeAccepted(slot, qd, c.peerEndpoint());
        }
    }

    /** The listening queue is closed: pending accepts are cancelled, the backlog's connections aborted. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int s = pendingAccepts.poll(); s >= 0; s = pendingAccepts.poll()) {
            queue.failAccept(s, Errno.ECANCELED);
        }
        libos.cm().destroyId(id);
        for (RcConnection c : ready) {
            c.detach(true, -1);
        }
        ready.clear();
    }

    @Override
    int pump(long nowNanos) {
        return 0;
    }

    @Override
    boolean finished() {
        return closed;
    }

    @Override
    void destroy() {
        close();
    }
}
