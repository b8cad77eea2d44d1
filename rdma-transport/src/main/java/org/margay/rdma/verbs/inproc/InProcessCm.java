package org.margay.rdma.verbs.inproc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.AhAttributes;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmEventType;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.ConnectionManager;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.QpAttributes;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.VerbsException;

/**
 * The connection manager of one in-process device, behaving as librdmacm does over the kernel's RDMA CM: ports
 * per port space (TCP for RC, UDP for UD) on the host's address, address and route resolution, connection
 * requests to listening ids with private data, accept (which moves both queue pairs to RTS) and reject,
 * service-ID resolution for UD (the reply carries the destination's queue pair number and Q_Key), disconnect (both
 * queue pairs to ERR, DISCONNECTED on both sides).
 *
 * <p>Rejections carry the InfiniBand CM reason (IBA §12.6.7.2): {@value #REJECT_NO_LISTENER} (invalid service ID)
 * when nothing listens, {@value #REJECT_CONSUMER} (consumer defined) when the listener refuses or its backlog is
 * full. Events are queued per device and taken with {@link #nextEvent}, in the order they happened.
 */
final class InProcessCm implements ConnectionManager {
    /** IB CM reject reason: invalid service ID (nothing listens on the port). */
    static final int REJECT_NO_LISTENER = 8;
    /** IB CM reject reason: consumer defined (rdma_reject, or a full backlog). */
    static final int REJECT_CONSUMER = 28;
    private static final int FIRST_EPHEMERAL = 49152;
    private static final int PORT_COUNT = 65536;

    private final InProcessVerbs device;
    private final List<Map<Integer, SimCmId>> ports = List.of(new HashMap<>(), new HashMap<>());
    private final int[] nextEphemeral = {FIRST_EPHEMERAL, FIRST_EPHEMERAL};
    private final ArrayDeque<Pending> events = new ArrayDeque<>();
    private final List<SimCmId> ids = new ArrayList<>();

    /** One queued event. */
    private record Pending(CmEventType type, SimCmId id, SimCmId listenId, int status, byte[] privateData,
                           AhAttributes udPath, int udQpn, SimQueuePair qpToError) {
    }

    InProcessCm(InProcessVerbs device) {
        this.device = device;
    }

    @Override
    public CmId createId(PortSpace space) {
        SimCmId id = new SimCmId(this, space);
        ids.add(id);
        return id;
    }

    @Override
    public void reuseAddress(CmId id, boolean reuse) {
        live(id).reuse = reuse;
    }

    @Override
    public void bind(CmId cmId, int ip, int port) {
        SimCmId id = live(cmId);
        if (id.ownsPort || id.state != SimCmId.State.IDLE) {
            throw new VerbsException(Errno.EINVAL, "rdma_bind_addr: the id is already bound");
        }
        if (port < 0 || port >= PORT_COUNT) {
            throw new VerbsException(Errno.EINVAL, "rdma_bind_addr: port out of range: " + port);
        }
        if (ip != 0 && ip != device.ipv4()) {
            throw new VerbsException(Errno.EADDRNOTAVAIL, "rdma_bind_addr: " + Ipv4Address.format(ip)
                    + " is not the address of " + device.device().name());
        }
        Map<Integer, SimCmId> table = table(id.space);
        if (port == 0) {
            port = ephemeral(id.space);
        } else {
            SimCmId holder = table.get(port);
            if (holder != null && !(holder.reuse && id.reuse && !holder.listening)) {
                throw new VerbsException(Errno.EADDRINUSE, "rdma_bind_addr: " + id.space + " port " + port + " of "
                        + Ipv4Address.format(device.ipv4()) + " is in use");
            }
        }
        table.put(port, id);
        id.ownsPort = true;
        id.localIp = device.ipv4();
        id.localPort = port;
    }

    private int ephemeral(PortSpace space) {
        Map<Integer, SimCmId> table = table(space);
        int slot = space.ordinal();
        for (int tries = 0; tries < PORT_COUNT - FIRST_EPHEMERAL; tries++) {
            int port = nextEphemeral[slot];
            nextEphemeral[slot] = port + 1 >= PORT_COUNT ? FIRST_EPHEMERAL : port + 1;
            if (!table.containsKey(port)) {
                return port;
            }
        }
        throw new VerbsException(Errno.EADDRINUSE, "rdma_bind_addr: no ephemeral " + space + " port left");
    }

