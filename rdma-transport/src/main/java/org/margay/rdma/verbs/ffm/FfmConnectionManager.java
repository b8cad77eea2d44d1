package org.margay.rdma.verbs.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.margay.rdma.verbs.ffm.IbvLayout.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmEventType;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.ConnectionManager;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.VerbsException;

/**
 * {@link ConnectionManager} over librdmacm through FFM: one event channel made non-blocking with {@code fcntl}, ids
 * tracked by their native address (control path: a map is fine), IPv4 {@code sockaddr_in}s written and read at
 * {@link IbvLayout}'s offsets. Every failing call throws {@link VerbsException} with the errno librdmacm set.
 */
final class FfmConnectionManager implements ConnectionManager {
    private static final ValueLayout.OfInt BE_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int PRIVATE_DATA_MAX = 255;

    private final FfmVerbs verbs;
    private final MemorySegment state;
    private final MemorySegment channel;
    private final MemorySegment idOut;
    private final MemorySegment eventOut;
    private final MemorySegment sockaddr;
    private final MemorySegment option;
    private final MemorySegment connParam;
    private final MemorySegment privateData;
    private final Map<Long, Id> ids = new HashMap<>();

    /** An id: its native {@code rdma_cm_id}, port space, owner and queue pair. */
    static final class Id implements CmId {
        final MemorySegment ptr;
        final PortSpace space;
        Object context;
        FfmVerbs.Qp qp;

        Id(MemorySegment ptr, PortSpace space) {
            this.ptr = ptr.reinterpret(CM_ID_SIZE);
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
            return read(CM_ID_SRC_ADDR);
        }

        @Override
        public InetEndpoint peerAddress() {
            return read(CM_ID_DST_ADDR);
        }

        private InetEndpoint read(long at) {
            if (ptr.get(JAVA_SHORT, at + SIN_FAMILY) != AF_INET) {
                return InetEndpoint.ANY;
            }
            return new InetEndpoint(ptr.get(BE_INT, at + SIN_ADDR), ptr.get(BE_SHORT, at + SIN_PORT) & 0xFFFF);
        }

        @Override
        public Object context() {
            return context;
        }

        @Override
        public void context(Object owner) {
            context = owner;
        }
    }

