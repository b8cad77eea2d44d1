package org.margay.rdma.verbs.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.margay.rdma.verbs.ffm.IbvLayout.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.AddressHandle;
import org.margay.rdma.verbs.AhAttributes;
import org.margay.rdma.verbs.CompletionBatch;
import org.margay.rdma.verbs.CompletionQueue;
import org.margay.rdma.verbs.ConnectionManager;
import org.margay.rdma.verbs.DeviceInfo;
import org.margay.rdma.verbs.Gid;
import org.margay.rdma.verbs.MemoryRegion;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.QpAttributes;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.SendRequest;
import org.margay.rdma.verbs.Verbs;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.VerbsException;

/**
 * {@link Verbs} over rdma-core through FFM: libibverbs for resources, the shim for the inline data-path verbs, and
 * librdmacm ({@link FfmConnectionManager}) for connections. The device context is librdmacm's own (from
 * {@code rdma_get_devices}), so protection domains made here can be used with connection-manager ids; when
 * librdmacm cannot give one, the context comes from {@code ibv_open_device} and connection management is
 * unavailable.
 *
 * <h2>Data path</h2>
 * {@link #postSend}, {@link #postRecv} and {@link #pollCq} go through {@link WorkRequests}: native structs
 * preallocated once per device, filled or read at the offsets of {@link IbvLayout}, and the shim's inline verbs.
 *
 * <p>Single-threaded, like the library OS over it.
 */
public final class FfmVerbs implements Verbs {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment context;
    private final boolean ownsContext;
    private final String cmUnavailable;
    private final DeviceInfo info;
    private final MemorySegment state;
    private final WorkRequests workRequests;
    private final MemorySegment qpAttr;
    private final MemorySegment initAttr;
    private final MemorySegment ahAttr;
    private FfmConnectionManager cm;
    private boolean closed;