    @Override
    public void listen(CmId cmId, int backlog) {
        SimCmId id = live(cmId);
        if (!id.ownsPort) {
            bind(id, 0, 0);
        }
        if (backlog < 1) {
            throw new VerbsException(Errno.EINVAL, "rdma_listen: backlog must be positive");
        }
        id.listening = true;
        id.backlog = backlog;
    }

    @Override
    public void resolveAddress(CmId cmId, int ip, int port, int timeoutMillis) {
        SimCmId id = live(cmId);
        if (id.listening || id.state != SimCmId.State.IDLE) {
            throw new VerbsException(Errno.EINVAL, "rdma_resolve_addr: the id is " + (id.listening ? "listening" : id.state));
        }
        if (!id.ownsPort) {
            bind(id, 0, 0);
        }
        id.peerIp = ip;
        id.peerPort = port;
        InProcessVerbs target = device.fabric().host(ip);
        if (target == null) {
            post(CmEventType.ADDR_ERROR, id, null, -Errno.EHOSTUNREACH, null);
            return;
        }
        id.state = SimCmId.State.ADDR_RESOLVED;
        post(CmEventType.ADDR_RESOLVED, id, null, 0, null);
    }

    @Override
    public void resolveRoute(CmId cmId, int timeoutMillis) {
        SimCmId id = live(cmId);
        if (id.state != SimCmId.State.ADDR_RESOLVED) {
            throw new VerbsException(Errno.EINVAL, "rdma_resolve_route: the address is not resolved");
        }
        id.state = SimCmId.State.ROUTE_RESOLVED;
        post(CmEventType.ROUTE_RESOLVED, id, null, 0, null);
    }

    @Override
    public QueuePair createQp(CmId cmId, ProtectionDomain pd, QpInitAttributes init) {
        SimCmId id = live(cmId);
        if (id.qp != null) {
            throw new VerbsException(Errno.EINVAL, "rdma_create_qp: the id has a queue pair already");
        }
        QpType expected = id.space == PortSpace.TCP ? QpType.RC : QpType.UD;
        if (init.type() != expected) {
            throw new VerbsException(Errno.EINVAL, "rdma_create_qp: the " + id.space + " port space takes " + expected + " queue pairs");
        }
        SimQueuePair qp = (SimQueuePair) device.createQp(pd, init);
        device.initForCm(qp);
        id.qp = qp;
        return qp;
    }

    @Override
    public void connect(CmId cmId, byte[] privateData, int rnrRetry) {
        SimCmId id = live(cmId);
        if (id.state != SimCmId.State.ROUTE_RESOLVED) {
            throw new VerbsException(Errno.EINVAL, "rdma_connect: the route is not resolved (state " + id.state + ")");
        }
        if (id.space == PortSpace.TCP && id.qp == null) {
            throw new VerbsException(Errno.EINVAL, "rdma_connect: an RC id needs its queue pair (rdma_create_qp) first");
        }
        id.rnrRetry = rnrRetry;
        id.state = SimCmId.State.CONNECTING;
        InProcessVerbs host = device.fabric().host(id.peerIp);
        SimCmId listener = host == null ? null : host.cm().table(id.space).get(id.peerPort);
        if (listener == null || !listener.listening || listener.state == SimCmId.State.DESTROYED) {
            if (id.space == PortSpace.UDP) {
                post(CmEventType.UNREACHABLE, id, null, -Errno.ECONNREFUSED, null);
            } else {
                post(CmEventType.REJECTED, id, null, REJECT_NO_LISTENER, null);
            }
            id.state = SimCmId.State.DISCONNECTED;
            return;
        }
        if (listener.pendingRequests >= listener.backlog) {
            post(CmEventType.REJECTED, id, null, REJECT_CONSUMER, null);
            id.state = SimCmId.State.DISCONNECTED;
            return;
        }
        InProcessCm passive = listener.cm;
        SimCmId child = (SimCmId) passive.createId(id.space);
        child.localIp = passive.device.ipv4();
        child.localPort = listener.localPort;
        child.peerIp = id.localIp;
        child.peerPort = id.localPort;
        child.remote = id;
        child.listener = listener;
        child.state = SimCmId.State.REQUESTED;
        id.remote = child;
        listener.pendingRequests++;
        passive.post(CmEventType.CONNECT_REQUEST, child, listener, 0, privateData);
    }