    FfmConnectionManager(FfmVerbs verbs) {
        this.verbs = verbs;
        this.state = verbs.errnoState();
        MemorySegment ch = RdmaCm.createEventChannel(state);
        if (ch.equals(MemorySegment.NULL)) {
            int errno = Ibv.errno(state);
            throw new RdmaUnavailableException("rdma_create_event_channel failed (errno " + errno + " " + Errno.name(errno)
                    + "): the RDMA connection manager (/dev/infiniband/rdma_cm) is unavailable");
        }
        this.channel = ch.reinterpret(8);
        int fd = channel.get(JAVA_INT, EVENT_CHANNEL_FD);
        int flags = RdmaCm.fcntl(state, fd, F_GETFL, 0);
        if (flags < 0 || RdmaCm.fcntl(state, fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            int errno = Ibv.errno(state);
            RdmaCm.destroyEventChannel(channel);
            throw new VerbsException(errno, "fcntl(O_NONBLOCK) on the connection manager's event channel failed");
        }
        this.idOut = verbs.arena().allocate(ADDRESS);
        this.eventOut = verbs.arena().allocate(ADDRESS);
        this.sockaddr = verbs.arena().allocate(SOCKADDR_IN_SIZE, 8);
        this.option = verbs.arena().allocate(JAVA_INT);
        this.connParam = verbs.arena().allocate(CONN_PARAM_SIZE, 8);
        this.privateData = verbs.arena().allocate(PRIVATE_DATA_MAX);
    }

    private Id id(CmId cmId) {
        if (!(cmId instanceof Id id) || !ids.containsKey(id.ptr.address())) {
            throw new VerbsException(Errno.EINVAL, "not a live connection manager id of " + verbs.device().name());
        }
        return id;
    }

    private void check(int rc, String call) {
        if (rc != 0) {
            int errno = Ibv.errno(state);
            throw new VerbsException(errno == 0 ? Errno.EIO : errno, call + " failed");
        }
    }

    private MemorySegment sockaddr(int ip, int port) {
        sockaddr.fill((byte) 0);
        sockaddr.set(JAVA_SHORT, SIN_FAMILY, (short) AF_INET);
        sockaddr.set(BE_SHORT, SIN_PORT, (short) port);
        sockaddr.set(BE_INT, SIN_ADDR, ip);
        return sockaddr;
    }

    @Override
    public CmId createId(PortSpace space) {
        check(RdmaCm.createId(state, channel, idOut, space.value()), "rdma_create_id");
        Id id = new Id(idOut.get(ADDRESS, 0), space);
        ids.put(id.ptr.address(), id);
        return id;
    }

    @Override
    public void reuseAddress(CmId cmId, boolean reuse) {
        option.set(JAVA_INT, 0, reuse ? 1 : 0);
        check(RdmaCm.setOption(state, id(cmId).ptr, RDMA_OPTION_ID, RDMA_OPTION_ID_REUSEADDR, option, 4), "rdma_set_option(REUSEADDR)");
    }

    @Override
    public void bind(CmId cmId, int ip, int port) {
        check(RdmaCm.bindAddr(state, id(cmId).ptr, sockaddr(ip, port)), "rdma_bind_addr");
    }

    @Override
    public void listen(CmId cmId, int backlog) {
        check(RdmaCm.listen(state, id(cmId).ptr, backlog), "rdma_listen");
    }

    @Override
    public void resolveAddress(CmId cmId, int ip, int port, int timeoutMillis) {
        check(RdmaCm.resolveAddr(state, id(cmId).ptr, sockaddr(ip, port), timeoutMillis), "rdma_resolve_addr");
    }

    @Override
    public void resolveRoute(CmId cmId, int timeoutMillis) {
        check(RdmaCm.resolveRoute(state, id(cmId).ptr, timeoutMillis), "rdma_resolve_route");
    }

    @Override
    public QueuePair createQp(CmId cmId, ProtectionDomain pd, QpInitAttributes init) {
        Id id = id(cmId);
        check(RdmaCm.createQp(state, id.ptr, ((FfmVerbs.Pd) pd).ptr, verbs.fillInit(init)), "rdma_create_qp");
        id.qp = new FfmVerbs.Qp(id.ptr.get(ADDRESS, CM_ID_QP), init.type());
        return id.qp;
    }

    private MemorySegment connParam(byte[] data, int qpNum, int rnrRetry) {
        connParam.fill((byte) 0);
        int length = data == null ? 0 : Math.min(data.length, PRIVATE_DATA_MAX);
        if (length > 0) {
            MemorySegment.copy(data, 0, privateData, JAVA_BYTE, 0, length);
            connParam.set(ADDRESS, CONN_PRIVATE_DATA, privateData);
        }
        connParam.set(JAVA_BYTE, CONN_PRIVATE_DATA_LEN, (byte) length);
        connParam.set(JAVA_BYTE, CONN_RESPONDER_RESOURCES, (byte) 1);
        connParam.set(JAVA_BYTE, CONN_INITIATOR_DEPTH, (byte) 1);
        connParam.set(JAVA_BYTE, CONN_RETRY_COUNT, (byte) 7);
        connParam.set(JAVA_BYTE, CONN_RNR_RETRY_COUNT, (byte) rnrRetry);
        connParam.set(JAVA_INT, CONN_QP_NUM, qpNum);
        return connParam;
    }

    @Override
    public void connect(CmId cmId, byte[] data, int rnrRetry) {
        check(RdmaCm.connect(state, id(cmId).ptr, connParam(data, 0, rnrRetry)), "rdma_connect");
    }

    @Override
    public void accept(CmId cmId, QueuePair qp, byte[] data, int rnrRetry) {
        check(RdmaCm.accept(state, id(cmId).ptr, connParam(data, qp == null ? 0 : qp.qpNum(), rnrRetry)), "rdma_accept");
    }

    @Override
    public void reject(CmId cmId, byte[] data) {
        int length = data == null ? 0 : Math.min(data.length, PRIVATE_DATA_MAX);
        if (length > 0) {
            MemorySegment.copy(data, 0, privateData, JAVA_BYTE, 0, length);
        }
        check(RdmaCm.reject(state, id(cmId).ptr, length > 0 ? privateData : MemorySegment.NULL, length), "rdma_reject");
    }

    @Override
    public void disconnect(CmId cmId) {
        check(RdmaCm.disconnect(state, id(cmId).ptr), "rdma_disconnect");
    }

    @Override
    public void destroyId(CmId cmId) {
        if (!(cmId instanceof Id id) || ids.remove(id.ptr.address()) == null) {
            return;
        }
        if (id.qp != null) {
            RdmaCm.destroyQp(id.ptr);
            id.qp = null;
        }
        check(RdmaCm.destroyId(state, id.ptr), "rdma_destroy_id");
    }

    @Override
    public boolean nextEvent(CmEvent out) {
        while (true) {
            if (RdmaCm.getCmEvent(state, channel, eventOut) != 0) {
                int errno = Ibv.errno(state);
                if (errno == Errno.EAGAIN) {
                    return false;
                }
                throw new VerbsException(errno, "rdma_get_cm_event failed");
            }
            MemorySegment ev = eventOut.get(ADDRESS, 0).reinterpret(CM_EVENT_SIZE);
            try {
                CmEventType type = CmEventType.of(ev.get(JAVA_INT, CM_EVENT_EVENT));
                MemorySegment listenPtr = ev.get(ADDRESS, CM_EVENT_LISTEN_ID);
                Id listen = listenPtr.equals(MemorySegment.NULL) ? null : ids.get(listenPtr.address());
                MemorySegment idPtr = ev.get(ADDRESS, CM_EVENT_ID);
                Id id = ids.get(idPtr.address());
                if (id == null) {
                    if (type != CmEventType.CONNECT_REQUEST || listen == null) {
                        continue;       // an event for an id destroyed meanwhile
                    }
                    id = new Id(idPtr, listen.space);
                    ids.put(id.ptr.address(), id);
                }
                if (type == null) {
                    continue;
                }
                boolean ud = id.space == PortSpace.UDP;
                MemorySegment dataPtr = ev.get(ADDRESS, ud ? CM_EVENT_UD_PRIVATE_DATA : CM_EVENT_CONN_PRIVATE_DATA);
                int length = ev.get(JAVA_BYTE, ud ? CM_EVENT_UD_PRIVATE_DATA_LEN : CM_EVENT_CONN_PRIVATE_DATA_LEN) & 0xFF;
                byte[] data = dataPtr.equals(MemorySegment.NULL) || length == 0 ? new byte[0]
                        : dataPtr.reinterpret(length).toArray(JAVA_BYTE);
                out.set(type, id, listen, ev.get(JAVA_INT, CM_EVENT_STATUS), data);
                if (ud && type == CmEventType.ESTABLISHED) {
                    out.ud(FfmVerbs.readAh(ev, CM_EVENT_UD_AH_ATTR), ev.get(JAVA_INT, CM_EVENT_UD_QP_NUM), ev.get(JAVA_INT, CM_EVENT_UD_QKEY));
                }
                return true;
            } finally {
                RdmaCm.ackCmEvent(ev);
            }
        }
    }

    /** Destroys every id still open and the event channel. */
    void close() {
        for (Id id : ids.values().toArray(new Id[0])) {
            try {
                destroyId(id);
            } catch (VerbsException ignored) {
                // keep closing the rest
            }
        }
        RdmaCm.destroyEventChannel(channel);
    }
}
