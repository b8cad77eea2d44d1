package org.margay.rdma.verbs.inproc;

import org.margay.pdpix.InetEndpoint;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.QueuePair;

/** A connection manager id of the in-process device. */
final class SimCmId implements CmId {
    enum State { IDLE, ADDR_RESOLVED, ROUTE_RESOLVED, CONNECTING, REQUESTED, CONNECTED, DISCONNECTED, DESTROYED }

    final InProcessCm cm;
    final PortSpace space;
    State state = State.IDLE;
    Object context;
    SimQueuePair qp;
    int localIp;
    int localPort;
    /** Whether this id owns its port in the host's port table (a child of a listener does not). */
    boolean ownsPort;
    int peerIp;
    int peerPort;
    boolean reuse;
    boolean listening;
    int backlog;
    int pendingRequests;
    /** The other end of a connection or request. */
    SimCmId remote;
    /** The listener a child id came from. */
    SimCmId listener;
    int rnrRetry = 7;

    SimCmId(InProcessCm cm, PortSpace space) {
        this.cm = cm;
        this.space = space;
    }

    @Override
    public PortSpace portSpace() {
        return space;
    }

    @Override
    public QueuePair qp() {
        return qp;
    }

    @Override
    public InetEndpoint localAddress() {
        return new InetEndpoint(localIp, localPort);
    }

    @Override
    public InetEndpoint peerAddress() {
        return new InetEndpoint(peerIp, peerPort);
    }

    @Override
    public Object context() {
        return context;
    }

    @Override
    public void context(Object owner) {
        context = owner;
    }

    @Override
    public String toString() {
        return "cm_id[" + space + " " + localAddress() + "→" + peerAddress() + " " + state + "]";
    }
}