    @Override
    public void accept(CmId cmId, QueuePair queuePair, byte[] privateData, int rnrRetry) {
        SimCmId child = live(cmId);
        if (child.state != SimCmId.State.REQUESTED) {
            throw new VerbsException(Errno.EINVAL, "rdma_accept: no connection request pending on this id (" + child.state + ")");
        }
        releaseRequest(child);
        SimCmId active = child.remote;
        if (child.space == PortSpace.UDP) {
            SimQueuePair qp = queuePair == null ? null : device.qp(queuePair);
            if (qp == null || qp.type != QpType.UD) {
                throw new VerbsException(Errno.EINVAL, "rdma_accept: a service-ID resolution reply needs the UD queue pair to advertise");
            }
            child.state = SimCmId.State.DISCONNECTED;
            if (active.state == SimCmId.State.CONNECTING) {
                active.state = SimCmId.State.CONNECTED;
                active.cm.postUd(active, AhAttributes.toIpv4(device.ipv4()), qp.qpn, privateData);
            }
            return;
        }
        SimQueuePair passiveQp = child.qp;
        if (passiveQp == null) {
            throw new VerbsException(Errno.EINVAL, "rdma_accept: an RC id needs its queue pair (rdma_create_qp) first");
        }
        child.rnrRetry = rnrRetry;
        if (active.state != SimCmId.State.CONNECTING || active.qp == null || active.qp.destroyed) {
            // The requester gave up meanwhile: the connection is born dead.
            connectQp(passiveQp, active.localIp, 0, rnrRetry);
            child.state = SimCmId.State.DISCONNECTED;
            post(CmEventType.ESTABLISHED, child, null, 0, null);
            events.add(new Pending(CmEventType.DISCONNECTED, child, null, 0, null, null, 0, passiveQp));
            return;
        }
        connectQp(passiveQp, active.localIp, active.qp.qpn, rnrRetry);
        connectQp(active.qp, child.localIp, passiveQp.qpn, active.rnrRetry);
        child.state = SimCmId.State.CONNECTED;
        active.state = SimCmId.State.CONNECTED;
        active.cm.post(CmEventType.ESTABLISHED, active, null, 0, privateData);
        post(CmEventType.ESTABLISHED, child, null, 0, null);
    }

    /** Moves an RC queue pair from INIT through RTR to RTS towards {@code destQpn} on host {@code destIp}. */
    private static void connectQp(SimQueuePair qp, int destIp, int destQpn, int rnrRetry) {
        QpTransitions.apply(qp, new QpAttributes().state(QpState.RTR).path(AhAttributes.toIpv4(destIp))
                .pathMtu(InProcessVerbs.MTU).destQpNum(destQpn).rqPsn(0).maxDestRdAtomic(1).minRnrTimer(12));
        QpTransitions.apply(qp, new QpAttributes().state(QpState.RTS).sqPsn(0).timeout(14).retryCount(7)
                .rnrRetry(rnrRetry).maxRdAtomic(1));
    }

    @Override
    public void reject(CmId cmId, byte[] privateData) {
        SimCmId child = live(cmId);
        if (child.state != SimCmId.State.REQUESTED) {
            throw new VerbsException(Errno.EINVAL, "rdma_reject: no connection request pending on this id");
        }
        releaseRequest(child);
        child.state = SimCmId.State.DISCONNECTED;
        SimCmId active = child.remote;
        if (active.state == SimCmId.State.CONNECTING) {
            active.state = SimCmId.State.DISCONNECTED;
            active.cm.post(CmEventType.REJECTED, active, null, REJECT_CONSUMER, privateData);
        }
    }