    private FfmVerbs(String name, MemorySegment context, boolean ownsContext, String cmUnavailable) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.cmUnavailable = cmUnavailable;
        this.state = arena.allocate(Ibv.CAPTURE_LAYOUT);
        this.workRequests = new WorkRequests(arena);
        this.qpAttr = arena.allocate(QP_ATTR_SIZE, 8);
        this.initAttr = arena.allocate(QP_INIT_ATTR_SIZE, 8);
        this.ahAttr = arena.allocate(AH_ATTR_SIZE, 8);
        this.info = query(name);
    }

    /** Opens device {@code name} (the caller checked that it exists). */
    static FfmVerbs open(String name) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment st = temp.allocate(Ibv.CAPTURE_LAYOUT);
            MemorySegment num = temp.allocate(JAVA_INT);
            MemorySegment list = RdmaCm.getDevices(st, num);
            String cmProblem;
            if (!list.equals(MemorySegment.NULL)) {
                try {
                    MemorySegment contexts = list.reinterpret(ADDRESS.byteSize() * Math.max(1, num.get(JAVA_INT, 0)));
                    for (int i = 0; i < num.get(JAVA_INT, 0); i++) {
                        MemorySegment ctx = contexts.getAtIndex(ADDRESS, i);
                        MemorySegment device = ctx.reinterpret(ADDRESS.byteSize()).get(ADDRESS, CONTEXT_DEVICE);
                        if (Ibv.deviceName(device).equals(name)) {
                            return new FfmVerbs(name, ctx, false, null);
                        }
                    }
                } finally {
                    RdmaCm.freeDevices(list);
                }
                cmProblem = "librdmacm does not list device " + name;
            } else {
                cmProblem = "rdma_get_devices failed (errno " + Ibv.errno(st) + " " + Errno.name(Ibv.errno(st))
                        + "): the RDMA connection manager (/dev/infiniband/rdma_cm) is unavailable";
            }
            MemorySegment devices = Ibv.getDeviceList(st, num);
            if (devices.equals(MemorySegment.NULL)) {
                throw new RdmaUnavailableException(RdmaCore.noDevice(Ibv.errno(st)));
            }
            try {
                MemorySegment all = devices.reinterpret(ADDRESS.byteSize() * Math.max(1, num.get(JAVA_INT, 0)));
                for (int i = 0; i < num.get(JAVA_INT, 0); i++) {
                    MemorySegment device = all.getAtIndex(ADDRESS, i);
                    if (Ibv.deviceName(device).equals(name)) {
                        MemorySegment ctx = Ibv.openDevice(st, device);
                        if (ctx.equals(MemorySegment.NULL)) {
                            throw new VerbsException(Ibv.errno(st), "ibv_open_device(" + name + ") failed");
                        }
                        return new FfmVerbs(name, ctx, true, cmProblem);
                    }
                }
            } finally {
                Ibv.freeDeviceList(devices);
            }
            throw new RdmaUnavailableException("no RDMA device named " + name);
        }
    }

    private DeviceInfo query(String name) {
        MemorySegment attr = arena.allocate(DEVICE_ATTR_SIZE, 8);
        int rc = Ibv.queryDevice(context, attr);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_query_device(" + name + ") failed");
        }
        MemorySegment port = arena.allocate(PORT_ATTR_SIZE, 8);
        rc = Ibv.queryPort(context, 1, port);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_query_port(" + name + ", 1) failed");
        }
        MemorySegment gid = arena.allocate(GID_SIZE);
        int ipv4 = 0;
        if (Ibv.queryGid(context, 1, 0, gid) == 0) {
            byte[] g = gid.toArray(JAVA_BYTE);
            ipv4 = Gid.isIpv4(g) ? Gid.ipv4(g) : 0;
        }
        return new DeviceInfo(name, attr.get(JAVA_INT, DEVICE_ATTR_MAX_QP_WR), attr.get(JAVA_INT, DEVICE_ATTR_MAX_SGE),
                attr.get(JAVA_INT, DEVICE_ATTR_MAX_CQE), attr.get(JAVA_LONG, DEVICE_ATTR_MAX_MR_SIZE),
                port.get(JAVA_INT, PORT_ATTR_ACTIVE_MTU), ipv4);
    }

    @Override
    public DeviceInfo device() {
        return info;
    }

    // ------------------------------------------------------------------ handles

    /** A protection domain. */
    static final class Pd implements ProtectionDomain {
        final MemorySegment ptr;

        Pd(MemorySegment ptr) {
            this.ptr = ptr;
        }
    }

    /** A registered region. */
    static final class Mr implements MemoryRegion {
        final MemorySegment ptr;
        private final int lkey;
        private final int rkey;
        private final long address;
        private final long length;

        Mr(MemorySegment ptr) {
            this.ptr = ptr.reinterpret(MR_READ_SIZE);
            this.lkey = this.ptr.get(JAVA_INT, MR_LKEY);
            this.rkey = this.ptr.get(JAVA_INT, MR_RKEY);
            this.address = this.ptr.get(ADDRESS, MR_ADDR).address();
            this.length = this.ptr.get(JAVA_LONG, MR_LENGTH);
        }

        @Override
        public int lkey() {
            return lkey;
        }

        @Override
        public int rkey() {
            return rkey;
        }

        @Override
        public long address() {
            return address;
        }

        @Override
        public long length() {
            return length;
        }
    }

    /** A completion queue. */
    static final class Cq implements CompletionQueue {
        final MemorySegment ptr;
        private final int capacity;

        Cq(MemorySegment ptr, int capacity) {
            this.ptr = ptr;
            this.capacity = capacity;
        }

        @Override
        public int capacity() {
            return capacity;
        }
    }

    /** A queue pair; its state is read from {@code struct ibv_qp}, which libibverbs keeps current. */
    static final class Qp implements QueuePair {
        final MemorySegment ptr;
        private final QpType type;
        private final int qpNum;

        Qp(MemorySegment ptr, QpType type) {
            this.ptr = ptr.reinterpret(QP_READ_SIZE);
            this.type = type;
            this.qpNum = this.ptr.get(JAVA_INT, QP_QP_NUM);
        }

        @Override
        public int qpNum() {
            return qpNum;
        }

        @Override
        public QpType type() {
            return type;
        }

        @Override
        public QpState state() {
            return QpState.of(ptr.get(JAVA_INT, QP_STATE));
        }
    }

    /** An address handle. */
    static final class Ah implements AddressHandle {
        final MemorySegment ptr;

        Ah(MemorySegment ptr) {
            this.ptr = ptr;
        }
    }

    // ------------------------------------------------------------------ control path

    @Override
    public ProtectionDomain allocPd() {
        checkOpen();
        MemorySegment pd = Ibv.allocPd(state, context);
        if (pd.equals(MemorySegment.NULL)) {
            throw new VerbsException(Ibv.errno(state), "ibv_alloc_pd failed");
        }
        return new Pd(pd);
    }

    @Override
    public MemoryRegion register(ProtectionDomain pd, MemorySegment region, int access) {
        checkOpen();
        MemorySegment mr = Ibv.regMr(state, ((Pd) pd).ptr, region, region.byteSize(), access);
        if (mr.equals(MemorySegment.NULL)) {
            throw new VerbsException(Ibv.errno(state), "ibv_reg_mr of " + region.byteSize() + " bytes failed (is RLIMIT_MEMLOCK too low?)");
        }
        return new Mr(mr);
    }

    @Override
    public CompletionQueue createCq(int entries) {
        checkOpen();
        MemorySegment cq = Ibv.createCq(state, context, entries);
        if (cq.equals(MemorySegment.NULL)) {
            throw new VerbsException(Ibv.errno(state), "ibv_create_cq(" + entries + ") failed");
        }
        return new Cq(cq, entries);
    }

    @Override
    public QueuePair createQp(ProtectionDomain pd, QpInitAttributes init) {
        checkOpen();
        fillInit(init);
        MemorySegment qp = Ibv.createQp(state, ((Pd) pd).ptr, initAttr);
        if (qp.equals(MemorySegment.NULL)) {
            throw new VerbsException(Ibv.errno(state), "ibv_create_qp(" + init.type() + ") failed");
        }
        return new Qp(qp, init.type());
    }

    /** Fills the native {@code ibv_qp_init_attr} scratch from {@code init}; for this package's connection manager. */
    MemorySegment fillInit(QpInitAttributes init) {
        initAttr.fill((byte) 0);
        initAttr.set(ADDRESS, QP_INIT_SEND_CQ, ((Cq) init.sendCq()).ptr);
        initAttr.set(ADDRESS, QP_INIT_RECV_CQ, ((Cq) init.recvCq()).ptr);
        initAttr.set(JAVA_INT, QP_INIT_MAX_SEND_WR, init.maxSendWr());
        initAttr.set(JAVA_INT, QP_INIT_MAX_RECV_WR, init.maxRecvWr());
        initAttr.set(JAVA_INT, QP_INIT_MAX_SEND_SGE, init.maxSendSge());
        initAttr.set(JAVA_INT, QP_INIT_MAX_RECV_SGE, init.maxRecvSge());
        initAttr.set(JAVA_INT, QP_INIT_MAX_INLINE_DATA, init.maxInlineData());
        initAttr.set(JAVA_INT, QP_INIT_QP_TYPE, init.type().value());
        initAttr.set(JAVA_INT, QP_INIT_SQ_SIG_ALL, init.signalAll() ? 1 : 0);
        return initAttr;
    }

    @Override
    public void modifyQp(QueuePair queuePair, QpAttributes a) {
        checkOpen();
        Qp qp = (Qp) queuePair;
        int mask = a.mask();
        qpAttr.fill((byte) 0);
        qpAttr.set(JAVA_INT, QP_ATTR_QP_STATE, a.state().value());
        qpAttr.set(JAVA_INT, QP_ATTR_PATH_MTU, a.pathMtu());
        qpAttr.set(JAVA_INT, QP_ATTR_QKEY, a.qkey());
        qpAttr.set(JAVA_INT, QP_ATTR_RQ_PSN, a.rqPsn());
        qpAttr.set(JAVA_INT, QP_ATTR_SQ_PSN, a.sqPsn());
        qpAttr.set(JAVA_INT, QP_ATTR_DEST_QP_NUM, a.destQpNum());
        qpAttr.set(JAVA_INT, QP_ATTR_QP_ACCESS_FLAGS, a.accessFlags());
        if ((mask & VerbsConstants.QP_AV) != 0) {
            writeAh(qpAttr, QP_ATTR_AH_ATTR, a.path());
        }
        qpAttr.set(JAVA_SHORT, QP_ATTR_PKEY_INDEX, (short) a.pkeyIndex());
        qpAttr.set(JAVA_BYTE, QP_ATTR_MAX_RD_ATOMIC, (byte) a.maxRdAtomic());
        qpAttr.set(JAVA_BYTE, QP_ATTR_MAX_DEST_RD_ATOMIC, (byte) a.maxDestRdAtomic());
        qpAttr.set(JAVA_BYTE, QP_ATTR_MIN_RNR_TIMER, (byte) a.minRnrTimer());
        qpAttr.set(JAVA_BYTE, QP_ATTR_PORT_NUM, (byte) a.portNum());
        qpAttr.set(JAVA_BYTE, QP_ATTR_TIMEOUT, (byte) a.timeout());
        qpAttr.set(JAVA_BYTE, QP_ATTR_RETRY_CNT, (byte) a.retryCount());
        qpAttr.set(JAVA_BYTE, QP_ATTR_RNR_RETRY, (byte) a.rnrRetry());
        int rc = Ibv.modifyQp(qp.ptr, qpAttr, mask);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_modify_qp(qp 0x" + Integer.toHexString(qp.qpNum()) + " → " + a.state() + ") failed");
        }
    }

    /** Writes an {@code ibv_ah_attr} for a global (routed) path at {@code base}. */
    static void writeAh(MemorySegment s, long base, AhAttributes a) {
        s.asSlice(base, AH_ATTR_SIZE).fill((byte) 0);
        MemorySegment.copy(a.dgid(), 0, s, JAVA_BYTE, base + AH_GRH_DGID, (int) GID_SIZE);
        s.set(JAVA_BYTE, base + AH_GRH_SGID_INDEX, (byte) a.sgidIndex());
        s.set(JAVA_BYTE, base + AH_GRH_HOP_LIMIT, (byte) a.hopLimit());
        s.set(JAVA_BYTE, base + AH_SL, (byte) a.sl());
        s.set(JAVA_BYTE, base + AH_IS_GLOBAL, (byte) 1);
        s.set(JAVA_BYTE, base + AH_PORT_NUM, (byte) a.portNum());
    }

    /** Reads an {@code ibv_ah_attr} at {@code base}. */
    static AhAttributes readAh(MemorySegment s, long base) {
        byte[] dgid = s.asSlice(base + AH_GRH_DGID, GID_SIZE).toArray(JAVA_BYTE);
        return new AhAttributes(dgid, s.get(JAVA_BYTE, base + AH_GRH_SGID_INDEX) & 0xFF, s.get(JAVA_BYTE, base + AH_GRH_HOP_LIMIT) & 0xFF,
                s.get(JAVA_BYTE, base + AH_SL) & 0xFF, s.get(JAVA_BYTE, base + AH_PORT_NUM) & 0xFF);
    }

    @Override
    public AddressHandle createAh(ProtectionDomain pd, AhAttributes attributes) {
        checkOpen();
        writeAh(ahAttr, 0, attributes);
        MemorySegment ah = Ibv.createAh(state, ((Pd) pd).ptr, ahAttr);
        if (ah.equals(MemorySegment.NULL)) {
            throw new VerbsException(Ibv.errno(state), "ibv_create_ah failed");
        }
        return new Ah(ah);
    }

    // ------------------------------------------------------------------ data path

    @Override
    public int postSend(QueuePair queuePair, SendRequest r) {
        return workRequests.postSend((Qp) queuePair, r);
    }

    @Override
    public int postRecv(QueuePair queuePair, long wrId, long address, int length, int lkey) {
        return workRequests.postRecv((Qp) queuePair, wrId, address, length, lkey);
    }

    @Override
    public int pollCq(CompletionQueue cq, CompletionBatch out) {
        return workRequests.pollCq((Cq) cq, out);
    }

    // ------------------------------------------------------------------ destruction

    @Override
    public void destroyQp(QueuePair qp) {
        int rc = Ibv.destroyQp(((Qp) qp).ptr);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_destroy_qp failed");
        }
    }

    @Override
    public void destroyAh(AddressHandle ah) {
        int rc = Ibv.destroyAh(((Ah) ah).ptr);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_destroy_ah failed");
        }
    }

    @Override
    public void destroyCq(CompletionQueue cq) {
        int rc = Ibv.destroyCq(((Cq) cq).ptr);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_destroy_cq failed");
        }
    }

    @Override
    public void deregister(MemoryRegion mr) {
        int rc = Ibv.deregMr(((Mr) mr).ptr);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_dereg_mr failed");
        }
    }

    @Override
    public void deallocPd(ProtectionDomain pd) {
        int rc = Ibv.deallocPd(((Pd) pd).ptr);
        if (rc != 0) {
            throw new VerbsException(rc, "ibv_dealloc_pd failed");
        }
    }

    @Override
    public ConnectionManager connectionManager() {
        checkOpen();
        if (cm == null) {
            if (cmUnavailable != null) {
                throw new RdmaUnavailableException(cmUnavailable);
            }
            cm = new FfmConnectionManager(this);
        }
        return cm;
    }

    /** The captured-errno scratch, for the connection manager. */
    MemorySegment errnoState() {
        return state;
    }

    /** The device's arena, for the connection manager's scratch. */
    Arena arena() {
        return arena;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (cm != null) {
                cm.close();
            }
            if (ownsContext) {
                Ibv.closeDevice(context);
            }
        } finally {
            arena.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new VerbsException(Errno.ENODEV, "device " + info.name() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "FfmVerbs[" + info.name() + "]";
    }
}