    private static void releaseRequest(SimCmId child) {
        if (child.listener != null) {
            child.listener.pendingRequests--;
            child.listener = null;
        }
    }

    /** Ids created and not yet destroyed. */
    int liveIds() {
        return ids.size();
    }

    @Override
    public void disconnect(CmId cmId) {
        SimCmId id = live(cmId);
        if (id.state != SimCmId.State.CONNECTED) {
            throw new VerbsException(Errno.EINVAL, "rdma_disconnect: not connected (" + id.state + ")");
        }
        id.state = SimCmId.State.DISCONNECTED;
        if (id.qp != null) {
            id.qp.enterError();      // librdmacm moves the queue pair to ERR before sending the DREQ
        }
        post(CmEventType.DISCONNECTED, id, null, 0, null);
        SimCmId peer = id.remote;
        if (peer != null && peer.state == SimCmId.State.CONNECTED) {
            peer.state = SimCmId.State.DISCONNECTED;
            // The peer's queue pair goes to ERR when its DREQ is processed, i.e. when it takes the event.
            peer.cm.events.add(new Pending(CmEventType.DISCONNECTED, peer, null, 0, null, null, 0, peer.qp));
        }
    }

    @Override
    public void destroyId(CmId cmId) {
        if (!(cmId instanceof SimCmId id) || id.cm != this || id.state == SimCmId.State.DESTROYED) {
            return;
        }
        switch (id.state) {
            case CONNECTED -> disconnect(id);
            case REQUESTED -> reject(id, null);
            default -> {
            }
        }
        if (id.listening) {
            rejectQueuedRequests(id);
            id.listening = false;
        }
        if (id.ownsPort) {
            table(id.space).remove(id.localPort, id);
            id.ownsPort = false;
        }
        if (id.qp != null) {
            device.destroyQueuePair(id.qp);
        }
        id.state = SimCmId.State.DESTROYED;
        ids.remove(id);
    }

    private void rejectQueuedRequests(SimCmId listener) {
        for (Iterator<Pending> it = events.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.type == CmEventType.CONNECT_REQUEST && p.listenId == listener) {
                it.remove();
                reject(p.id, null);
                destroyId(p.id);
            }
        }
    }

    @Override
    public boolean nextEvent(CmEvent out) {
        while (!events.isEmpty()) {
            Pending p = events.poll();
            if (p.qpToError != null && !p.qpToError.destroyed) {
                p.qpToError.enterError();
            }
            if (p.id.state == SimCmId.State.DESTROYED) {
                continue;
            }
            out.set(p.type, p.id, p.listenId, p.status, p.privateData);
            if (p.udPath != null) {
                out.ud(p.udPath, p.udQpn, VerbsConstants.RDMA_UDP_QKEY);
            }
            return true;
        }
        return false;
    }

    /** Destroys every id (the device is closing). */
    void closeAll() {
        for (SimCmId id : new ArrayList<>(ids)) {
            destroyId(id);
        }
        events.clear();
    }

    /** Whether {@code qp} was made by {@link #createQp} on one of this manager's ids. */
    boolean ownsQp(SimQueuePair qp) {
        for (SimCmId id : ids) {
            if (id.qp == qp) {
                return true;
            }
        }
        return false;
    }

    Map<Integer, SimCmId> table(PortSpace space) {
        return ports.get(space.ordinal());
    }

    private void post(CmEventType type, SimCmId id, SimCmId listenId, int status, byte[] privateData) {
        events.add(new Pending(type, id, listenId, status, privateData == null ? null : privateData.clone(), null, 0, null));
    }

    private void postUd(SimCmId id, AhAttributes path, int qpn, byte[] privateData) {
        events.add(new Pending(CmEventType.ESTABLISHED, id, null, 0, privateData == null ? null : privateData.clone(), path, qpn, null));
    }

    private SimCmId live(CmId cmId) {
        if (!(cmId instanceof SimCmId id) || id.cm != this || id.state == SimCmId.State.DESTROYED) {
            throw new VerbsException(Errno.EINVAL, "not a live connection manager id of " + device.device().name());
        }
        return id;
    }
}
